package io.perceive.api.insights;

import io.perceive.analytics.rollup.BeforeAfter;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Differences;
import io.perceive.analytics.stats.Differences.Difference;
import io.perceive.analytics.stats.Differences.Verdict;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.SegmentedRegression;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.annotation.Annotation;
import io.perceive.ingest.annotation.AnnotationRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.MeasureTotals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/annotations/{id}/effect}: for each metric the annotation names, before
 * against after over equal windows of whole days ({@code window} days, default 28, the action's
 * own days left out): the difference with its interval and p-value (the two-proportion z test for
 * CSAT, Welch's t for means: NPS as the mean of +100/0/-100, mean rating, CES, lost time, what
 * comments say), a verdict at {@code alpha} (default 0.05), and an interrupted time series
 * estimate on the weekly series ({@code weeks} whole weeks each side, default 26): the change in
 * level and in slope with their intervals.
 */
record EffectRoute(AnnotationRepository annotations, MeasureReader reader, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  static final int DEFAULT_WINDOW_DAYS = 28;
  static final int DEFAULT_WEEKS = 26;

  @Override
  public void handle(RoutingContext ctx) {
    int window = days(ctx, "window", DEFAULT_WINDOW_DAYS, 7, 365);
    int weeks = days(ctx, "weeks", DEFAULT_WEEKS, 3, 104);
    double alpha = QueryParams.level(ctx, "alpha", 0.05);
    annotations.find(ctx.pathParam("id"))
        .compose(a -> a == null
            ? Future.failedFuture(new HttpException(404, "no annotation has this id", "id"))
            : effect(a, window, weeks, alpha))
        .onSuccess(body -> Json.send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  static int days(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = QueryParams.single(ctx, name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(name, name + " must be a whole number from " + min + " to " + max);
  }

  /** The windows of one annotation, in epoch milliseconds, aligned to whole days. */
  record Windows(long beforeFrom, long beforeTo, long afterFrom, long afterTo) {}

  /** The windows of {@code a}: whole days in {@code zone}, the after window cut at {@code now}. */
  static Windows windows(Annotation a, int days, java.time.ZoneId zone, long now) {
    LocalDate first = a.start().atZone(zone).toLocalDate();
    LocalDate last = a.endOrStart().atZone(zone).toLocalDate();
    long afterFrom = millis(last.plusDays(1), zone);
    long afterTo = Math.min(millis(last.plusDays(1 + days), zone), now);
    return new Windows(millis(first.minusDays(days), zone), millis(first, zone), afterFrom, Math.max(afterTo, afterFrom));
  }

  private static long millis(LocalDate day, java.time.ZoneId zone) {
    return day.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** A rating metric's totals before and after, from the day rollups. */
  static Future<Totals[]> totals(MeasureReader reader, Set<String> services, Windows w) {
    return reader.ratings(Interval.DAY, services, w.beforeFrom(), w.afterTo()).map(days -> {
      Totals[] out = {Totals.ZERO, Totals.ZERO};
      for (var b : days) {
        if (b.bucketStart() < w.beforeTo()) {
          out[0] = out[0].plus(b.totals());
        } else if (b.bucketStart() >= w.afterFrom()) {
          out[1] = out[1].plus(b.totals());
        }
      }
      return out;
    });
  }

  static Set<String> servicesOf(Annotation a) {
    return a.service().equals(Annotation.ALL) ? Set.of() : Set.of(a.service());
  }

  Future<JsonObject> effect(Annotation a, int days, int weeks, double alpha) {
    Set<String> services = servicesOf(a);
    Windows w = windows(a, days, analytics.zone(), clock.millis());
    List<String> metrics = a.metrics().isEmpty() ? List.of("csat") : a.metrics();
    Future<List<JsonObject>> rows = Future.succeededFuture(new ArrayList<>());
    for (String name : metrics) {
      rows = rows.compose(done -> metric(name, services, w, weeks, alpha).map(row -> {
        done.add(row);
        return done;
      }));
    }
    return rows.map(list -> new JsonObject()
        .put("annotation", a.id())
        .put("service", a.service())
        .put("kind", a.kind().label())
        .put("title", a.title())
        .put("communicated", a.communicated())
        .put("windowDays", days)
        .put("before", new JsonObject().put("from", w.beforeFrom()).put("to", w.beforeTo()))
        .put("after", new JsonObject().put("from", w.afterFrom()).put("to", w.afterTo()))
        .put("alpha", alpha)
        .put("effects", new JsonArray(new ArrayList<>(list))));
  }

  private Future<JsonObject> metric(String name, Set<String> services, Windows w, int weeks, double alpha) {
    long seriesFrom = w.beforeTo() - Duration.ofDays(7L * weeks).toMillis();
    long seriesTo = Math.min(clock.millis(), w.afterFrom() + Duration.ofDays(7L * weeks).toMillis());
    int minN = Math.max(2, analytics.minN());
    if (Measure.COMMENTS.contains(name)) {
      return reader.mentions(name, Interval.DAY, services, w.beforeFrom(), w.afterTo())
          .compose(days -> reader.mentions(name, Interval.WEEK, services, seriesFrom, seriesTo).map(weekly -> {
            double[] before = sums(days, w.beforeFrom(), w.beforeTo());
            double[] after = sums(days, w.afterFrom(), w.afterTo());
            JsonObject row = header(name, "Welch t", before[0], after[0]);
            if (before[0] < minN || after[0] < minN) {
              return row.put("verdict", Verdict.TOO_FEW.label());
            }
            Difference d = Differences.welch(before[1], before[2], (long) before[0], after[1], after[2], (long) after[0], analytics.confidence());
            row.put("beforeValue", before[1] / before[0]).put("afterValue", after[1] / after[0]);
            Map<Long, Estimate> series = new TreeMap<>();
            Map<Long, double[]> perWeek = new TreeMap<>();
            weekly.forEach(m -> MeasureReader.add(perWeek.computeIfAbsent(m.bucketStart(), k -> new double[3]), m));
            perWeek.forEach((week, s) -> series.put(week, reader.mean(s)));
            return result(row, d, true, alpha, series, w);
          }));
    }
    Metric metric = Measure.ratingMetric(name);
    return totals(reader, services, w)
        .compose(window -> reader.ratings(Interval.WEEK, services, seriesFrom, seriesTo).map(weekly -> {
          Totals before = window[0];
          Totals after = window[1];
          BeforeAfter.Comparison c =
              BeforeAfter.compare(metric, before, after, analytics.confidence(), alpha, analytics.minN());
          JsonObject row = header(name, c.test(), c.nBefore(), c.nAfter());
          if (c.difference() == null) {
            return row.put("verdict", c.verdict().label());
          }
          row.put("beforeValue", c.beforeValue()).put("afterValue", c.afterValue());
          Difference d = c.difference();
          Map<Long, Totals> perWeek = new TreeMap<>();
          weekly.forEach(b -> perWeek.merge(b.bucketStart(), b.totals(), Totals::plus));
          Map<Long, Estimate> series = new TreeMap<>();
          perWeek.forEach((week, t) -> series.put(week, metric.estimate(t, analytics.confidence(), analytics.minN())));
          return result(row, d, metric.higherIsBetter(), alpha, series, w);
        }));
  }

  private static double[] sums(List<MeasureTotals> days, long from, long to) {
    double[] s = new double[3];
    for (MeasureTotals m : days) {
      if (m.bucketStart() >= from && m.bucketStart() < to) {
        MeasureReader.add(s, m);
      }
    }
    return s;
  }

  private static JsonObject header(String name, String test, double nBefore, double nAfter) {
    return new JsonObject().put("metric", name).put("test", test).put("nBefore", (long) nBefore).put("nAfter", (long) nAfter);
  }

  private JsonObject result(JsonObject row, Difference d, boolean higherIsBetter, double alpha, Map<Long, Estimate> series, Windows w) {
    row.put("difference", d.estimate())
        .put("lower", d.lower())
        .put("upper", d.upper())
        .put("pValue", d.pValue())
        .put("verdict", Differences.verdict(d, higherIsBetter, alpha).label());
    return row.put("interruptedTimeSeries", its(series, w));
  }

  /**
   * Segmented regression on the weekly values (weeks under the minimum n and weeks that overlap
   * the action left out), time in weeks; null when fewer than six weeks, or two on a side, remain.
   */
  private JsonObject its(Map<Long, Estimate> series, Windows w) {
    List<double[]> points = new ArrayList<>();
    double t0 = Double.NaN;
    long week = Duration.ofDays(7).toMillis();
    Long first = null;
    for (Map.Entry<Long, Estimate> e : series.entrySet()) {
      long start = e.getKey();
      if (first == null) {
        first = start;
      }
      double t = (double) (start - first) / week;
      if (start + week <= w.beforeTo()) {
        t0 = t;
      }
      boolean overlapsAction = start + week > w.beforeTo() && start < w.afterFrom();
      if (!overlapsAction && !e.getValue().suppressed()) {
        points.add(new double[] {t, e.getValue().value()});
      }
    }
    double interruption = t0;
    long before = points.stream().filter(p -> p[0] <= interruption).count();
    if (Double.isNaN(interruption) || points.size() < 6 || before < 2 || points.size() - before < 2) {
      return null;
    }
    double[] t = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
    SegmentedRegression.Fit fit = SegmentedRegression.fit(t, y, interruption, analytics.confidence());
    return new JsonObject()
        .put("weeks", fit.points())
        .put("levelChange", fit.levelChange().estimate())
        .put("levelLower", fit.levelChange().lower())
        .put("levelUpper", fit.levelChange().upper())
        .put("levelPValue", fit.levelChange().pValue())
        .put("slopeChange", fit.slopeChange().estimate())
        .put("slopeLower", fit.slopeChange().lower())
        .put("slopeUpper", fit.slopeChange().upper())
        .put("slopePValue", fit.slopeChange().pValue());
  }
}
