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

  /**
   * The longest a request may go unanswered before it gets a 503 with {@code Retry-After}: a
   * store that stops answering, or a fault that loses a reply, must cost the client a retry, never
   * a hang. Imports stream files of any size and are exempt.
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
                .setMaxFormAttributeSize(64 * 1024));
    return server.requestHandler(router).listen();
  }

  private void deadline(RoutingContext ctx) {
    if (!ctx.request().path().startsWith("/api/v1/imports")) {
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
