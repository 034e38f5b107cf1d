package io.perceive.analytics.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Interrupted time series by segmented regression (Wagner, Soumerai, Zhang and Ross-Degnan,
 * 2002, J. Clin. Pharm. Ther. 27: 299-309): ordinary least squares of
 * {@code y = b0 + b1 t + b2 after + b3 (t - t0) after}, where {@code after} is 1 for the points
 * after the interruption at {@code t0} (the last point before it, or a time between two
 * points). {@code b2} is the change in level at {@code t0} (the line after, extended back to it,
 * against the line before) and {@code b3} the change in slope, each with a t interval and
 * two-sided p-value on n - 4 degrees of freedom. Plain OLS: the residuals are taken as independent.
 */
public final class SegmentedRegression {

  /** A coefficient with its standard error, interval and two-sided p-value. */
  public record Coefficient(double estimate, double standardError, double lower, double upper, double pValue) {}

  /** The fit: the level before, the slope before, and the changes at the interruption. */
  public record Fit(Coefficient intercept, Coefficient slope, Coefficient levelChange, Coefficient slopeChange, int points) {}

  private SegmentedRegression() {}

  /**
   * Fits the series {@code (t[i], y[i])} interrupted at {@code t0}: points with {@code t > t0}
   * are after. Needs at least two points on each side and six in all.
   */
  public static Fit fit(double[] t, double[] y, double t0, double confidence) {
    Differences.checkConfidence(confidence);
    if (t.length != y.length) {
      throw new IllegalArgumentException("t and y must have the same length");
    }
    int after = 0;
    for (double ti : t) {
      after += ti > t0 ? 1 : 0;
    }
    if (t.length < 6 || after < 2 || t.length - after < 2) {
      throw new IllegalArgumentException("segmented regression needs six points, two on each side of the interruption");
    }
    double[][] x = new double[t.length][3];
    for (int i = 0; i < t.length; i++) {
      boolean isAfter = t[i] > t0;
      x[i][0] = t[i];
      x[i][1] = isAfter ? 1 : 0;
      x[i][2] = isAfter ? t[i] - t0 : 0;
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] b = ols.estimateRegressionParameters();
    double[] se = ols.estimateRegressionParametersStandardErrors();
    int df = t.length - 4;
    TDistribution dist = new TDistribution(df);
    double q = dist.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    Coefficient[] c = new Coefficient[4];
    for (int k = 0; k < 4; k++) {
      double p = se[k] == 0 ? (b[k] == 0 ? 1.0 : 0.0) : Math.min(1, 2 * dist.cumulativeProbability(-Math.abs(b[k] / se[k])));
      c[k] = new Coefficient(b[k], se[k], b[k] - q * se[k], b[k] + q * se[k], p);
    }
    return new Fit(c[0], c[1], c[2], c[3], t.length);
  }
}
