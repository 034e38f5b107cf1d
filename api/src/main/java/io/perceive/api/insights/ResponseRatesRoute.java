package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.rollup.RollupRepository.Segment;
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
 * suppressed. A recent bucket's rate still rises while its links are open. {@code by=group},
 * {@code agent}, {@code type} or {@code provider} gives the rate per segment of the invitations
 * instead, across the services asked for (the invitations' own attributions, frozen at send).
 */
record ResponseRatesRoute(MongoInvitationRollups rollups, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Interval interval = QueryParams.interval(ctx);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Segment by = TrendsRoute.segment(QueryParams.single(ctx, "by", "service"));
    Rows.send(
        ctx,
        rollups
            .totals(by, interval, QueryParams.services(ctx), range.from().toEpochMilli(), range.to().toEpochMilli())
            .map(buckets -> rows(by, buckets)));
  }

  private JsonArray rows(Segment by, List<RateTotals> buckets) {
    JsonArray rows = new JsonArray();
    for (RateTotals b : buckets) {
      Estimate e = Intervals.wilson(Math.min(b.answered(), b.eligible()), b.eligible(), analytics.confidence(), analytics.minN());
      JsonObject row = new JsonObject().put("time", b.bucketStart());
      if (by == null) {
        row.put("service", b.service());
      } else {
        row.put("by", by.label()).put("segment", b.service());
      }
      rows.add(
          Rows.estimate(row.put("metric", "responseRate"), e)
              .put("sent", b.sent())
              .put("answered", b.answered())
              .put("cancelled", b.cancelled())
              .put("skipped", b.skipped())
              .put("suppressed", e.suppressed()));
    }
    return rows;
  }
}
