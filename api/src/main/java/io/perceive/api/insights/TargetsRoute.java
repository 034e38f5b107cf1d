package io.perceive.api.insights;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/targets}: each service against its target on a rating metric over the period
 * (the service's own target from the catalogue, else the organisation's from the targets file): the estimate with
 * its interval, the target, the gaps of the estimate and of the interval's upper end to it, and a
 * status. "breached" means the whole interval lies below the target; "below" that the estimate
 * does but the interval reaches it (could be noise). Services without a target on the metric are
 * left out; {@code breachedOnly=true} leaves only the breaches (what an alert rule wants).
 * {@code by=group} or {@code by=agent} holds each support group or agent (across services, as the
 * segment rollups are) to the organisation's target instead (a manager's); one under the
 * minimum n is suppressed, so nobody is ranked on two answers.
 */
record TargetsRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Supplier<Future<Targets>> targets, Clock clock) implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Metric metric = Measure.ratingMetricOnly(ctx, "targets are set on");
    boolean breachedOnly = QueryParams.flag(ctx, "breachedOnly", false);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Segment by = TrendsRoute.segment(QueryParams.single(ctx, "by", "service"));
    if (by != null) {
      Future<Map<String, Totals>> perSegment = reader.ratingsPerSegment(by, range.from().toEpochMilli(), range.to().toEpochMilli());
      Rows.send(ctx, targets.get().compose(held -> perSegment.map(totals -> rows(held, metric, by, totals, breachedOnly))));
      return;
    }
    Future<Map<String, Totals>> perService = reader.ratingsPerService(QueryParams.services(ctx), range);
    Rows.send(ctx, targets.get().compose(held -> perService.map(totals -> rows(held, metric, totals, breachedOnly))));
  }

  /** The targets in force now (the catalogue's, else the organisation's). */
  Future<Targets> held() {
    return targets.get();
  }

  JsonArray rows(Targets held, Metric metric, Map<String, Totals> perService, boolean breachedOnly) {
    return rows(held, metric, null, perService, breachedOnly);
  }

  /** Each service ({@code by} null) or support group or agent against its target, worst first. */
  private JsonArray rows(Targets held, Metric metric, Segment by, Map<String, Totals> perName, boolean breachedOnly) {
    record Row(Targets.Status status, double gap, String service, JsonObject json) {}
    List<Row> rows = new ArrayList<>();
    perName
        .forEach(
            (service, totals) -> {
              Optional<Double> target =
                  by == null ? held.target(service, metric) : Optional.ofNullable(held.organisation().get(metric));
              if (target.isEmpty()) {
                return;
              }
              double t = target.get();
              Estimate e = metric.estimate(totals, analytics.confidence(), analytics.minN());
              Targets.Status status = Targets.status(metric, e, t);
              if (breachedOnly && status != Targets.Status.BREACHED) {
                return;
              }
              Double gap = e.suppressed() ? null : e.value() - t;
              JsonObject named =
                  by == null ? new JsonObject().put("service", service) : new JsonObject().put("by", by.label()).put("segment", service);
              JsonObject json =
                  Rows.estimate(named.put("metric", metric.label()), e)
                      .put("target", t)
                      .put("gap", gap)
                      .put("upperGap", e.suppressed() ? null : e.upper() - t)
                      .put("status", status.label())
                      .put("suppressed", e.suppressed());
              if (metric == Metric.LOST_TIME) {
                LostTime.put(json, totals, e);
              }
              // How far the worse way from the target, so the furthest off comes first.
              double worse = gap == null ? 0 : metric.higherIsBetter() ? gap : -gap;
              rows.add(new Row(status, worse, service, json));
            });
    // Breaches first, then the rest by how far below target; suppressed rows last.
    rows.sort(Comparator.comparing(Row::status).thenComparingDouble(Row::gap).thenComparing(Row::service));
    return new JsonArray(rows.stream().map(Row::json).map(Object.class::cast).toList());
  }
}
