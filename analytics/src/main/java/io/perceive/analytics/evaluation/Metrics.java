package io.perceive.analytics.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Agreement between predictions and human labels. */
final class Metrics {

  /** Precision, recall and F1 of one class or dimension, with the number of gold cases. */
  record Prf(double precision, double recall, double f1, int support) {
    static Prf of(int tp, int fp, int fn) {
      double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
      double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
      return new Prf(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), tp + fn);
    }

    /** From counts kept as {true positives, false positives, false negatives}. */
    static Prf of(int[] counts) {
      return of(counts[0], counts[1], counts[2]);
    }
  }

  private Metrics() {}

  static double accuracy(List<String> gold, List<String> predicted) {
    int right = 0;
    for (int i = 0; i < gold.size(); i++) {
      if (gold.get(i).equals(predicted.get(i))) {
        right++;
      }
    }
    return gold.isEmpty() ? Double.NaN : right / (double) gold.size();
  }

  /**
   * Mean F1 over the classes the gold labels use; a prediction outside them (neutral on a
   * binary set) counts as a miss.
   */
  static double macroF1(List<String> gold, List<String> predicted, List<String> classes) {
    double sum = 0;
    for (String c : classes) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = 0; i < gold.size(); i++) {
        boolean g = gold.get(i).equals(c);
        boolean p = predicted.get(i).equals(c);
        if (g && p) {
          tp++;
        } else if (p) {
          fp++;
        } else if (g) {
          fn++;
        }
      }
      sum += Prf.of(tp, fp, fn).f1();
    }
    return sum / classes.size();
  }

  static double pearson(double[] a, double[] b) {
    return a.length < 3 ? Double.NaN : new PearsonsCorrelation().correlation(a, b);
  }

  static double spearman(double[] a, double[] b) {
    return a.length < 3 ? Double.NaN : new SpearmansCorrelation().correlation(a, b);
  }

  /**
   * A paired bootstrap: resamples the rows with replacement, the same rows for both sides, and
   * returns the 2.5th and 97.5th percentiles of what {@code difference} computes on each
   * resample (row indices into the sample). Fixed seed, so a report is reproducible.
   */
  static double[] bootstrapInterval(int n, ToDoubleFunction<int[]> difference, int rounds) {
    SplittableRandom random = new SplittableRandom(20261201L);
    double[] d = new double[rounds];
    int[] rows = new int[n];
    int kept = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      double v = difference.applyAsDouble(rows);
      if (!Double.isNaN(v)) {
        d[kept++] = v;
      }
    }
    if (kept == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] sorted = Arrays.copyOf(d, kept);
    Arrays.sort(sorted);
    return new double[] {
      sorted[(int) Math.floor(0.025 * (kept - 1))], sorted[(int) Math.ceil(0.975 * (kept - 1))]
    };
  }

  /** The elements of a list at the given rows. */
  static <T> List<T> pick(List<T> values, int[] rows) {
    List<T> out = new ArrayList<>(rows.length);
    for (int r : rows) {
      out.add(values.get(r));
    }
    return out;
  }

  /** The elements of an array at the given rows. */
  static double[] pick(double[] values, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }
}
