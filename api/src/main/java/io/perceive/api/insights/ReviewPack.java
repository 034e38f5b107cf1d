package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.api.followups.FollowUpsHandler;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.response.ResponseRepository.CommentQuery;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.scoring.ScoreRollupRepository.MeasureTotals;
import io.perceive.ingest.survey.MongoInvitationRollups.RateTotals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The review pack of one service (or of the organisation, its services ranked) over a period,
 * for the service level review meeting, put together from the readers of the other query routes
 * so its numbers are theirs: targets against the perceived values, the CSAT trend and its test,
 * the competency profile against the rest of the organisation, key drivers, response rate,
 * follow-ups, lost time, the improvement actions of the period with their measured effect
 * ({@link ReviewActions}, when annotations are served) and, for managers, weak support groups
 * and agents, a balanced set of verbatims and the open follow-ups.
 */
record ReviewPack(
    MeasureReader reader,
    TargetsRoute targets,
    TrendTestsRoute trendTests,
    KeyDriversRoute keyDrivers,
    WeakAreasRoute weakAreas,
    ResponseRatesRoute responseRates,
    FollowUpMetricsRoute followUpMetrics,
    ResponseRepository responses,
    ReviewActions actions) {

  static final double FDR = 0.05;
  static final int VERBATIMS = 3;
  /** Comments read per polarity to pick the verbatims from. */
  static final int VERBATIM_POOL = 100;
  static final int SEGMENTS = 10;
  static final int OPEN_FOLLOW_UPS = 50;

  /** Every section a pack can hold, in the order the printable page shows them. */
  static final List<String> SECTIONS = List.of("targets", "lostTime", "trend", "series", "competency", "keyDrivers",
      "responseRate", "followUps", "improvementActions", "services", "weakGroups", "weakAgents", "verbatims", "openFollowUps");

  /** Sections only managers see. */
  static final Set<String> MANAGER_SECTIONS = Set.of("weakGroups", "weakAgents", "verbatims", "openFollowUps");

  /** The whole pack; {@code service} null for the organisation's. {@code manager}: with what only managers see. */
  Future<JsonObject> build(String service, QueryParams.Range range, boolean manager) {
    return build(service, range, manager, Set.copyOf(SECTIONS));
  }

  /**
   * The pack's {@code sections} only (names of {@link #SECTIONS}), so a dashboard panel that
   * shows one section does not pay for the others; sections a viewer may not see, and
   * {@code services} in the pack of one service, are left out as in the whole pack.
   */
  Future<JsonObject> build(String service, QueryParams.Range range, boolean manager, Set<String> sections) {
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    Set<String> services = service == null ? Set.of() : Set.of(service);
    JsonObject pack =
        new JsonObject().put("service", service).put("from", from).put("to", to).put("confidence", reader.confidence())
            .put("manager", manager);
    List<Future<?>> parts = new ArrayList<>();
    boolean totalsNeeded = sections.contains("targets") || sections.contains("lostTime");
    Future<Map<String, Totals>> perService = totalsNeeded ? reader.ratingsPerService(Set.of(), range) : null;
    if (sections.contains("targets")) {
      parts.add(targets.held().compose(held -> perService.compose(totals -> commentTargetRows(held, service, from, to)
          .map(comments -> pack.put("targets", targetRows(held, service, totals).addAll(comments))))));
    }
    if (sections.contains("lostTime")) {
      parts.add(perService.map(totals -> pack.put("lostTime", lostTime(service, totals))));
    }
    if (sections.contains("trend")) {
      parts.add(trendTests.rows(new Measure.Rating(Metric.CSAT), Interval.MONTH, FDR, services, from, to).map(rows -> pack.put("trend", rows)));
    }
    if (sections.contains("series")) {
      parts.add(reader.ratings(Interval.MONTH, services, from, to).map(buckets -> pack.put("series", series(buckets))));
    }
    if (sections.contains("competency")) {
      parts.add(competency(service, from, to).map(rows -> pack.put("competency", rows)));
    }
    if (sections.contains("keyDrivers")) {
      parts.add(keyDrivers.perAnswer(services, from, to, FDR).map(rows -> pack.put("keyDrivers", rows)));
    }
    if (sections.contains("responseRate")) {
      parts.add(responseRates.rollups().totals(Interval.MONTH, services, from, to).map(b -> pack.put("responseRate", responseRate(b))));
    }
    if (sections.contains("followUps")) {
      parts.add(followUpMetrics.summary(service == null ? "*" : service, services, range).map(row -> pack.put("followUps", row)));
    }
    if (actions != null && sections.contains("improvementActions")) {
      parts.add(actions.rows(service, from, to).map(rows -> pack.put("improvementActions", rows)));
    }
    if (service == null && sections.contains("services")) {
      parts.add(rankedServices(range).map(rows -> pack.put("services", rows)));
    }
    if (manager) {
      if (sections.contains("weakGroups")) {
        parts.add(weak(Segment.GROUP, from, to).map(rows -> pack.put("weakGroups", rows)));
      }
      if (sections.contains("weakAgents")) {
        parts.add(weak(Segment.AGENT, from, to).map(rows -> pack.put("weakAgents", rows)));
      }
      if (sections.contains("verbatims")) {
        parts.add(verbatims(services, from, to).map(v -> pack.put("verbatims", v)));
      }
      if (sections.contains("openFollowUps")) {
        parts.add(followUpMetrics.followUps()
            .list(new MongoFollowUpRepository.Query(from, to, "open", services, OPEN_FOLLOW_UPS))
            .map(docs -> pack.put("openFollowUps", FollowUpsHandler.rows(docs))));
      }
    }
    return Future.all(parts).map(done -> pack);
  }

  /** The pack with the improvement actions of its period and their measured effect. */
  ReviewPack withActions(EffectRoute effects) {
    return new ReviewPack(reader, targets, trendTests, keyDrivers, weakAreas, responseRates, followUpMetrics, responses, new ReviewActions(effects));
  }

  /**
   * Lost time over the period, for the service or every service together: the mean minutes lost
   * per answer that said (with its t interval) and the hours lost in all, as {@code metric=lostTime}
   * answers them in the targets and trends.
   */
  private JsonObject lostTime(String service, Map<String, Totals> perService) {
    Totals totals = Totals.ZERO;
    for (Map.Entry<String, Totals> e : perService.entrySet()) {
      if (service == null || service.equals(e.getKey())) {
        totals = totals.plus(e.getValue());
      }
    }
    Estimate e = Metric.LOST_TIME.estimate(totals, reader.confidence(), reader.minN());
    JsonObject row = Rows.estimate(new JsonObject().put("metric", Metric.LOST_TIME.label()), e).put("suppressed", e.suppressed());
    return LostTime.put(row, totals, e);
  }

  /** Each rating metric with a target, for the service (or every service). */
  private JsonArray targetRows(Targets held, String service, Map<String, Totals> perService) {
    JsonArray rows = new JsonArray();
    for (Metric metric : Metric.values()) {
      for (Object row : targets.rows(held, metric, perService, false)) {
        if (service == null || service.equals(((JsonObject) row).getString("service"))) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** Each measure of what comments say that the service (or any service) has a catalogue target on. */
  private Future<JsonArray> commentTargetRows(Targets held, String service, long from, long to) {
    Set<String> services = service == null ? Set.of() : Set.of(service);
    List<Future<JsonArray>> reads = new ArrayList<>();
    for (String measure : Measure.COMMENTS) {
      boolean targeted = held.coversComment(service, measure);
      if (targeted) {
        reads.add(targets.commentsPerService(measure, services, from, to).map(perService -> targets.commentRows(held, measure, perService, false)));
      }
    }
    return Future.all(reads).map(done -> {
      JsonArray rows = new JsonArray();
      reads.forEach(r -> rows.addAll(r.result()));
      return rows;
    });
  }

  /** CSAT per month over the pack's services together. */
  private JsonArray series(List<BucketTotals> buckets) {
    Map<Long, Totals> perMonth = new TreeMap<>();
    buckets.forEach(b -> perMonth.merge(b.bucketStart(), b.totals(), Totals::plus));
    JsonArray rows = new JsonArray();
    perMonth.forEach((time, totals) -> {
      Estimate e = Metric.CSAT.estimate(totals, reader.confidence(), reader.minN());
      rows.add(Rows.estimate(new JsonObject().put("time", time).put("metric", "csat"), e).put("suppressed", e.suppressed()));
    });
    return rows;
  }

  /** Each comment measure for the service against every other service pooled (the organisation alone without one). */
  private Future<JsonArray> competency(String service, long from, long to) {
    List<Future<List<MeasureTotals>>> reads =
        Measure.COMMENTS.stream().map(m -> reader.mentions(m, Interval.MONTH, Set.of(), from, to)).toList();
    return Future.all(reads).map(done -> {
      JsonArray rows = new JsonArray();
      for (int i = 0; i < Measure.COMMENTS.size(); i++) {
        double[] own = new double[3];
        double[] rest = new double[3];
        for (MeasureTotals m : reads.get(i).result()) {
          MeasureReader.add(service == null || service.equals(m.service()) ? own : rest, m);
        }
        Estimate e = reader.mean(own);
        JsonObject row = Rows.estimate(new JsonObject().put("dimension", Measure.COMMENTS.get(i)), e).put("suppressed", e.suppressed());
        if (service != null) {
          Estimate r = reader.mean(rest);
          row.put("rest", Rows.estimate(new JsonObject(), r).put("suppressed", r.suppressed()));
        }
        rows.add(row);
      }
      return rows;
    });
  }

  private JsonObject responseRate(List<RateTotals> buckets) {
    long sent = 0;
    long answered = 0;
    long eligible = 0;
    for (RateTotals b : buckets) {
      sent += b.sent();
      answered += Math.min(b.answered(), b.eligible());
      eligible += b.eligible();
    }
    Estimate e = Intervals.wilson(answered, eligible, reader.confidence(), reader.minN());
    return Rows.estimate(new JsonObject().put("metric", "responseRate").put("sent", sent).put("answered", answered), e)
        .put("suppressed", e.suppressed());
  }

  /** The organisation's services, worst first: CSAT against target, with the trend and the follow-up rate. */
  private Future<JsonArray> rankedServices(QueryParams.Range range) {
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    Future<Map<String, Totals>> totals = reader.ratingsPerService(Set.of(), range);
    Future<Targets> held = targets.held();
    Future<JsonArray> trends = trendTests.rows(new Measure.Rating(Metric.CSAT), Interval.MONTH, FDR, Set.of(), from, to);
    Future<JsonArray> rates = followUpMetrics.rows(Set.of(), range);
    return Future.all(totals, trends, rates, held).map(done -> {
      Map<String, JsonObject> trendOf = byService(trends.result());
      Map<String, JsonObject> rateOf = byService(rates.result());
      JsonArray ranked = new JsonArray();
      int rank = 0;
      for (Object o : targets.rows(held.result(), Metric.CSAT, totals.result(), false)) {
        JsonObject row = (JsonObject) o;
        String name = row.getString("service");
        JsonObject trend = trendOf.getOrDefault(name, new JsonObject());
        JsonObject rate = rateOf.getOrDefault(name, new JsonObject());
        ranked.add(row.copy().put("rank", ++rank).put("trend", trend.getString("direction"))
            .put("followUpRate", rate.getValue("value")));
      }
      return ranked;
    });
  }

  private static Map<String, JsonObject> byService(JsonArray rows) {
    Map<String, JsonObject> out = new TreeMap<>();
    rows.forEach(r -> out.put(((JsonObject) r).getString("service"), (JsonObject) r));
    return out;
  }

  /** Support groups or agents across services on CSAT, ranked (weak first), at most {@link #SEGMENTS}. */
  private Future<JsonArray> weak(Segment kind, long from, long to) {
    return reader.shares(new Measure.Rating(Metric.CSAT), kind, from, to).map(segments -> {
      JsonArray all = weakAreas.rows(kind.label(), "csat", "ratings 4-5", segments, FDR, false);
      return new JsonArray(all.stream().limit(SEGMENTS).toList());
    });
  }

  /**
   * A balanced set: the most negative comments, the most positive, and the most typical (closest
   * to the median sentiment of the comments read), {@link #VERBATIMS} each. Comments were
   * redacted when stored; rows name no agent or support group.
   */
  private Future<JsonObject> verbatims(Set<String> services, long from, long to) {
    Future<List<JsonObject>> negative = responses.findComments(query(services, from, to, "negative"));
    Future<List<JsonObject>> positive = responses.findComments(query(services, from, to, "positive"));
    Future<List<JsonObject>> any = responses.findComments(query(services, from, to, "any"));
    return Future.all(negative, positive, any).map(done -> {
      Comparator<JsonObject> bySentiment = Comparator.comparingDouble(ReviewPack::sentiment);
      List<JsonObject> typical = new ArrayList<>(any.result());
      List<Double> scores = typical.stream().map(ReviewPack::sentiment).sorted().toList();
      double median = scores.isEmpty() ? 0 : scores.get(scores.size() / 2);
      typical.sort(Comparator.comparingDouble((JsonObject d) -> Math.abs(sentiment(d) - median)));
      return new JsonObject()
          .put("negative", verbatimRows(negative.result().stream().sorted(bySentiment).limit(VERBATIMS).toList()))
          .put("positive", verbatimRows(positive.result().stream().sorted(bySentiment.reversed()).limit(VERBATIMS).toList()))
          .put("typical", verbatimRows(typical.stream().limit(VERBATIMS).toList()))
          .put("median", scores.isEmpty() ? null : median);
    });
  }

  private static CommentQuery query(Set<String> services, long from, long to, String polarity) {
    return new CommentQuery(from, to, services, null, null, "sentiment", polarity, VERBATIM_POOL);
  }

  private static double sentiment(JsonObject doc) {
    JsonObject score = doc.getJsonObject("score", new JsonObject()).getJsonObject("sentiment", new JsonObject());
    Number n = score.getNumber("score");
    return n == null ? 0 : n.doubleValue();
  }

  private static JsonArray verbatimRows(List<JsonObject> docs) {
    JsonArray rows = new JsonArray();
    for (JsonObject d : docs) {
      rows.add(new JsonObject().put("time", d.getLong("respondedAt")).put("service", d.getString("service"))
          .put("rating", d.getInteger("rating")).put("sentiment", sentiment(d)).put("comment", d.getString("comment")));
    }
    return rows;
  }
}
