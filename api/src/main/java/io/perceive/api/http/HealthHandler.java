package io.perceive.api.http;

import io.perceive.ingest.store.MongoStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Liveness ({@code /health}: the process answers) and readiness ({@code /ready}: the store
 * answers and the demo data, when asked for, is loaded).
 */
final class HealthHandler {

  private final MongoStore store;
  private final BooleanSupplier loaded;

  /** {@code loaded}: false while start-up work (the demo data) is still under way. */
  HealthHandler(MongoStore store, BooleanSupplier loaded) {
    this.store = Objects.requireNonNull(store, "store");
    this.loaded = Objects.requireNonNull(loaded, "loaded");
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
  }

  void health(RoutingContext ctx) {
    Json.send(ctx, 200, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    if (!loaded.getAsBoolean()) {
      // Expected while starting: answered here, not logged as a failure.
      FailureHandler.send(ctx, new Problem(503, "Service Unavailable", "still loading the demo data; retry later", null));
      return;
    }
    store
        .ping()
        .onSuccess(v -> Json.send(ctx, 200, new JsonObject().put("status", "READY")))
        .onFailure(ctx::fail);
  }
}
