package io.perceive.analytics.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Confidence intervals for the survey metrics (DESIGN.md, Statistics). All methods are pure and
 * return a suppressed estimate below {@code minN}, so a cell with two responses is never shown.
 */
public final class Intervals {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private Intervals() {}

  /** Two-sided critical value of the standard normal for a confidence level such as 0.95. */
  static double z(double confidence) {
    checkConfidence(confidence);
    return STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /**
   * Wilson score interval for a proportion (CSAT is the share of 4 and 5 on a 1-5 scale). Unlike
   * the normal approximation it stays inside [0, 1] and behaves at 0 and n successes.
   */
  public static Estimate wilson(long successes, long n, double confidence, int minN) {
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException("successes must be within [0, n]: " + successes + " of " + n);
    }
    if (n < Math.max(1, minN)) {
      return Estimate.suppressed(n);
    }
    double z = z(confidence);
    double p = (double) successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return Estimate.of(p, Math.max(0, centre - half), Math.min(1, centre + half), n);
  }

  /** Mean with a Student t interval, from running sums (what the rollups store). */
  public static Estimate mean(double sum, double sumOfSquares, long n, double confidence, int minN) {
    if (n < Math.max(2, minN)) {
      return Estimate.suppressed(n);
    }
    checkConfidence(confidence);
    double mean = sum / n;
    // Sample variance from sums; clamp rounding noise below zero.
    double variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double half = t * Math.sqrt(variance / n);
    return Estimate.of(mean, mean - half, mean + half, n);
  }

  /**
   * Net Promoter Score on a -100..100 scale: promoters (9-10) minus detractors (0-6), with the
   * standard error 100 * sqrt((p + d - (p - d)^2) / n) and a normal interval clamped to the scale.
   */
  public static Estimate nps(long promoters, long detractors, long n, double confidence, int minN) {
    if (promoters < 0 || detractors < 0 || promoters + detractors > n) {
      throw new IllegalArgumentException(
          "promoters + detractors must not exceed n: " + promoters + " + " + detractors + " > " + n);
    }
    if (n < Math.max(1, minN)) {
      return Estimate.suppressed(n);
    }
    double p = (double) promoters / n;
    double d = (double) detractors / n;
    double score = 100 * (p - d);
    double se = 100 * Math.sqrt(Math.max(0, (p + d - (p - d) * (p - d)) / n));
    double half = z(confidence) * se;
    return Estimate.of(score, Math.max(-100, score - half), Math.min(100, score + half), n);
  }

  private static void checkConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
    }
  }
}
