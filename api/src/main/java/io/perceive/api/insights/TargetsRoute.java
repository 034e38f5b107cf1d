package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/targets}: each service against its target on a metric over the period (the
 * service's own target from the catalogue, else the organisation's from the targets file): the
 * estimate with its interval, the target, the gaps of the estimate and of the interval's upper end
 * to it, and a status. "breached" means the whole interval lies below the target; "below" that the
 * estimate does but the interval reaches it (could be noise). Services without a target on the
 * metric are left out; {@code breachedOnly=true} leaves only the breaches (what an alert rule
 * wants). What comments say (sentiment or a competency dimension: the mean phrase sentiment) has
 * targets from the catalogue, else the organisation's from the targets file. {@code by=group} or
 * {@code by=agent} holds each support group or agent (across services, as the segment rollups
 * are) to the organisation's target instead (a manager's), on a rating metric or on what
 * comments say; one under the minimum n is suppressed, so nobody is ranked on two answers. {@code by=type} or {@code by=provider} does the same per ticket type
 * or provider.
 */
record TargetsRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Supplier<Future<Targets>> targets, Clock clock) implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Measure measure = Measure.parse(QueryParams.single(ctx, "metric", "csat"));
    boolean breachedOnly = QueryParams.flag(ctx, "breachedOnly", false);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Segment by = TrendsRoute.segment(QueryParams.single(ctx, "by", "service"));
    // Every parameter read before any is judged against another, so a malformed one is named first.
    Set<String> services = QueryParams.services(ctx);
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    if (measure instanceof Measure.Comment comment) {
      if (by != null) {
        Future<Map<String, Estimate>> perSegment = commentsPerSegment(comment.name(), by, from, to);
        Rows.send(ctx, targets.get().compose(held -> perSegment.map(estimates -> commentRows(held, comment.name(), by, estimates, breachedOnly))));
        return;
      }
      Future<Map<String, Estimate>> perService = commentsPerService(comment.name(), services, from, to);
      Rows.send(ctx, targets.get().compose(held -> perService.map(estimates -> commentRows(held, comment.name(), estimates, breachedOnly))));
      return;
    }
    Metric metric = ((Measure.Rating) measure).metric();
    if (by != null) {
      Future<Map<String, Totals>> perSegment = reader.ratingsPerSegment(by, from, to);
      Rows.send(ctx, targets.get().compose(held -> perSegment.map(totals -> rows(held, metric, by, totals, breachedOnly))));
      return;
    }
    Future<Map<String, Totals>> perService = reader.ratingsPerService(services, range);
    Rows.send(ctx, targets.get().compose(held -> perService.map(totals -> rows(held, metric, totals, breachedOnly))));
  }

  /** The targets in force now (the catalogue's, else the organisation's). */
  Future<Targets> held() {
    return targets.get();
  }

  JsonArray rows(Targets held, Metric metric, Map<String, Totals> perService, boolean breachedOnly) {
    return rows(held, metric, null, perService, breachedOnly);
  }

  /** Each service ({@code by} null) or segment against its target on a rating metric, worst first. */
  private JsonArray rows(Targets held, Metric metric, Segment by, Map<String, Totals> perName, boolean breachedOnly) {
    List<Ranked> rows = new ArrayList<>();
    perName.forEach((name, totals) -> {
      Optional<Double> target = by == null ? held.target(name, metric) : Optional.ofNullable(held.organisation().get(metric));
      if (target.isEmpty()) {
        return;
      }
      Estimate e = metric.estimate(totals, analytics.confidence(), analytics.minN());
      JsonObject named = named(by, name);
      Ranked row = ranked(named, metric.label(), e, target.get(), Targets.status(metric, e, target.get()), metric.higherIsBetter());
      if (metric == Metric.LOST_TIME) {
        LostTime.put(row.json(), totals, e);
      }
      rows.add(row);
    });
    return sorted(rows, breachedOnly);
  }

  /** The mean phrase sentiment of what each service's comments say about {@code measure} over the period. */
  Future<Map<String, Estimate>> commentsPerService(String measure, Set<String> services, long from, long to) {
    return reader.mentions(measure, Interval.MONTH, services, from, to).map(buckets -> {
      Map<String, double[]> sums = new LinkedHashMap<>();
      buckets.forEach(b -> MeasureReader.add(sums.computeIfAbsent(b.service(), k -> new double[3]), b));
      Map<String, Estimate> out = new LinkedHashMap<>();
      sums.forEach((service, s) -> out.put(service, reader.mean(s)));
      return out;
    });
  }

  /** The mean phrase sentiment of what comments say about {@code measure} per support group, agent, type or provider. */
  private Future<Map<String, Estimate>> commentsPerSegment(String measure, Segment by, long from, long to) {
    return reader.mentionsPerSegment(measure, by, from, to).map(totals -> {
      Map<String, Estimate> out = new LinkedHashMap<>();
      totals.forEach(t -> out.put(t.name(), reader.mean(new double[] {t.n(), t.sum(), t.sumSq()})));
      return out;
    });
  }

  /** Each service with a target on what its comments say about {@code measure} (its own, else the organisation's), worst first. */
  JsonArray commentRows(Targets held, String measure, Map<String, Estimate> perService, boolean breachedOnly) {
    return commentRows(held, measure, null, perService, breachedOnly);
  }

  /** As above per service ({@code by} null), or each segment held to the organisation's target on the measure. */
  private JsonArray commentRows(Targets held, String measure, Segment by, Map<String, Estimate> perName, boolean breachedOnly) {
    List<Ranked> rows = new ArrayList<>();
    perName.forEach((name, e) -> {
      Optional<Double> target = by == null ? held.commentTarget(name, measure) : Optional.ofNullable(held.organisationComments().get(measure));
      JsonObject named = named(by, name);
      target.ifPresent(t -> rows.add(ranked(named, measure, e, t, Targets.status(e, t), true)));
    });
    return sorted(rows, breachedOnly);
  }

  /** A row's name: its service ({@code by} null), or the kind and name of its segment. */
  private static JsonObject named(Segment by, String name) {
    return by == null ? new JsonObject().put("service", name) : new JsonObject().put("by", by.label()).put("segment", name);
  }

  /** A row and what it is ranked by. */
  private record Ranked(Targets.Status status, double gap, String name, JsonObject json) {}

  private static Ranked ranked(JsonObject named, String label, Estimate e, double t, Targets.Status status, boolean higherIsBetter) {
    Double gap = e.suppressed() ? null : e.value() - t;
    JsonObject json =
        Rows.estimate(named.put("metric", label), e)
            .put("target", t)
            .put("gap", gap)
            .put("upperGap", e.suppressed() ? null : e.upper() - t)
            .put("status", status.label())
            .put("suppressed", e.suppressed());
    // How far the worse way from the target, so the furthest off comes first.
    double worse = gap == null ? 0 : higherIsBetter ? gap : -gap;
    String name = named.getString("service", named.getString("segment"));
    return new Ranked(status, worse, name, json);
  }

  /** Breaches first, then the rest by how far below target; suppressed rows last. */
  private static JsonArray sorted(List<Ranked> rows, boolean breachedOnly) {
    return new JsonArray(rows.stream()
        .filter(r -> !breachedOnly || r.status() == Targets.Status.BREACHED)
        .sorted(Comparator.comparing(Ranked::status).thenComparingDouble(Ranked::gap).thenComparing(Ranked::name))
        .map(Ranked::json).map(Object.class::cast).toList());
  }
}
