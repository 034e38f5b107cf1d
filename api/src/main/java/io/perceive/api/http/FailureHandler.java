package io.perceive.api.http;

import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.InFlightLimit.AtCapacityException;
import io.perceive.ingest.store.StoreUnavailableException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: a problem+json body with the right status.
 * A 5xx is logged here once, and its detail never reaches the client.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  static final String RETRY_AFTER_SECONDS = "5";

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx.failure(), ctx.statusCode());
    if (problem.status() >= 500) {
      if (problem.status() == 503) {
        LOG.warn("service unavailable [method: {}, path: {}, reason: {}]", ctx.request().method(), ctx.normalizedPath(), problem.detail());
      } else {
        LOG.error("request failed [method: {}, path: {}]", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
      }
    }
    send(ctx, problem);
  }

  /**
   * The one mapping of failures to statuses, for the API's problem+json and the survey's pages:
   * {@code statusCode} is the route's status when it failed without an exception.
   */
  public static Problem toProblem(Throwable failure, int statusCode) {
    if (failure instanceof BadInputException bad) {
      return new Problem(400, "Bad Request", bad.getMessage(), bad.field());
    }
    if (failure instanceof DecodeException) {
      return new Problem(400, "Bad Request", "the body is not valid JSON", "body");
    }
    if (failure instanceof HttpException http) {
      return new Problem(http.status(), title(http.status()), http.getMessage(), http.field());
    }
    if (failure instanceof io.vertx.ext.web.handler.HttpException web) {
      int status = web.getStatusCode();
      return new Problem(status, title(status), detail(status), null);
    }
    if (failure instanceof StoreUnavailableException) {
      return new Problem(503, title(503), "the store is unavailable; retry later", null);
    }
    if (failure instanceof AtCapacityException full) {
      return new Problem(503, title(503), full.getMessage(), null);
    }
    if (isUndecodableForm(failure)) {
      return new Problem(400, "Bad Request", "the form body is malformed", "body");
    }
    if (failure == null && statusCode >= 400 && statusCode < 500) {
      return new Problem(statusCode, title(statusCode), detail(statusCode), null);
    }
    return new Problem(500, title(500), "an internal error occurred; it has been logged", null);
  }

  /** Netty's form decoder rejects bad percent-encoding with an exception the client caused. */
  private static boolean isUndecodableForm(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().startsWith("io.netty.handler.codec.http.multipart.")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Writes a problem, unless an answer has already started. */
  public static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.CONTENT_TYPE);
    if (problem.status() == 503) {
      retryAfter(response);
    }
    response.end(problem.toJson(ctx.request().path()).encode());
  }

  /** A 503 says when to come back: the store or the ingest bound is expected back soon. */
  public static void retryAfter(HttpServerResponse response) {
    response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
  }

  /** The reason phrases of the statuses this server answers with (RFC 9110's wording). */
  private static final Map<Integer, String> TITLES =
      Map.ofEntries(
          Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
          Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"), Map.entry(429, "Too Many Requests"), Map.entry(503, "Service Unavailable"));

  static String title(int status) {
    return TITLES.getOrDefault(status, status >= 500 ? "Internal Server Error" : "Client Error");
  }

  static String detail(int status) {
    return switch (status) {
      case 404 -> "no such resource";
      case 405 -> "this method is not allowed on this resource";
      case 413 -> "the body is larger than this server accepts";
      case 415 -> "the body must be application/json";
      default -> title(status).toLowerCase(java.util.Locale.ROOT);
    };
  }
}
