package io.perceive.api.trends;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.stats.Estimate;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Trends for Grafana's Infinity datasource: a root array of long-format rows, one per service and
 * time bucket, each with its value, confidence bounds and n. Cells under the minimum n are
 * returned as suppressed rows without a value, so a panel shows a gap rather than noise.
 */
public final class TrendsHandler {

  private final RollupRepository rollups;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;

  public TrendsHandler(RollupRepository rollups, PerceiveConfig.Analytics analytics, Clock clock) {
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.analytics = Objects.requireNonNull(analytics, "analytics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void mount(Router router) {
    router.get("/api/v1/trends").handler(this::trends);
    router.get("/api/v1/services").handler(this::services);
  }

  void trends(RoutingContext ctx) {
    Metric metric =
        Metric.parse(QueryParams.single(ctx, "metric", "csat"))
            .orElseThrow(() -> new BadInputException("metric", "metric must be one of: " + Metric.allowed()));
    Interval interval =
        Interval.parse(QueryParams.single(ctx, "interval", "week"))
            .orElseThrow(() -> new BadInputException("interval", "interval must be one of: " + Interval.allowed()));
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    rollups
        .totals(interval, services, range.from().toEpochMilli(), range.to().toEpochMilli())
        .onSuccess(buckets -> Json.send(ctx, 200, rows(metric, buckets)))
        .onFailure(ctx::fail);
  }

  void services(RoutingContext ctx) {
    rollups
        .services()
        .onSuccess(
            names -> {
              JsonArray rows = new JsonArray();
              names.forEach(name -> rows.add(new JsonObject().put("service", name)));
              Json.send(ctx, 200, rows);
            })
        .onFailure(ctx::fail);
  }

  private JsonArray rows(Metric metric, List<BucketTotals> buckets) {
    JsonArray rows = new JsonArray();
    for (BucketTotals b : buckets) {
      Estimate e = metric.estimate(b.totals(), analytics.confidence(), analytics.minN());
      rows.add(
          new JsonObject()
              .put("time", b.bucketStart())
              .put("service", b.service())
              .put("metric", metric.label())
              .put("value", e.value())
              .put("lower", e.lower())
              .put("upper", e.upper())
              .put("n", e.n())
              .put("suppressed", e.suppressed()));
    }
    return rows;
  }
}
