package io.perceive.analytics.stats;

/**
 * A point estimate with its confidence interval and the number of observations behind it.
 * Suppressed estimates (fewer observations than the minimum) carry no value or bounds, so they
 * can never be drawn or ranked.
 */
public record Estimate(Double value, Double lower, Double upper, long n, boolean suppressed) {

  public static Estimate suppressed(long n) {
    return new Estimate(null, null, null, n, true);
  }

  static Estimate of(double value, double lower, double upper, long n) {
    return new Estimate(value, lower, upper, n, false);
  }
}
