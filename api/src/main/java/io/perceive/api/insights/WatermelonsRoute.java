package io.perceive.api.insights;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
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
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/watermelons}: services green on the SLA report and red with their customers.
 * Per service, the share of tickets that met their SLA and the CSAT of those tickets, each with a
 * Wilson interval; a watermelon meets its SLA at least {@code slaTarget} of the time while the
 * whole interval of its SLA-met CSAT lies below {@code target}. Services under the minimum n of
 * SLA-met answers are suppressed. Each service is held to its own targets from the catalogue (its
 * CSAT target, else the organisation's, else 0.80; its SLA target, else 0.90) unless the request
 * gives {@code target} or {@code slaTarget}, which then hold every service.
 */
record WatermelonsRoute(
    MeasureReader reader, PerceiveConfig.Analytics analytics, Supplier<Future<Targets>> targets, Clock clock)
    implements Handler<RoutingContext> {

  static final double DEFAULT_TARGET = 0.80;
  static final double DEFAULT_SLA_TARGET = 0.90;

  @Override
  public void handle(RoutingContext ctx) {
    // Given, a threshold holds every service to it; else each service's own, then the default.
    Double givenTarget = ctx.queryParams().contains("target") ? QueryParams.share(ctx, "target", DEFAULT_TARGET) : null;
    Double givenSla = ctx.queryParams().contains("slaTarget") ? QueryParams.share(ctx, "slaTarget", DEFAULT_SLA_TARGET) : null;
    QueryParams.Range range = QueryParams.range(ctx, clock);
    // watermelonsOnly=true: only the watermelons (what an alert rule wants).
    boolean only = QueryParams.flag(ctx, "watermelonsOnly", false);
    Rows.send(
        ctx,
        targets.get().compose(held -> reader
            .ratingsPerService(QueryParams.services(ctx), range)
            .map(t -> rows(t, held, givenTarget, givenSla, only))));
  }

  private JsonArray rows(Map<String, Totals> perService, Targets held, Double givenTarget, Double givenSla, boolean only) {
    List<JsonObject> rows = new ArrayList<>();
    perService.forEach(
        (service, t) -> {
          double target = givenTarget != null ? givenTarget : held.target(service, Metric.CSAT).orElse(DEFAULT_TARGET);
          double slaTarget = givenSla != null ? givenSla : held.slaTarget(service).orElse(DEFAULT_SLA_TARGET);
          Estimate sla = Intervals.wilson(t.slaMet(), t.slaKnown(), analytics.confidence(), analytics.minN());
          Estimate csat = Intervals.wilson(t.slaMetSatisfied(), t.slaMet(), analytics.confidence(), analytics.minN());
          boolean suppressed = sla.suppressed() || csat.suppressed();
          boolean watermelon = !suppressed && sla.value() >= slaTarget && csat.upper() < target;
          if (only && !watermelon) {
            return;
          }
          rows.add(
              new JsonObject()
                  .put("service", service)
                  .put("slaMetShare", sla.value())
                  .put("slaMetLower", sla.lower())
                  .put("slaMetUpper", sla.upper())
                  .put("csatWhenSlaMet", csat.value())
                  .put("lower", csat.lower())
                  .put("upper", csat.upper())
                  .put("n", t.slaMet())
                  .put("target", target)
                  .put("slaTarget", slaTarget)
                  .put("watermelon", watermelon)
                  .put("suppressed", suppressed));
        });
    // Watermelons first, then the lowest SLA-met CSAT; suppressed rows last.
    rows.sort(
        Comparator.<JsonObject, Boolean>comparing(r -> !r.getBoolean("watermelon"))
            .thenComparing(r -> r.getValue("csatWhenSlaMet") == null ? 2.0 : r.getDouble("csatWhenSlaMet"))
            .thenComparing(r -> r.getString("service")));
    return new JsonArray(new ArrayList<>(rows));
  }
}
