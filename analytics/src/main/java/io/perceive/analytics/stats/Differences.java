package io.perceive.analytics.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Before against after: the difference of two means (Welch's t, which does not assume equal
 * variances) or of two shares (two-proportion z), each with its confidence interval and
 * two-sided p-value. The difference is always the second group's value minus the first's.
 */
public final class Differences {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private Differences() {}

  /**
   * A difference with its interval, its two-sided p-value, the test statistic (t or z), the
   * degrees of freedom (Welch-Satterthwaite for t; infinite for z) and the standard error behind
   * the interval.
   */
  public record Difference(
      double estimate, double lower, double upper, double pValue, double statistic, double df, double standardError) {}

  /**
   * Welch's t on two samples given by their sums: {@code n}, the sum and the sum of squares of
   * each (what the rollups keep). Each needs at least two observations and some spread between them.
   */
  public static Difference welch(
      double sum1, double sumSq1, long n1, double sum2, double sumSq2, long n2, double confidence) {
    if (n1 < 2 || n2 < 2) {
      throw new IllegalArgumentException("Welch's t needs at least two observations in each group");
    }
    double m1 = sum1 / n1;
    double m2 = sum2 / n2;
    double v1 = Math.max(0, (sumSq1 - n1 * m1 * m1) / (n1 - 1));
    double v2 = Math.max(0, (sumSq2 - n2 * m2 * m2) / (n2 - 1));
    return welchOfMoments(m1, v1, n1, m2, v2, n2, confidence);
  }

  /** Welch's t on two samples given by their means, sample variances and sizes. */
  static Difference welchOfMoments(double mean1, double var1, long n1, double mean2, double var2, long n2, double confidence) {
    checkConfidence(confidence);
    double a = var1 / n1;
    double b = var2 / n2;
    double se = Math.sqrt(a + b);
    double diff = mean2 - mean1;
    if (se == 0) {
      // No spread in either group: the difference is what it is.
      return new Difference(
          diff, diff, diff, diff == 0 ? 1.0 : 0.0, diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff), n1 + n2 - 2, 0);
    }
    // Welch-Satterthwaite degrees of freedom.
    double df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
    TDistribution t = new TDistribution(df);
    double stat = diff / se;
    double p = Math.min(1, 2 * t.cumulativeProbability(-Math.abs(stat)));
    double half = t.inverseCumulativeProbability(1 - (1 - confidence) / 2) * se;
    return new Difference(diff, diff - half, diff + half, p, stat, df, se);
  }

  /**
   * The two-proportion z test of x2/n2 against x1/n1: the p-value from the pooled standard error
   * (the test of equal shares), the interval from the unpooled one (Wald).
   */
  public static Difference twoProportions(long x1, long n1, long x2, long n2, double confidence) {
    checkConfidence(confidence);
    if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
      throw new IllegalArgumentException("counts must satisfy 0 <= x <= n and n > 0");
    }
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double diff = p2 - p1;
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double z = sePooled == 0 ? 0 : diff / sePooled;
    double p = sePooled == 0 ? (diff == 0 ? 1.0 : 0.0) : Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
    double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    double half = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2) * se;
    return new Difference(diff, diff - half, diff + half, p, z, Double.POSITIVE_INFINITY, se);
  }

  /**
   * How two independent differences differ ({@code second} minus {@code first}), by the normal
   * approximation: the standard errors add in quadrature. What a comparison of two groups' changes
   * (incidents with proactive updates against those without) needs.
   */
  public static Difference between(Difference first, Difference second, double confidence) {
    checkConfidence(confidence);
    double diff = second.estimate() - first.estimate();
    double se = Math.sqrt(first.standardError() * first.standardError() + second.standardError() * second.standardError());
    double z = se == 0 ? 0 : diff / se;
    double p = se == 0 ? (diff == 0 ? 1.0 : 0.0) : Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
    double half = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2) * se;
    return new Difference(diff, diff - half, diff + half, p, z, Double.POSITIVE_INFINITY, se);
  }

  /** What a before/after comparison says, in plain words. */
  public enum Verdict {
    IMPROVED("improved"),
    WORSENED("worsened"),
    NO_CHANGE("no measurable change"),
    TOO_FEW("too few answers");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * Improved or worsened when the difference (after minus before) is significant at {@code alpha},
   * by its sign and which way is better; else no measurable change.
   */
  public static Verdict verdict(Difference d, boolean higherIsBetter, double alpha) {
    if (!(d.pValue() < alpha) || d.estimate() == 0) {
      return Verdict.NO_CHANGE;
    }
    return (d.estimate() > 0) == higherIsBetter ? Verdict.IMPROVED : Verdict.WORSENED;
  }

  static void checkConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must lie between 0 and 1: " + confidence);
    }
  }
}
