package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.perceive.ingest.survey.MongoInvitationRollups.RateTotals;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/v1/response-rates}, for Grafana: per service and time bucket of sending, the share of the
 * invitations sent then (and not cancelled since) that were answered, with a Wilson interval.
 * Read from the invitation rollups alone; buckets under the minimum n of invitations are
 * suppressed. A recent bucket's rate still rises while its links are open.
 */
record ResponseRatesRoute(MongoInvitationRollups rollups, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Interval interval = QueryParams.interval(ctx);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Rows.send(
        ctx,
        rollups
            .totals(interval, QueryParams.services(ctx), range.from().toEpochMilli(), range.to().toEpochMilli())
            .map(this::rows));
  }

  private JsonArray rows(List<RateTotals> buckets) {
    JsonArray rows = new JsonArray();
    for (RateTotals b : buckets) {
      Estimate e = Intervals.wilson(Math.min(b.answered(), b.eligible()), b.eligible(), analytics.confidence(), analytics.minN());
      rows.add(
          Rows.estimate(new JsonObject().put("time", b.bucketStart()).put("service", b.service()).put("metric", "responseRate"), e)
              .put("sent", b.sent())
              .put("answered", b.answered())
              .put("cancelled", b.cancelled())
              .put("skipped", b.skipped())
              .put("suppressed", e.suppressed()));
    }
    return rows;
  }
}
