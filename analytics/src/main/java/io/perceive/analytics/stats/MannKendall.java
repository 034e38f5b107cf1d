package io.perceive.analytics.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Mann-Kendall test for a monotonic trend, with Sen's slope. Non-parametric: it asks whether later
 * values tend to be larger (or smaller) than earlier ones, whatever the shape, so one outlier week
 * does not make a trend. Uses the normal approximation with the tie correction of the variance.
 *
 * <p>{@link #hamedRao} corrects the variance for serial correlation (Hamed and Rao 1998, "A modified
 * Mann-Kendall trend test for autocorrelated data", J. Hydrology 204: 182-196): monthly perception
 * series drift with seasons and staffing, and positively autocorrelated noise makes the plain test
 * see trends that are not there.
 */
final class MannKendall {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  /**
   * @param s the Mann-Kendall statistic
   * @param z the continuity-corrected normal score
   * @param pValue two-sided
   * @param tau Kendall's tau (s over the number of pairs)
   * @param senSlope median of pairwise slopes, per unit of x
   * @param n number of points
   */
  public record Result(long s, double z, double pValue, double tau, double senSlope, int n, double variance) {

    /** "increasing", "decreasing" or "no trend" at the given significance level. */
    public String direction(double alpha) {
      if (pValue >= alpha) {
        return "no trend";
      }
      return s > 0 ? "increasing" : "decreasing";
    }
  }

  private MannKendall() {}

  /** Needs at least 3 points with x strictly increasing. */
  public static Result test(double[] x, double[] y) {
    Statistic st = statistic(x, y);
    return result(st, st.variance());
  }

  /**
   * The Hamed-Rao test: the variance of S is multiplied by n/n*, estimated from the significant
   * autocorrelations (two-sided at {@code acfLevel}) of the ranks of the series detrended by Sen's
   * slope, over lags 1 to {@code maxLag} (at most n - 1).
   *
   * @param conservative take the correction only when it widens the variance: negative
   *     autocorrelation found in a short series would otherwise make a trend easier to declare
   */
  public static Result hamedRao(double[] x, double[] y, int maxLag, double acfLevel, boolean conservative) {
    Statistic st = statistic(x, y);
    int n = y.length;
    double[] detrended = new double[n];
    for (int i = 0; i < n; i++) {
      detrended[i] = y[i] - st.senSlope() * x[i];
    }
    double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(detrended);
    double[] acf = autocorrelation(ranks);
    double bound = STANDARD_NORMAL.inverseCumulativeProbability(1 - acfLevel / 2) / Math.sqrt(n);
    double sum = 0;
    for (int k = 1; k <= Math.min(maxLag, n - 1); k++) {
      if (Math.abs(acf[k]) > bound) {
        sum += (n - k) * (n - k - 1.0) * (n - k - 2.0) * acf[k];
      }
    }
    double ratio = 1 + 2.0 / (n * (n - 1.0) * (n - 2.0)) * sum;
    if (conservative) {
      ratio = Math.max(1, ratio);
    }
    // A ratio at or below zero means the estimate is unusable (a tiny, strongly alternating series).
    return result(st, ratio > 0 ? st.variance() * ratio : st.variance());
  }

  /** Sample autocorrelation at every lag, with the biased (divide by n) autocovariance. */
  static double[] autocorrelation(double[] v) {
    int n = v.length;
    double mean = Arrays.stream(v).average().orElse(0);
    double[] acf = new double[n];
    double c0 = 0;
    for (double a : v) {
      c0 += (a - mean) * (a - mean);
    }
    for (int k = 0; k < n; k++) {
      double c = 0;
      for (int i = 0; i + k < n; i++) {
        c += (v[i] - mean) * (v[i + k] - mean);
      }
      acf[k] = c0 == 0 ? 0 : c / c0;
    }
    return acf;
  }

  private record Statistic(long s, double variance, double senSlope, int n) {}

  private static Result result(Statistic st, double variance) {
    long s = st.s();
    double z = 0;
    if (variance > 0 && s != 0) {
      z = (s - Math.signum(s)) / Math.sqrt(variance);
    }
    double p = 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
    int n = st.n();
    double tau = s / (n * (n - 1) / 2.0);
    return new Result(s, z, Math.min(1, p), tau, st.senSlope(), n, variance);
  }

  private static Statistic statistic(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y differ in length: " + x.length + " and " + y.length);
    }
    int n = y.length;
    if (n < 3) {
      throw new IllegalArgumentException("a trend test needs at least 3 points, got " + n);
    }
    for (int i = 1; i < n; i++) {
      if (!(x[i] > x[i - 1])) {
        throw new IllegalArgumentException("x must be strictly increasing at index " + i);
      }
    }
    long s = 0;
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n - 1; i++) {
      for (int j = i + 1; j < n; j++) {
        s += Long.signum(Double.compare(y[j], y[i]));
        slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
      }
    }
    double variance = (n * (n - 1.0) * (2.0 * n + 5)) / 18.0;
    Map<Double, Integer> ties = new HashMap<>();
    for (double v : y) {
      ties.merge(v, 1, Integer::sum);
    }
    for (int t : ties.values()) {
      if (t > 1) {
        variance -= (t * (t - 1.0) * (2.0 * t + 5)) / 18.0;
      }
    }
    Arrays.sort(slopes);
    int m = slopes.length;
    double sen = m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
    return new Statistic(s, variance, sen, n);
  }
}
