package io.perceive.analytics.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Mann-Kendall test for a monotonic trend, with Sen's slope. Non-parametric: it asks whether later
 * values tend to be larger (or smaller) than earlier ones, whatever the shape, so one outlier week
 * does not make a trend. Uses the normal approximation with the tie correction of the variance.
 */
public final class MannKendall {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  /**
   * @param s the Mann-Kendall statistic
   * @param z the continuity-corrected normal score
   * @param pValue two-sided
   * @param tau Kendall's tau (s over the number of pairs)
   * @param senSlope median of pairwise slopes, per unit of x
   * @param n number of points
   */
  public record Result(long s, double z, double pValue, double tau, double senSlope, int n) {

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
    double z = 0;
    if (variance > 0 && s != 0) {
      z = (s - Math.signum(s)) / Math.sqrt(variance);
    }
    double p = 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
    Arrays.sort(slopes);
    int m = slopes.length;
    double sen = m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
    double tau = s / (n * (n - 1) / 2.0);
    return new Result(s, z, Math.min(1, p), tau, sen, n);
  }
}
