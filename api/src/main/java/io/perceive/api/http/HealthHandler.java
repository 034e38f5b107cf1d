package io.perceive.api.http;

import io.perceive.ingest.store.MongoStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/** Liveness ({@code /health}: the process answers) and readiness ({@code /ready}: the store answers). */
public final class HealthHandler {

  private final MongoStore store;

  public HealthHandler(MongoStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  public void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
  }

  void health(RoutingContext ctx) {
    Json.send(ctx, 200, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    store
        .ping()
        .onSuccess(v -> Json.send(ctx, 200, new JsonObject().put("status", "READY")))
        .onFailure(ctx::fail);
  }
}
