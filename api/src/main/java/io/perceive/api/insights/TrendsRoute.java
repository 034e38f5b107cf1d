package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.analytics.stats.Estimate;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/trends}, for Grafana's Infinity datasource: a root array of long-format
 * rows, one per service and time bucket, each with its value, confidence bounds and n. Cells
 * under the minimum n are returned as suppressed rows without a value, so a panel shows a gap
 * rather than noise. Rows carry the service's target where it has one; what comments say carries
 * the share of negative mentions; lost time carries the hours lost in all. {@code by=group} or
 * {@code by=agent} gives the measure per support group or agent instead (a manager's), {@code
 * by=type} or {@code by=provider} per ticket type or provider.
 */
record TrendsRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Supplier<Future<Targets>> targets, Clock clock) implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Measure measure = Measure.parse(QueryParams.single(ctx, "metric", "csat"));
    Interval interval = QueryParams.interval(ctx);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    Segment by = segment(QueryParams.single(ctx, "by", "service"));
    if (by != null) {
      Rows.send(
          ctx,
          reader
              .segmentSeries(measure, by, interval, range.from().toEpochMilli(), range.to().toEpochMilli())
              .map(points -> segmentRows(by, measure, points)));
      return;
    }
    Rows.send(
        ctx,
        targets.get()
            .compose(held -> reader
                .series(measure, interval, services, range.from().toEpochMilli(), range.to().toEpochMilli())
                .map(points -> rows(held, measure, points))));
  }

  /** The segment {@code by} names: null for services. */
  static Segment segment(String by) {
    if (by.equals("service")) {
      return null;
    }
    return Arrays.stream(Segment.values())
        .filter(k -> k.label().equals(by))
        .findFirst()
        .orElseThrow(() -> new BadInputException("by", "by must be one of: service, "
            + String.join(", ", Arrays.stream(Segment.values()).map(Segment::label).toList())));
  }

  /**
   * One row per segment (support group, agent, ticket type, provider) and bucket: {@code by}, {@code segment}, the estimate;
   * under the minimum n suppressed, so nobody is ranked on two answers.
   */
  private static JsonArray segmentRows(Segment by, Measure measure, List<MeasureReader.Point> points) {
    JsonArray rows = new JsonArray();
    for (MeasureReader.Point p : points) {
      JsonObject row = new JsonObject().put("time", p.bucketStart()).put("by", by.label()).put("segment", p.service())
          .put("metric", measure.label());
      Rows.estimate(row, p.estimate()).put("suppressed", p.estimate().suppressed());
      if (measure instanceof Measure.Rating rating && rating.metric() == Metric.LOST_TIME) {
        LostTime.put(row, p.totals(), p.estimate());
      } else if (measure instanceof Measure.Comment) {
        row.put("negativeShare", p.negative().value());
      }
      rows.add(row);
    }
    return rows;
  }

  private JsonArray rows(Targets held, Measure measure, List<MeasureReader.Point> points) {
    JsonArray rows = new JsonArray();
    for (MeasureReader.Point p : points) {
      Estimate e = p.estimate();
      if (measure instanceof Measure.Rating rating) {
        JsonObject row = new JsonObject().put("time", p.bucketStart());
        values(row, p.service(), measure, e).put("suppressed", e.suppressed());
        // The service's target, so a panel can draw it beside the series.
        held.target(p.service(), rating.metric()).ifPresent(t -> row.put("target", t));
        if (rating.metric() == Metric.LOST_TIME) {
          LostTime.put(row, p.totals(), e);
        }
        rows.add(row);
      } else {
        // Mean phrase-level sentiment (-1..1) with a t interval, and the share of negative mentions.
        JsonObject row =
            values(new JsonObject(), p.service(), measure, e)
                .put("negativeShare", p.negative().value())
                .put("suppressed", e.suppressed())
                .put("time", p.bucketStart());
        // The service's catalogue target on what its comments say, where it has one.
        held.commentTarget(p.service(), measure.label()).ifPresent(t -> row.put("target", t));
        rows.add(row);
      }
    }
    return rows;
  }

  private static JsonObject values(JsonObject row, String service, Measure measure, Estimate e) {
    return Rows.estimate(row.put("service", service).put("metric", measure.label()), e);
  }
}
