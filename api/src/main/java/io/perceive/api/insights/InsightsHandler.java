package io.perceive.api.insights;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.analytics.stats.KeyDrivers;
import io.perceive.analytics.stats.TrendTests;
import io.perceive.analytics.stats.WeakAreas;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.api.trends.TrendsHandler;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.MeasureTotals;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a manager asks of the numbers: is this trend real or noise ({@code /api/v1/trend-tests},
 * Mann-Kendall with Sen's slope per service), and which services are below the rest of the
 * organisation ({@code /api/v1/weak-areas}, two-proportion tests with Benjamini-Hochberg; also by
 * support group or agent with {@code by=group|agent}). Both
 * work on the rating metrics and on what comments say (sentiment and each competency dimension),
 * and both read rollups only.
 */
public final class InsightsHandler {

  static final double DEFAULT_ALPHA = 0.05;

  private final RollupRepository rollups;
  private final ScoreRollupRepository scoreRollups;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;

  public InsightsHandler(
      RollupRepository rollups, ScoreRollupRepository scoreRollups, PerceiveConfig.Analytics analytics, Clock clock) {
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.scoreRollups = Objects.requireNonNull(scoreRollups, "scoreRollups");
    this.analytics = Objects.requireNonNull(analytics, "analytics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void mount(Router router) {
    router.get("/api/v1/trend-tests").handler(this::trendTests);
    router.get("/api/v1/weak-areas").handler(this::weakAreas);
    router.get("/api/v1/watermelons").handler(this::watermelons);
    router.get("/api/v1/targets").handler(this::targets);
    router.get("/api/v1/key-drivers").handler(this::keyDrivers);
  }

  /** The competency dimensions, without overall sentiment. */
  static final List<String> DIMENSIONS =
      TrendsHandler.COMMENT_MEASURES.stream().filter(m -> !m.equals(MongoScoreRollupRepository.SENTIMENT)).toList();

  /**
   * Key drivers: which competency dimension moves CSAT ({@link KeyDrivers}). With
   * {@code unit=answer} (the default) the units are the answers that mention the dimension: the
   * correlation of the mention's phrase score with the answer being rated 4-5, from the comment
   * score rollups' sums. With {@code unit=cell} they are each service in each {@code interval}
   * bucket: the correlation of the cell's mean phrase sentiment on the dimension with its CSAT,
   * across the cells with at least the minimum n of ratings and of mentions. Either way with a
   * Fisher interval, a t test and Benjamini-Hochberg across dimensions.
   */
  void keyDrivers(RoutingContext ctx) {
    Interval interval = QueryParams.interval(ctx);
    double fdr = QueryParams.level(ctx, "fdr", DEFAULT_ALPHA);
    String unit = QueryParams.single(ctx, "unit", "answer");
    if (!unit.equals("answer") && !unit.equals("cell")) {
      throw new BadInputException("unit", "unit must be one of: answer, cell");
    }
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    List<Future<List<MeasureTotals>>> mentions =
        DIMENSIONS.stream().map(d -> scoreRollups.totals(d, interval, services, from, to)).toList();
    if (unit.equals("answer")) {
      Future.all(mentions)
          .map(
              done -> {
                Map<String, KeyDrivers.Sums> sums = new LinkedHashMap<>();
                for (int i = 0; i < DIMENSIONS.size(); i++) {
                  KeyDrivers.Sums total = new KeyDrivers.Sums(0, 0, 0, 0, 0);
                  for (MeasureTotals m : mentions.get(i).result()) {
                    total = total.plus(new KeyDrivers.Sums(m.n(), m.sum(), m.sumSq(), m.satisfied(), m.sumSatisfied()));
                  }
                  sums.put(DIMENSIONS.get(i), total);
                }
                return driverRows(
                    KeyDrivers.perAnswer(sums, DIMENSIONS, analytics.confidence(), analytics.minN(), fdr), "answer", null);
              })
          .onSuccess(rows -> Json.send(ctx, 200, rows))
          .onFailure(ctx::fail);
      return;
    }
    Future<List<BucketTotals>> ratings = rollups.totals(interval, services, from, to);
    List<Future<?>> all = new ArrayList<>(mentions);
    all.add(ratings);
    Future.all(all)
        .map(
            done -> {
              Map<String, Map<String, double[]>> byCell = new LinkedHashMap<>();
              for (int i = 0; i < DIMENSIONS.size(); i++) {
                for (MeasureTotals m : mentions.get(i).result()) {
                  if (m.n() > 0) {
                    byCell
                        .computeIfAbsent(m.service() + "|" + m.bucketStart(), k -> new LinkedHashMap<>())
                        .put(DIMENSIONS.get(i), new double[] {m.sum() / m.n(), m.n()});
                  }
                }
              }
              List<KeyDrivers.Cell> cells = new ArrayList<>();
              for (BucketTotals b : ratings.result()) {
                Totals t = b.totals();
                if (t.n() > 0) {
                  String cell = b.service() + "|" + b.bucketStart();
                  cells.add(
                      new KeyDrivers.Cell(
                          cell, (double) t.satisfied() / t.n(), t.n(), byCell.getOrDefault(cell, Map.of())));
                }
              }
              return driverRows(
                  KeyDrivers.rank(cells, DIMENSIONS, analytics.confidence(), analytics.minN(), fdr), "cell", interval);
            })
        .onSuccess(rows -> Json.send(ctx, 200, rows))
        .onFailure(ctx::fail);
  }

  private static JsonArray driverRows(List<KeyDrivers.Driver> drivers, String unit, Interval interval) {
    JsonArray rows = new JsonArray();
    for (KeyDrivers.Driver d : drivers) {
      JsonObject row = new JsonObject().put("dimension", d.dimension()).put("unit", unit).put("n", d.cells());
      if (interval != null) {
        row.put("interval", interval.label()).put("cells", d.cells());
      }
      rows.add(
          row.put("r", d.r())
              .put("lower", d.lower())
              .put("upper", d.upper())
              .put("pValue", d.pValue())
              .put("qValue", d.qValue())
              .put("slopePerTenth", d.slopePerTenth())
              .put("driver", d.driver())
              .put("suppressed", d.suppressed()));
    }
    return rows;
  }

  /**
   * Each service against its target on a rating metric over the period (the service's own target
   * from the targets file, else the organisation's): the estimate with its interval, the target,
   * the gaps of the estimate and of the interval's upper end to it, and a status. "breached"
   * means the whole interval lies below the target; "below" that the estimate does but the
   * interval reaches it (could be noise). Services without a target on the metric are left out;
   * {@code breachedOnly=true} leaves only the breaches (what an alert rule wants).
   */
  void targets(RoutingContext ctx) {
    String name = QueryParams.single(ctx, "metric", "csat");
    if (TrendsHandler.COMMENT_MEASURES.contains(name)) {
      throw new BadInputException("metric", "targets are set on: " + Metric.allowed());
    }
    Metric metric = TrendsHandler.ratingMetric(name);
    boolean breachedOnly = QueryParams.flag(ctx, "breachedOnly", false);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    rollups
        .totals(Interval.MONTH, QueryParams.services(ctx), range.from().toEpochMilli(), range.to().toEpochMilli())
        .map(buckets -> targetRows(metric, buckets, breachedOnly))
        .onSuccess(rows -> Json.send(ctx, 200, rows))
        .onFailure(ctx::fail);
  }

  private JsonArray targetRows(Metric metric, List<BucketTotals> buckets, boolean breachedOnly) {
    record Row(Targets.Status status, double gap, String service, JsonObject json) {}
    List<Row> rows = new ArrayList<>();
    perService(buckets)
        .forEach(
            (service, totals) -> {
              Optional<Double> target = analytics.targets().target(service, metric);
              if (target.isEmpty()) {
                return;
              }
              double t = target.get();
              Estimate e = metric.estimate(totals, analytics.confidence(), analytics.minN());
              Targets.Status status = Targets.status(e, t);
              if (breachedOnly && status != Targets.Status.BREACHED) {
                return;
              }
              Double gap = e.suppressed() ? null : e.value() - t;
              JsonObject json =
                  new JsonObject()
                      .put("service", service)
                      .put("metric", metric.label())
                      .put("value", e.value())
                      .put("lower", e.lower())
                      .put("upper", e.upper())
                      .put("n", e.n())
                      .put("target", t)
                      .put("gap", gap)
                      .put("upperGap", e.suppressed() ? null : e.upper() - t)
                      .put("status", status.label())
                      .put("suppressed", e.suppressed());
              rows.add(new Row(status, gap == null ? 0 : gap, service, json));
            });
    // Breaches first, then the rest by how far below target; suppressed rows last.
    rows.sort(Comparator.comparing(Row::status).thenComparingDouble(Row::gap).thenComparing(Row::service));
    return new JsonArray(rows.stream().map(Row::json).map(Object.class::cast).toList());
  }

  /** The bucket totals summed per service, in the order the services first appear. */
  private static Map<String, Totals> perService(List<BucketTotals> buckets) {
    Map<String, Totals> perService = new LinkedHashMap<>();
    for (BucketTotals b : buckets) {
      perService.merge(b.service(), b.totals(), Totals::plus);
    }
    return perService;
  }

  static final double DEFAULT_TARGET = 0.80;
  static final double DEFAULT_SLA_TARGET = 0.90;

  /**
   * "Watermelons": services green on the SLA report and red with their customers. Per service,
   * the share of tickets that met their SLA and the CSAT of those tickets, each with a Wilson
   * interval; a watermelon meets its SLA at least {@code slaTarget} of the time while the whole
   * interval of its SLA-met CSAT lies below {@code target}. Services under the minimum n of
   * SLA-met answers are suppressed.
   */
  void watermelons(RoutingContext ctx) {
    double target = QueryParams.share(ctx, "target", DEFAULT_TARGET);
    double slaTarget = QueryParams.share(ctx, "slaTarget", DEFAULT_SLA_TARGET);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    rollups
        .totals(Interval.MONTH, QueryParams.services(ctx), range.from().toEpochMilli(), range.to().toEpochMilli())
        .map(buckets -> watermelonRows(buckets, target, slaTarget))
        .onSuccess(rows -> Json.send(ctx, 200, rows))
        .onFailure(ctx::fail);
  }

  private JsonArray watermelonRows(List<BucketTotals> buckets, double target, double slaTarget) {
    List<JsonObject> rows = new ArrayList<>();
    perService(buckets).forEach(
        (service, t) -> {
          Estimate sla = Intervals.wilson(t.slaMet(), t.slaKnown(), analytics.confidence(), analytics.minN());
          Estimate csat = Intervals.wilson(t.slaMetSatisfied(), t.slaMet(), analytics.confidence(), analytics.minN());
          boolean suppressed = sla.suppressed() || csat.suppressed();
          boolean watermelon = !suppressed && sla.value() >= slaTarget && csat.upper() < target;
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

  void trendTests(RoutingContext ctx) {
    String name = QueryParams.single(ctx, "metric", "csat");
    Interval interval = QueryParams.interval(ctx);
    // "alpha" was this parameter's name before the verdict moved to q-values; both are accepted.
    double fdr = QueryParams.level(ctx, "fdr", QueryParams.level(ctx, "alpha", DEFAULT_ALPHA));
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    if (TrendsHandler.COMMENT_MEASURES.contains(name)) {
      // The mean phrase-level sentiment of the mentions, per bucket.
      scoreRollups
          .totals(name, interval, services, from, to)
          .onSuccess(
              buckets -> {
                Map<String, List<TrendTests.Bucket>> series = new LinkedHashMap<>();
                for (MeasureTotals b : buckets) {
                  Estimate e = Intervals.mean(b.sum(), b.sumSq(), b.n(), analytics.confidence(), analytics.minN());
                  series.computeIfAbsent(b.service(), k -> new ArrayList<>()).add(bucket(interval, b.bucketStart(), e));
                }
                Json.send(ctx, 200, trendRows(name, interval, fdr, series, from, to));
              })
          .onFailure(ctx::fail);
      return;
    }
    Metric metric = TrendsHandler.ratingMetric(name);
    rollups
        .totals(interval, services, from, to)
        .onSuccess(
            buckets -> {
              Map<String, List<TrendTests.Bucket>> series = new LinkedHashMap<>();
              for (BucketTotals b : buckets) {
                Estimate e = metric.estimate(b.totals(), analytics.confidence(), analytics.minN());
                series.computeIfAbsent(b.service(), k -> new ArrayList<>()).add(bucket(interval, b.bucketStart(), e));
              }
              Json.send(ctx, 200, trendRows(metric.label(), interval, fdr, series, from, to));
            })
        .onFailure(ctx::fail);
  }

  private TrendTests.Bucket bucket(Interval interval, long start, Estimate e) {
    return new TrendTests.Bucket(start, Buckets.end(interval, start, analytics.zone()), e);
  }

  private static JsonArray trendRows(
      String metric, Interval interval, double fdr, Map<String, List<TrendTests.Bucket>> byService, long from, long to) {
    double bucketMillis = switch (interval) {
      case DAY -> 86_400_000d;
      case WEEK -> 7 * 86_400_000d;
      case MONTH -> 30.436875 * 86_400_000d;
    };
    JsonArray rows = new JsonArray();
    for (TrendTests.Row t : TrendTests.run(byService, from, to, bucketMillis, fdr)) {
      JsonObject row =
          new JsonObject()
              .put("service", t.key())
              .put("metric", metric)
              .put("interval", interval.label())
              .put("points", t.points())
              .put("n", t.n())
              .put("from", t.from())
              .put("to", t.to())
              .put("partialBucketsLeftOut", t.partialLeftOut())
              .put("direction", t.direction());
      if (t.test() == null) {
        // Fewer than three whole, shown buckets: no test, and nothing a panel should draw.
        rows.add(row.putNull("pValue").putNull("qValue").putNull("tau").putNull("slopePerInterval").put("suppressed", true));
      } else {
        rows.add(
            row.put("pValue", t.test().pValue())
                .put("qValue", t.qValue())
                .put("tau", t.test().tau())
                .put("slopePerInterval", t.test().senSlope())
                .put("suppressed", false));
      }
    }
    return rows;
  }

  /**
   * Each service against the rest on a proportion: for {@code csat} the share of ratings 4-5; for
   * {@code sentiment} or a competency dimension the share of comment mentions that are not
   * negative, so "which services do customers call rude more often than the rest" is one query.
   */
  void weakAreas(RoutingContext ctx) {
    String metric = QueryParams.single(ctx, "metric", "csat");
    double fdr = QueryParams.level(ctx, "fdr", DEFAULT_ALPHA);
    // Only the weak services: what an alert rule wants (no row, no alert).
    boolean weakOnly = QueryParams.flag(ctx, "weakOnly", false);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    String by = QueryParams.single(ctx, "by", "service");
    if (!by.equals("service")) {
      Segment kind =
          Arrays.stream(Segment.values())
              .filter(k -> k.label().equals(by))
              .findFirst()
              .orElseThrow(() -> new BadInputException("by", "by must be one of: service, group, agent"));
      if (TrendsHandler.COMMENT_MEASURES.contains(metric)) {
        scoreRollups
            .segmentTotals(metric, kind, from, to)
            .onSuccess(
                totals -> {
                  List<WeakAreas.Segment> segments =
                      totals.stream().map(t -> new WeakAreas.Segment(t.name(), t.n() - t.negative(), t.n())).toList();
                  Json.send(ctx, 200, weakRows(by, metric, "mentions not negative", segments, fdr, weakOnly));
                })
            .onFailure(ctx::fail);
        return;
      }
      if (!metric.equals("csat")) {
        throw new BadInputException(
            "metric", "weak areas are computed for: csat, " + String.join(", ", TrendsHandler.COMMENT_MEASURES));
      }
      rollups
          .segmentTotals(kind, from, to)
          .onSuccess(
              totals -> {
                List<WeakAreas.Segment> segments =
                    totals.stream()
                        .map(t -> new WeakAreas.Segment(t.name(), t.totals().satisfied(), t.totals().n()))
                        .toList();
                Json.send(ctx, 200, weakRows(by, "csat", "ratings 4-5", segments, fdr, weakOnly));
              })
          .onFailure(ctx::fail);
      return;
    }
    if (TrendsHandler.COMMENT_MEASURES.contains(metric)) {
      scoreRollups
          .totals(metric, Interval.MONTH, Set.of(), from, to)
          .onSuccess(
              buckets -> {
                Map<String, long[]> perService = new LinkedHashMap<>();
                for (MeasureTotals b : buckets) {
                  long[] counts = perService.computeIfAbsent(b.service(), k -> new long[2]);
                  counts[0] += b.n() - b.negative();
                  counts[1] += b.n();
                }
                List<WeakAreas.Segment> segments =
                    perService.entrySet().stream()
                        .map(e -> new WeakAreas.Segment(e.getKey(), e.getValue()[0], e.getValue()[1]))
                        .toList();
                Json.send(ctx, 200, weakRows("service", metric, "mentions not negative", segments, fdr, weakOnly));
              })
          .onFailure(ctx::fail);
      return;
    }
    if (!metric.equals("csat")) {
      throw new BadInputException(
          "metric", "weak areas are computed for: csat, " + String.join(", ", TrendsHandler.COMMENT_MEASURES));
    }
    rollups
        .totals(Interval.MONTH, Set.of(), from, to)
        .onSuccess(
            buckets -> {
              List<WeakAreas.Segment> segments =
                  perService(buckets).entrySet().stream()
                      .map(e -> new WeakAreas.Segment(e.getKey(), e.getValue().satisfied(), e.getValue().n()))
                      .toList();
              Json.send(ctx, 200, weakRows("service", "csat", "ratings 4-5", segments, fdr, weakOnly));
            })
        .onFailure(ctx::fail);
  }

  private JsonArray weakRows(
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
          row
              .put("metric", metric)
              .put("share", share)
              .put("value", f.estimate().value())
              .put("lower", f.estimate().lower())
              .put("upper", f.estimate().upper())
              .put("n", f.estimate().n())
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
