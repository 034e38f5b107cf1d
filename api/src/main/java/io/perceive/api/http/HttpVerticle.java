package io.perceive.api.http;

import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HTTP server: body limits, the feature handlers' routes, and one failure handler. Handlers
 * arrive as mount functions, so this class knows no feature.
 */
public final class HttpVerticle extends VerticleBase {

  private final PerceiveConfig.Http config;
  private final List<Consumer<Router>> mounts;
  private HttpServer server;
  private Router router;
  /** Requests admitted and not yet answered (or abandoned by their client). */
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean stopping;

  /**
   * The longest a request may go unanswered before it gets a 503 with {@code Retry-After}: a
   * store that stops answering, or a fault that loses a reply, must cost the client a retry, never
   * a hang. Imports and exports stream files of any size and are exempt (an export's store
   * cursor fails on its own when the store goes away).
   */
  public static final long REQUEST_DEADLINE_MS = 30_000;

  private final long deadlineMs;

  public HttpVerticle(PerceiveConfig.Http config, List<Consumer<Router>> mounts) {
    this(config, mounts, REQUEST_DEADLINE_MS);
  }

  HttpVerticle(PerceiveConfig.Http config, List<Consumer<Router>> mounts, long deadlineMs) {
    this.config = Objects.requireNonNull(config, "config");
    this.mounts = List.copyOf(mounts);
    this.deadlineMs = deadlineMs;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    // First of all, the streaming import and the access check included.
    router.route().order(-20).handler(this::admit);
    router.route().handler(this::deadline);
    router
        .route()
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(config.maxBodyBytes())
                .setHandleFileUploads(false));
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    mounts.forEach(mount -> mount.accept(router));
    router.route().failureHandler(new FailureHandler());
    for (int status : new int[] {400, 404, 405, 406, 413, 415, 500}) {
      router.errorHandler(status, ctx -> FailureHandler.send(ctx, FailureHandler.toProblem(ctx.failure(), status)));
    }
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setCompressionSupported(true)
                // HTTP/1.1 only on cleartext: Vert.x 5.0.7's HTTP metrics log an ERROR (a
                // NullPointerException in requestReset) whenever an h2c client abandons a stream.
                // Grafana, Prometheus and browsers speak HTTP/1.1 here; HTTP/2 belongs behind TLS.
                .setHttp2ClearTextEnabled(false)
                .setMaxFormAttributeSize(64 * 1024));
    return server.requestHandler(router).listen();
  }

  /**
   * Counts the requests in flight; once the server is stopping, answers every new one, readiness
   * included, with a 503 (liveness still answers: the process is alive until it exits).
   */
  private void admit(RoutingContext ctx) {
    if (stopping && !ctx.request().path().equals("/health")) {
      ctx.response().putHeader("Connection", "close");
      FailureHandler.send(ctx, new Problem(503, "Service Unavailable", "this server is stopping; retry in a moment", null));
      return;
    }
    inFlight.incrementAndGet();
    ctx.addEndHandler(v -> inFlight.decrementAndGet());
    ctx.next();
  }

  /**
   * Stops taking requests (readiness answers 503 from now on), keeps doing so for at least
   * {@code readinessGrace} so that a load balancer sees it, and completes once the requests in
   * flight are answered or {@code limit} has passed, whichever is first. Then the port closes.
   */
  public Future<Integer> drain(java.time.Duration readinessGrace, java.time.Duration limit) {
    stopping = true;
    long start = System.nanoTime();
    io.vertx.core.Promise<Integer> drained = io.vertx.core.Promise.promise();
    // A chain of one-shot timers: Vert.x 5.0.7 can fire a periodic timer with a 1 ms first delay
    // before its handle is set, and cancelling it from its own handler then throws.
    checkDrained(start, readinessGrace.toNanos(), limit.toNanos(), drained);
    return drained.future().compose(left -> server.close().map(v -> left));
  }

  private void checkDrained(long start, long graceNanos, long limitNanos, io.vertx.core.Promise<Integer> drained) {
    long elapsed = System.nanoTime() - start;
    if ((inFlight.get() == 0 && elapsed >= graceNanos) || elapsed >= limitNanos) {
      drained.complete(inFlight.get());
    } else {
      vertx.setTimer(20, id -> checkDrained(start, graceNanos, limitNanos, drained));
    }
  }

  private void deadline(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!path.startsWith("/api/v1/imports") && !path.startsWith("/api/v1/exports")) {
      long timer =
          vertx.setTimer(
              deadlineMs,
              t -> {
                if (!ctx.response().headWritten() && !ctx.response().closed()) {
                  ctx.fail(new HttpException(503, "the request did not complete in time; retry later"));
                }
              });
      ctx.addEndHandler(v -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }

  /**
   * Every route with a path, as "METHOD path" ("* path" when it takes any method): what the
   * access test checks against its table.
   */
  public List<String> routes() {
    List<String> all = new java.util.ArrayList<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        continue;
      }
      String path = route.getPath() + (route.isExactPath() ? "" : "*");
      if (route.methods() == null || route.methods().isEmpty()) {
        all.add("* " + path);
      } else {
        route.methods().forEach(m -> all.add(m.name() + " " + path));
      }
    }
    return all.stream().distinct().sorted().toList();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
