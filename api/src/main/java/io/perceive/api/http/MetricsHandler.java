package io.perceive.api.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import java.util.Objects;

/** {@code GET /metrics}: the pipeline's own health in Prometheus text format. */
public final class MetricsHandler {

  private final PrometheusMeterRegistry registry;

  public MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public void mount(Router router) {
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape()));
  }
}
