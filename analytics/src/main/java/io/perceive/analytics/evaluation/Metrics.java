package io.perceive.analytics.evaluation;

import java.util.List;
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
}
