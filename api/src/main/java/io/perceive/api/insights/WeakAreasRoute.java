package io.perceive.api.insights;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.stats.WeakAreas;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/v1/weak-areas}: which services (or, with {@code by=group|agent|type|provider},
 * support groups, agents, ticket types or providers) are below the rest of the organisation, each against all others pooled on a
 * proportion (two-proportion tests with Benjamini-Hochberg across them). For {@code csat} the
 * share of ratings 4-5; for {@code sentiment} or a competency dimension the share of comment
 * mentions that are not negative, so "which services do customers call rude more often than the
 * rest" is one query.
 */
record WeakAreasRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String metric = QueryParams.single(ctx, "metric", "csat");
    double fdr = QueryParams.level(ctx, "fdr", TrendTestsRoute.DEFAULT_ALPHA);
    // Only the weak services: what an alert rule wants (no row, no alert).
    boolean weakOnly = QueryParams.flag(ctx, "weakOnly", false);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    String by = QueryParams.single(ctx, "by", "service");
    Segment kind = TrendsRoute.segment(by);
    Measure measure;
    if (Measure.COMMENTS.contains(metric)) {
      measure = new Measure.Comment(metric);
    } else if (metric.equals("csat")) {
      measure = new Measure.Rating(Metric.CSAT);
    } else {
      throw new BadInputException("metric", "weak areas are computed for: csat, " + String.join(", ", Measure.COMMENTS));
    }
    String share = measure instanceof Measure.Comment ? "mentions not negative" : "ratings 4-5";
    Rows.send(
        ctx,
        reader
            .shares(measure, kind, range.from().toEpochMilli(), range.to().toEpochMilli())
            .map(segments -> rows(by, measure.label(), share, segments, fdr, weakOnly)));
  }

  JsonArray rows(
      String by, String metric, String share, List<WeakAreas.Segment> segments, double fdr, boolean weakOnly) {
    JsonArray rows = new JsonArray();
    for (WeakAreas.Finding f : WeakAreas.rank(segments, analytics.confidence(), analytics.minN(), fdr)) {
      if (weakOnly && !f.weak()) {
        continue;
      }
      JsonObject row = new JsonObject().put("by", by).put("segment", f.name());
      if (by.equals("service")) {
        row.put("service", f.name());
      }
      rows.add(
          Rows.estimate(row.put("metric", metric).put("share", share), f.estimate())
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
