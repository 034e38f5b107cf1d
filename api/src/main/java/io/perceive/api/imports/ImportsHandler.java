package io.perceive.api.imports;

import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.importer.ImportFormat;
import io.perceive.ingest.importer.ImportSession;
import io.perceive.ingest.response.InFlightLimit;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.ResponseParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/imports}: a CSV ({@code text/csv}) or JSON Lines
 * ({@code application/x-ndjson}) file of any size in the body, streamed: the request is paused
 * while a batch is stored, so memory stays bounded and a slow store slows the upload. Bad rows are
 * reported with their line and field, good rows are kept; the answer is the import's report.
 * {@code ?source=NAME} names the source of rows that carry none (default {@code import}).
 */
public final class ImportsHandler {

  static final int BATCH = 500;
  static final long PERMIT_WAIT_MS = 10_000;

  private final Vertx vertx;
  private final ResponseParser parser;
  private final IngestService ingest;
  private final InFlightLimit limit;

  public ImportsHandler(Vertx vertx, ResponseParser parser, IngestService ingest, InFlightLimit limit) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  public void mount(Router router) {
    // Ahead of the body handler (order 0), which would hold the whole body in memory.
    router.post("/api/v1/imports").order(-1).handler(this::post);
  }

  void post(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    ImportFormat format;
    String source;
    try {
      format =
          ImportFormat.ofMediaType(request.getHeader("Content-Type"))
              .orElseThrow(() -> new HttpException(415, "an import is text/csv or application/x-ndjson (JSON Lines)", "Content-Type"));
      source = source(ctx);
    } catch (RuntimeException e) {
      failDraining(ctx, e);
      return;
    }
    ImportSession session = new ImportSession(parser, ingest, format, source, BATCH);
    boolean[] failed = {false};
    request.handler(
        chunk -> {
          if (failed[0]) {
            return;
          }
          try {
            byte[] bytes = chunk.getBytes();
            session.feed(bytes, 0, bytes.length);
          } catch (RuntimeException e) {
            failed[0] = true;
            failDraining(ctx, e);
            return;
          }
          if (session.pending() >= BATCH) {
            request.pause();
            withPermits(session.pending(), session::flushIfFull)
                .onSuccess(v -> request.resume())
                .onFailure(
                    err -> {
                      failed[0] = true;
                      failDraining(ctx, err);
                    });
          }
        });
    request.exceptionHandler(
        err -> {
          if (!failed[0]) {
            failed[0] = true;
            ctx.fail(400, err);
          }
        });
    request.endHandler(
        v -> {
          if (failed[0]) {
            return;
          }
          Future<io.perceive.ingest.importer.ImportReport> report;
          try {
            report = withPermits(Math.max(1, session.pending()), session::finish);
          } catch (RuntimeException e) {
            ctx.fail(e);
            return;
          }
          report.onSuccess(r -> Json.send(ctx, 200, r.toJson())).onFailure(ctx::fail);
        });
    // The router may have paused the request for a body handler that does not run here.
    request.resume();
  }

  /**
   * Answers with the failure and reads the rest of the body into nothing: a request left paused
   * would stall every later request on its keep-alive connection.
   */
  private static void failDraining(RoutingContext ctx, Throwable err) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      request.handler(chunk -> {});
      request.endHandler(v -> {});
      request.resume();
    }
    ctx.fail(err);
  }

  /** Waits (paused, not queued) for room in the in-flight bound; a 503 if none comes in time. */
  private <T> Future<T> withPermits(int permits, Supplier<Future<T>> work) {
    return limit.admit(vertx, permits, PERMIT_WAIT_MS, work);
  }

  private static String source(RoutingContext ctx) {
    List<String> values = ctx.queryParam("source");
    if (values.isEmpty()) {
      return ImportSession.defaultSource();
    }
    String value = values.get(0).strip();
    if (values.size() > 1 || value.isEmpty() || value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException("source", "source must be given once, 1 to 200 printable characters");
    }
    return value;
  }
}
