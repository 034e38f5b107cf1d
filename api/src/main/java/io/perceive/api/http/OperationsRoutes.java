package io.perceive.api.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.perceive.ingest.store.MongoStore;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.function.Supplier;

/**
 * The routes for whoever runs Perceive rather than for its users: liveness and readiness
 * ({@code /health}, {@code /ready}), the start page ({@code /}) and the metrics ({@code /metrics}).
 */
public final class OperationsRoutes {

  /** What the start page and readiness report beside the store: demo loading and the scorer's state. */
  public record Status(boolean loaded, String loading, String scorer) {}

  private final HealthHandler health;
  private final HomeHandler home;
  private final MetricsHandler metrics;

  public OperationsRoutes(MongoStore store, Supplier<Status> status, String version, PrometheusMeterRegistry registry) {
    this.health = new HealthHandler(store, () -> status.get().loaded());
    this.home = new HomeHandler(store, status, version);
    this.metrics = new MetricsHandler(registry);
  }

  public void mount(Router router) {
    health.mount(router);
    home.mount(router);
    metrics.mount(router);
  }

  /** The process's meter registry, with the JVM's meters bound. */
  public static PrometheusMeterRegistry registry() {
    return MetricsHandler.registry();
  }

  /** Vert.x's own meters with route, method and status code labels. */
  public static MicrometerMetricsOptions vertxOptions() {
    return MetricsHandler.vertxOptions();
  }
}
