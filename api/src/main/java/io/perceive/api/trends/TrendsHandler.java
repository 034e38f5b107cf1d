package io.perceive.api.trends;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository;
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

  /** What comments say, from the score rollups: overall sentiment and the competency dimensions. */
  public static final List<String> COMMENT_MEASURES =
      List.of(
          MongoScoreRollupRepository.SENTIMENT,
          Dimension.COURTESY,
          Dimension.COMMUNICATION,
          Dimension.TIMELINESS,
          Dimension.RESOLUTION,
          Dimension.KNOWLEDGE);

  /** The rating metric of this name; a 400 naming {@code metric} and every allowed value if none. */
  public static Metric ratingMetric(String name) {
    return Metric.parse(name)
        .orElseThrow(
            () ->
                new BadInputException(
                    "metric", "metric must be one of: " + Metric.allowed() + ", " + String.join(", ", COMMENT_MEASURES)));
  }

  private final RollupRepository rollups;
  private final ScoreRollupRepository scoreRollups;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;

  public TrendsHandler(
      RollupRepository rollups, ScoreRollupRepository scoreRollups, PerceiveConfig.Analytics analytics, Clock clock) {
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.scoreRollups = Objects.requireNonNull(scoreRollups, "scoreRollups");
    this.analytics = Objects.requireNonNull(analytics, "analytics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void mount(Router router) {
    router.get("/api/v1/trends").handler(this::trends);
    router.get("/api/v1/services").handler(this::services);
  }

  void trends(RoutingContext ctx) {
    String name = QueryParams.single(ctx, "metric", "csat");
    if (COMMENT_MEASURES.contains(name)) {
      commentTrends(ctx, name);
      return;
    }
    Metric metric = ratingMetric(name);
    Interval interval = QueryParams.interval(ctx);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    rollups
        .totals(interval, services, range.from().toEpochMilli(), range.to().toEpochMilli())
        .onSuccess(buckets -> Json.send(ctx, 200, rows(metric, buckets)))
        .onFailure(ctx::fail);
  }

  /**
   * Mean phrase-level sentiment (-1..1) of what comments say about a measure, with a t interval,
   * and the share of negative mentions; buckets under the minimum n are suppressed.
   */
  private void commentTrends(RoutingContext ctx, String measure) {
    Interval interval = QueryParams.interval(ctx);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    scoreRollups
        .totals(measure, interval, services, range.from().toEpochMilli(), range.to().toEpochMilli())
        .onSuccess(
            buckets -> {
              JsonArray rows = new JsonArray();
              for (ScoreRollupRepository.MeasureTotals b : buckets) {
                rows.add(commentRow(measure, b).put("time", b.bucketStart()));
              }
              Json.send(ctx, 200, rows);
            })
        .onFailure(ctx::fail);
  }

  /** One row of a comment measure: value, bounds, n and the share of negative mentions. */
  JsonObject commentRow(String measure, ScoreRollupRepository.MeasureTotals b) {
    Estimate e = Intervals.mean(b.sum(), b.sumSq(), b.n(), analytics.confidence(), analytics.minN());
    Estimate negative = Intervals.wilson(b.negative(), b.n(), analytics.confidence(), analytics.minN());
    return new JsonObject()
        .put("service", b.service())
        .put("metric", measure)
        .put("value", e.value())
        .put("lower", e.lower())
        .put("upper", e.upper())
        .put("n", e.n())
        .put("negativeShare", negative.value())
        .put("suppressed", e.suppressed());
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
      JsonObject row =
          new JsonObject()
              .put("time", b.bucketStart())
              .put("service", b.service())
              .put("metric", metric.label())
              .put("value", e.value())
              .put("lower", e.lower())
              .put("upper", e.upper())
              .put("n", e.n())
              .put("suppressed", e.suppressed());
      // The service's target, so a panel can draw it beside the series.
      analytics.targets().target(b.service(), metric).ifPresent(t -> row.put("target", t));
      rows.add(row);
    }
    return rows;
  }
}
