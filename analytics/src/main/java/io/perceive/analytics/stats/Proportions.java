package io.perceive.analytics.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;

/** Comparing proportions across segments, with control of false discoveries. */
final class Proportions {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  private Proportions() {}

  /** Two-sided p-value of the pooled two-proportion z-test of x1/n1 against x2/n2. */
  public static double twoProportionPValue(long x1, long n1, long x2, long n2) {
    if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
      throw new IllegalArgumentException("counts must satisfy 0 <= x <= n and n > 0");
    }
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    if (se == 0) {
      return p1 == p2 ? 1.0 : 0.0;
    }
    double z = (p1 - p2) / se;
    return Math.min(1, 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z))));
  }

  /**
   * Benjamini-Hochberg adjusted p-values (q-values), in the order given: a segment is a discovery
   * at false discovery rate q when its adjusted value is below q.
   */
  public static double[] benjaminiHochberg(double[] pValues) {
    int m = pValues.length;
    Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    double[] adjusted = new double[m];
    double running = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, pValues[i] * m / rank);
      adjusted[i] = Math.min(1.0, running);
    }
    return adjusted;
  }
}
