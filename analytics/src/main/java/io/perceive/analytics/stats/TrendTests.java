package io.perceive.analytics.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trend tests over the series of one request (one per service or segment), as a manager reads
 * them: only whole buckets count, each series gets the serial-correlation-robust Mann-Kendall test
 * ({@link MannKendall#hamedRao}, conservative), and the verdict is taken on Benjamini-Hochberg
 * q-values across the series, so asking about 24 services at once does not find a trend in one
 * of them by chance alone.
 *
 * <p>A bucket counts when it lies wholly inside the requested range: the bucket still filling at
 * the end of the range (this week, this month) and the first one when the range starts inside it
 * hold only part of their period, so their numbers are not comparable with the rest.
 */
public final class TrendTests {

  /** Fewer whole, shown buckets than this: no test. */
  public static final int MIN_POINTS = 3;
  /**
   * From how many points the Hamed-Rao correction is applied. On fewer (a year of months) the
   * autocorrelation estimate is too noisy: it rarely passes its own significance bound, and when
   * it does by chance it costs power without guarding against anything measurable (docs/architecture.md).
   */
  static final int MIN_POINTS_FOR_CORRECTION = 20;
  /** Level of the autocorrelations that enter the Hamed-Rao correction. */
  static final double ACF_LEVEL = 0.05;

  /** One bucket of a series: [start, end) in epoch milliseconds and its estimate. */
  public record Bucket(long start, long end, Estimate estimate) {}

  /**
   * The result for one series.
   *
   * @param points whole buckets shown (not under the minimum n) and tested
   * @param n answers in the whole buckets
   * @param from start of the first whole bucket, or null when there is none
   * @param to end of the last whole bucket, or null
   * @param partialLeftOut buckets with answers that were left out because the range cuts them
   * @param test the test, or null with fewer than {@link #MIN_POINTS} points
   * @param qValue Benjamini-Hochberg adjusted p-value across the tested series, or null
   * @param direction increasing, decreasing, no trend, or insufficient data
   */
  public record Row(
      String key, int points, long n, Long from, Long to, int partialLeftOut, MannKendall.Result test, Double qValue,
      String direction) {}

  private TrendTests() {}

  /**
   * @param series buckets per key in time order
   * @param rangeFrom start of the requested range (inclusive, epoch milliseconds)
   * @param rangeTo end of the requested range (exclusive)
   * @param bucketMillis the nominal length of a bucket: slopes are per bucket
   * @param fdr false discovery rate at which a trend is declared
   */
  public static List<Row> run(Map<String, List<Bucket>> series, long rangeFrom, long rangeTo, double bucketMillis, double fdr) {
    Map<String, Row> rows = new LinkedHashMap<>();
    List<String> tested = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    series.forEach(
        (key, buckets) -> {
          List<Bucket> whole = new ArrayList<>();
          int partial = 0;
          for (Bucket b : buckets) {
            if (b.start() >= rangeFrom && b.end() <= rangeTo) {
              whole.add(b);
            } else if (b.estimate().n() > 0) {
              partial++;
            }
          }
          long n = whole.stream().mapToLong(b -> b.estimate().n()).sum();
          Long from = whole.isEmpty() ? null : whole.get(0).start();
          Long to = whole.isEmpty() ? null : whole.get(whole.size() - 1).end();
          List<Bucket> shown = whole.stream().filter(b -> !b.estimate().suppressed()).toList();
          if (shown.size() < MIN_POINTS) {
            rows.put(key, new Row(key, shown.size(), n, from, to, partial, null, null, "insufficient data"));
            return;
          }
          double[] x = shown.stream().mapToDouble(b -> b.start() / bucketMillis).toArray();
          double[] y = shown.stream().mapToDouble(b -> b.estimate().value()).toArray();
          MannKendall.Result r =
              x.length >= MIN_POINTS_FOR_CORRECTION
                  ? MannKendall.hamedRao(x, y, Integer.MAX_VALUE, ACF_LEVEL, true)
                  : MannKendall.test(x, y);
          rows.put(key, new Row(key, shown.size(), n, from, to, partial, r, null, null));
          tested.add(key);
          pValues.add(r.pValue());
        });
    double[] q = Proportions.benjaminiHochberg(pValues.stream().mapToDouble(Double::doubleValue).toArray());
    for (int i = 0; i < tested.size(); i++) {
      Row r = rows.get(tested.get(i));
      String direction = q[i] <= fdr ? (r.test().s() > 0 ? "increasing" : "decreasing") : "no trend";
      rows.put(r.key(), new Row(r.key(), r.points(), r.n(), r.from(), r.to(), r.partialLeftOut(), r.test(), q[i], direction));
    }
    return new ArrayList<>(rows.values());
  }
}
