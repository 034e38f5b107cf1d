package io.perceive.api.insights;

import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/watermelons}: services green on the SLA report and red with their customers.
 * Per service, the share of tickets that met their SLA and the CSAT of those tickets, each with a
 * Wilson interval; a watermelon meets its SLA at least {@code slaTarget} of the time while the
 * whole interval of its SLA-met CSAT lies below {@code target}. Services under the minimum n of
 * SLA-met answers are suppressed.
 */
record WatermelonsRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  static final double DEFAULT_TARGET = 0.80;
  static final double DEFAULT_SLA_TARGET = 0.90;

  @Override
  public void handle(RoutingContext ctx) {
    double target = QueryParams.share(ctx, "target", DEFAULT_TARGET);
    double slaTarget = QueryParams.share(ctx, "slaTarget", DEFAULT_SLA_TARGET);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    // watermelonsOnly=true: only the watermelons (what an alert rule wants).
    boolean only = QueryParams.flag(ctx, "watermelonsOnly", false);
    Rows.send(ctx, reader.ratingsPerService(QueryParams.services(ctx), range).map(t -> rows(t, target, slaTarget, only)));
  }

  private JsonArray rows(Map<String, Totals> perService, double target, double slaTarget, boolean only) {
    List<JsonObject> rows = new ArrayList<>();
    perService.forEach(
        (service, t) -> {
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
