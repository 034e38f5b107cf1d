package io.perceive.api.insights;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.stats.TrendTests;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Future;
import io.perceive.api.http.QueryParams;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/trend-tests}: is this trend real or noise? Per service, the Mann-Kendall test
 * with Sen's slope over the whole buckets of the range, on a rating metric or on the mean
 * phrase-level sentiment of what comments say, with the verdict on Benjamini-Hochberg q-values
 * across services ({@link TrendTests}).
 */
record TrendTestsRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  static final double DEFAULT_ALPHA = 0.05;

  @Override
  public void handle(RoutingContext ctx) {
    String name = QueryParams.single(ctx, "metric", "csat");
    Interval interval = QueryParams.interval(ctx);
    // "alpha" was this parameter's name before the verdict moved to q-values; both are accepted.
    double fdr = QueryParams.level(ctx, "fdr", QueryParams.level(ctx, "alpha", DEFAULT_ALPHA));
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    Rows.send(ctx, rows(Measure.parse(name), interval, fdr, services, from, to));
  }

  /** The test of each service's series of {@code measure} over the whole buckets of the range. */
  Future<JsonArray> rows(Measure measure, Interval interval, double fdr, Set<String> services, long from, long to) {
    return reader
        .series(measure, interval, services, from, to)
        .map(
            points -> {
              Map<String, List<TrendTests.Bucket>> series = new LinkedHashMap<>();
              for (MeasureReader.Point p : points) {
                TrendTests.Bucket bucket =
                    new TrendTests.Bucket(
                        p.bucketStart(), Buckets.end(interval, p.bucketStart(), analytics.zone()), p.estimate());
                series.computeIfAbsent(p.service(), k -> new ArrayList<>()).add(bucket);
              }
              return trendRows(measure.label(), interval, fdr, series, from, to);
            });
  }

  private static JsonArray trendRows(
      String metric, Interval interval, double fdr, Map<String, List<TrendTests.Bucket>> byService, long from, long to) {
    double bucketMillis = switch (interval) {
      case DAY -> 86_400_000d;
      case WEEK -> 7 * 86_400_000d;
      case MONTH -> 30.436875 * 86_400_000d;
    };
    JsonArray rows = new JsonArray();
    for (TrendTests.Row t : TrendTests.run(byService, from, to, bucketMillis, fdr)) {
      JsonObject row =
          new JsonObject()
              .put("service", t.key())
              .put("metric", metric)
              .put("interval", interval.label())
              .put("points", t.points())
              .put("n", t.n())
              .put("from", t.from())
              .put("to", t.to())
              .put("partialBucketsLeftOut", t.partialLeftOut())
              .put("direction", t.direction());
      if (t.test() == null) {
        // Fewer than three whole, shown buckets: no test, and nothing a panel should draw.
        rows.add(row.putNull("pValue").putNull("qValue").putNull("tau").putNull("slopePerInterval").put("suppressed", true));
      } else {
        rows.add(
            row.put("pValue", t.test().pValue())
                .put("qValue", t.qValue())
                .put("tau", t.test().tau())
                .put("slopePerInterval", t.test().senSlope())
                .put("suppressed", false));
      }
    }
    return rows;
  }
}
