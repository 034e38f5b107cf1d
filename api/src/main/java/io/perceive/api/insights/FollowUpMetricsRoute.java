package io.perceive.api.insights;

import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/follow-up-metrics}: per service over the period, how many answers opened a
 * follow-up (the follow-up rate, with a Wilson interval over the answers) and how long the desk
 * took to first contact the customer (median and mean hours from the answer, over the
 * follow-ups contacted so far), with how many are open, contacted and closed. Rates and times
 * under the minimum n are suppressed. Answers older than {@code followups.max-age-days} when they
 * arrived (an imported history) open none, so a period of imported answers shows a low rate.
 */
record FollowUpMetricsRoute(
    MeasureReader reader, MongoFollowUpRepository followUps, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Rows.send(ctx, rows(QueryParams.services(ctx), range));
  }

  /** The rows, by service name. */
  Future<JsonArray> rows(Set<String> services, QueryParams.Range range) {
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    Future<Map<String, Totals>> answers = reader.ratingsPerService(services, range);
    Future<List<JsonObject>> opened = followUps.list(new MongoFollowUpRepository.Query(from, to, null, services, 0));
    return Future.all(answers, opened).map(done -> {
      Map<String, List<JsonObject>> perService = new TreeMap<>();
      answers.result().keySet().forEach(s -> perService.put(s, new ArrayList<>()));
      for (JsonObject f : opened.result()) {
        perService.computeIfAbsent(f.getString("service"), k -> new ArrayList<>()).add(f);
      }
      JsonArray rows = new JsonArray();
      perService.forEach((service, list) -> {
        Totals totals = answers.result().get(service);
        rows.add(row(service, totals == null ? 0 : totals.n(), list));
      });
      return rows;
    });
  }

  /** One row over these services together (every service when empty), named {@code label}. */
  Future<JsonObject> summary(String label, Set<String> services, QueryParams.Range range) {
    Future<Map<String, Totals>> answers = reader.ratingsPerService(services, range);
    Future<List<JsonObject>> opened = followUps.list(
        new MongoFollowUpRepository.Query(range.from().toEpochMilli(), range.to().toEpochMilli(), null, services, 0));
    return Future.all(answers, opened)
        .map(done -> row(label, answers.result().values().stream().mapToLong(Totals::n).sum(), opened.result()));
  }

  private JsonObject row(String service, long answers, List<JsonObject> list) {
    Estimate rate = Intervals.wilson(Math.min(list.size(), answers), answers, analytics.confidence(), analytics.minN());
    List<Double> hours = new ArrayList<>();
    long open = 0;
    long closed = 0;
    for (JsonObject f : list) {
      String status = f.getString("status");
      open += "open".equals(status) ? 1 : 0;
      closed += "closed".equals(status) ? 1 : 0;
      Long contactedAt = f.getLong("contactedAt");
      if (contactedAt != null) {
        hours.add((contactedAt - f.getLong("respondedAt")) / 3_600_000d);
      }
    }
    hours.sort(null);
    boolean timesShown = hours.size() >= analytics.minN();
    JsonObject row =
        Rows.estimate(new JsonObject().put("service", service).put("metric", "followUpRate"), rate)
            .put("answers", answers)
            .put("followUps", list.size())
            .put("open", open)
            .put("contacted", hours.size())
            .put("closed", closed)
            .put("medianHoursToContact", timesShown ? median(hours) : null)
            .put("meanHoursToContact", timesShown ? hours.stream().mapToDouble(Double::doubleValue).average().orElseThrow() : null)
            .put("suppressed", rate.suppressed());
    return row;
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
