package io.perceive.analytics.rollup;

import io.perceive.analytics.stats.Differences;
import io.perceive.analytics.stats.Differences.Difference;
import io.perceive.analytics.stats.Differences.Verdict;

/**
 * A rating metric before against after an event, from the totals of two windows: the
 * two-proportion z test for CSAT, Welch's t for the means (NPS as the mean of +100, 0 and -100
 * over those who answered it; mean rating, CES, lost time), and a plain verdict.
 */
public final class BeforeAfter {

  private BeforeAfter() {}

  /**
   * The comparison: answers on each side, the metric's value on each side and the difference
   * (after minus before) with its test; with fewer than {@code minN} answers (and at least two)
   * on a side, only the counts and "too few answers".
   */
  public record Comparison(
      String test, long nBefore, long nAfter, Double beforeValue, Double afterValue, Difference difference, Verdict verdict) {}

  public static Comparison compare(Metric metric, Totals before, Totals after, double confidence, double alpha, int minN) {
    String test = metric == Metric.CSAT ? "two-proportion z" : "Welch t";
    long nBefore = answered(metric, before);
    long nAfter = answered(metric, after);
    if (nBefore < Math.max(2, minN) || nAfter < Math.max(2, minN)) {
      return new Comparison(test, nBefore, nAfter, null, null, null, Verdict.TOO_FEW);
    }
    Difference d = difference(metric, before, after, confidence);
    return new Comparison(
        test, nBefore, nAfter, metric.estimate(before, confidence, 1).value(), metric.estimate(after, confidence, 1).value(), d,
        Differences.verdict(d, metric.higherIsBetter(), alpha));
  }

  /** How many answered what the metric measures. */
  static long answered(Metric metric, Totals t) {
    return switch (metric) {
      case CSAT, RATING -> t.n();
      case NPS -> t.npsN();
      case CES -> t.cesN();
      case LOST_TIME -> t.lostN();
    };
  }

  private static Difference difference(Metric metric, Totals b, Totals a, double confidence) {
    return switch (metric) {
      case CSAT -> Differences.twoProportions(b.satisfied(), b.n(), a.satisfied(), a.n(), confidence);
      case RATING -> Differences.welch(b.ratingSum(), b.ratingSumSq(), b.n(), a.ratingSum(), a.ratingSumSq(), a.n(), confidence);
      case NPS -> Differences.welch(
          100.0 * (b.promoters() - b.detractors()), 10_000.0 * (b.promoters() + b.detractors()), b.npsN(),
          100.0 * (a.promoters() - a.detractors()), 10_000.0 * (a.promoters() + a.detractors()), a.npsN(), confidence);
      case CES -> Differences.welch(b.cesSum(), b.cesSumSq(), b.cesN(), a.cesSum(), a.cesSumSq(), a.cesN(), confidence);
      case LOST_TIME -> Differences.welch(b.lostSum(), b.lostSumSq(), b.lostN(), a.lostSum(), a.lostSumSq(), a.lostN(), confidence);
    };
  }
}
