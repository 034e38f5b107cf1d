package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.MannKendall;
import io.perceive.analytics.stats.WeakAreas;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a manager asks of the numbers: is this trend real or noise ({@code /api/v1/trend-tests},
 * Mann-Kendall with Sen's slope per service), and which services are below the rest of the
 * organisation ({@code /api/v1/weak-areas}, two-proportion tests with Benjamini-Hochberg). Both read
 * rollups only.
 */
public final class InsightsHandler {

  static final double DEFAULT_ALPHA = 0.05;

  private final RollupRepository rollups;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;

  public InsightsHandler(RollupRepository rollups, PerceiveConfig.Analytics analytics, Clock clock) {
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.analytics = Objects.requireNonNull(analytics, "analytics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void mount(Router router) {
    router.get("/api/v1/trend-tests").handler(this::trendTests);
    router.get("/api/v1/weak-areas").handler(this::weakAreas);
  }

  void trendTests(RoutingContext ctx) {
    Metric metric =
        Metric.parse(QueryParams.single(ctx, "metric", "csat"))
            .orElseThrow(() -> new BadInputException("metric", "metric must be one of: " + Metric.allowed()));
    Interval interval = QueryParams.interval(ctx);
    double alpha = QueryParams.level(ctx, "alpha", DEFAULT_ALPHA);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    rollups
        .totals(interval, services, range.from().toEpochMilli(), range.to().toEpochMilli())
        .onSuccess(buckets -> Json.send(ctx, 200, trendRows(metric, interval, alpha, buckets)))
        .onFailure(ctx::fail);
  }

  private JsonArray trendRows(Metric metric, Interval interval, double alpha, List<BucketTotals> buckets) {
    Map<String, List<BucketTotals>> byService = new LinkedHashMap<>();
    for (BucketTotals b : buckets) {
      byService.computeIfAbsent(b.service(), k -> new ArrayList<>()).add(b);
    }
    JsonArray rows = new JsonArray();
    byService.forEach(
        (service, series) -> {
          List<double[]> points = new ArrayList<>();
          long n = 0;
          for (BucketTotals b : series) {
            Estimate e = metric.estimate(b.totals(), analytics.confidence(), analytics.minN());
            n += b.totals().n();
            if (!e.suppressed()) {
              points.add(new double[] {b.bucketStart(), e.value()});
            }
          }
          JsonObject row =
              new JsonObject()
                  .put("service", service)
                  .put("metric", metric.label())
                  .put("interval", interval.label())
                  .put("points", points.size())
                  .put("n", n);
          if (points.size() < 3) {
            // Fewer than three shown buckets: no test, and nothing a panel should draw.
            rows.add(
                row.put("direction", "insufficient data")
                    .putNull("pValue")
                    .putNull("tau")
                    .putNull("slopePerInterval")
                    .put("suppressed", true));
            return;
          }
          double bucketMillis = switch (interval) {
            case DAY -> 86_400_000d;
            case WEEK -> 7 * 86_400_000d;
            case MONTH -> 30.436875 * 86_400_000d;
          };
          double[] x = points.stream().mapToDouble(p -> p[0] / bucketMillis).toArray();
          double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
          MannKendall.Result r = MannKendall.test(x, y);
          rows.add(
              row.put("direction", r.direction(alpha))
                  .put("pValue", r.pValue())
                  .put("tau", r.tau())
                  .put("slopePerInterval", r.senSlope())
                  .put("suppressed", false));
        });
    return rows;
  }

  void weakAreas(RoutingContext ctx) {
    String metric = QueryParams.single(ctx, "metric", "csat");
    if (!metric.equals("csat")) {
      throw new BadInputException("metric", "weak areas are computed for: csat");
    }
    double fdr = QueryParams.level(ctx, "fdr", DEFAULT_ALPHA);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    rollups
        .totals(Interval.MONTH, Set.of(), range.from().toEpochMilli(), range.to().toEpochMilli())
        .onSuccess(buckets -> Json.send(ctx, 200, weakRows(buckets, fdr)))
        .onFailure(ctx::fail);
  }

  private JsonArray weakRows(List<BucketTotals> buckets, double fdr) {
    Map<String, Totals> perService = new LinkedHashMap<>();
    for (BucketTotals b : buckets) {
      perService.merge(b.service(), b.totals(), Totals::plus);
    }
    List<WeakAreas.Segment> segments =
        perService.entrySet().stream()
            .map(e -> new WeakAreas.Segment(e.getKey(), e.getValue().satisfied(), e.getValue().n()))
            .toList();
    JsonArray rows = new JsonArray();
    for (WeakAreas.Finding f : WeakAreas.rank(segments, analytics.confidence(), analytics.minN(), fdr)) {
      rows.add(
          new JsonObject()
              .put("service", f.name())
              .put("metric", "csat")
              .put("value", f.estimate().value())
              .put("lower", f.estimate().lower())
              .put("upper", f.estimate().upper())
              .put("n", f.estimate().n())
              .put("rest", f.rest())
              .put("gap", f.gap())
              .put("pValue", f.pValue())
              .put("qValue", f.qValue())
              .put("impact", f.impact())
              .put("weak", f.weak()));
    }
    return rows;
  }
}
