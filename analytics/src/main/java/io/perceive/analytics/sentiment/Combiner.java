package io.perceive.analytics.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * A multinomial logistic regression from named features to the probabilities of negative,
 * neutral and positive. The text combiner reads {@link Features} (resource {@code
 * combiner.tsv}); the survey-context model reads {@link SurveyContext#NAMES} (resource {@code
 * survey_context.tsv}). Coefficients are fitted offline by {@code perceive evaluate --fit}.
 * Immutable and thread-safe.
 */
public final class Combiner {

  static final List<String> CLASSES =
      List.of(CommentScore.NEGATIVE, CommentScore.NEUTRAL, CommentScore.POSITIVE);

  private final List<String> names;
  private final double[][] weights;

  Combiner(double[][] weights) {
    this(Features.NAMES, weights);
  }

  Combiner(List<String> names, double[][] weights) {
    if (weights.length != 3) {
      throw new IllegalArgumentException("one row of weights per class expected");
    }
    this.names = List.copyOf(names);
    this.weights = new double[3][];
    for (int c = 0; c < 3; c++) {
      if (weights[c] == null || weights[c].length != names.size()) {
        throw new IllegalArgumentException("one weight per feature expected");
      }
      this.weights[c] = weights[c].clone();
    }
  }

  /** The shipped coefficients. */
  public static Combiner load() {
    return Resources.read("combiner.tsv", Combiner::read);
  }

  static Combiner read(BufferedReader r) throws IOException {
    return read(r, Features.NAMES, "combiner.tsv");
  }

  static Combiner read(BufferedReader r, List<String> names, String file) throws IOException {
    double[][] w = new double[3][];
    for (String line; (line = r.readLine()) != null; ) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f[0].equals("class")) {
        if (!List.of(f).subList(1, f.length).equals(names)) {
          throw new IllegalArgumentException(file + " features differ from " + names);
        }
        continue;
      }
      int c = CLASSES.indexOf(f[0]);
      if (c < 0 || f.length != names.size() + 1) {
        throw new IllegalArgumentException(file + ": bad row " + f[0]);
      }
      w[c] = new double[names.size()];
      for (int i = 0; i < w[c].length; i++) {
        w[c][i] = Double.parseDouble(f[i + 1]);
      }
    }
    return new Combiner(names, w);
  }

  /** Writes the coefficients in the format {@link #load} reads. */
  public void write(Writer out, String provenance) throws IOException {
    out.write("# fitted by perceive evaluate --fit; " + provenance + "\n");
    out.write("class\t" + String.join("\t", names) + "\n");
    for (int c = 0; c < 3; c++) {
      StringBuilder sb = new StringBuilder(CLASSES.get(c));
      for (double v : weights[c]) {
        sb.append('\t').append(String.format(Locale.ROOT, "%.6f", v));
      }
      out.write(sb.append('\n').toString());
    }
  }

  /** Probabilities of negative, neutral, positive. */
  double[] probabilities(double[] features) {
    double[] z = new double[3];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < 3; c++) {
      double s = 0;
      for (int i = 0; i < features.length; i++) {
        s += weights[c][i] * features[i];
      }
      z[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < 3; c++) {
      z[c] /= sum;
    }
    return z;
  }

  /**
   * Fits the weights by gradient descent with momentum on the L2-regularised, weighted
   * cross-entropy. Features are standardised while fitting (they are correlated and on
   * different scales) and the weights mapped back, so the file holds weights on raw features.
   *
   * @param x feature rows ({@link Features#NAMES} order, first column the constant 1)
   * @param y class index per row (0 negative, 1 neutral, 2 positive)
   * @param rowWeight weight of each row (to balance data sets and classes)
   */
  public static Combiner fit(double[][] x, int[] y, double[] rowWeight, double l2, int iterations) {
    return fit(Features.NAMES, x, y, rowWeight, l2, iterations);
  }

  /** As {@link #fit(double[][], int[], double[], double, int)}, over the named features. */
  public static Combiner fit(
      List<String> names, double[][] x, int[] y, double[] rowWeight, double l2, int iterations) {
    int f = names.size();
    int n = x.length;
    double total = 0;
    for (double rw : rowWeight) {
      total += rw;
    }
    double[] mean = new double[f];
    double[] sd = new double[f];
    for (int i = 1; i < f; i++) {
      for (int r = 0; r < n; r++) {
        mean[i] += rowWeight[r] * x[r][i];
      }
      mean[i] /= total;
      for (int r = 0; r < n; r++) {
        sd[i] += rowWeight[r] * (x[r][i] - mean[i]) * (x[r][i] - mean[i]);
      }
      sd[i] = Math.sqrt(sd[i] / total);
      if (sd[i] < 1e-9) {
        sd[i] = 1;
      }
    }
    double[][] z = new double[n][f];
    for (int r = 0; r < n; r++) {
      z[r][0] = 1;
      for (int i = 1; i < f; i++) {
        z[r][i] = (x[r][i] - mean[i]) / sd[i];
      }
    }
    double[][] w = new double[3][f];
    double[][] velocity = new double[3][f];
    double rate = 0.5;
    double momentum = 0.9;
    for (int it = 0; it < iterations; it++) {
      Combiner current = new Combiner(names, w);
      double[][] grad = new double[3][f];
      for (int r = 0; r < n; r++) {
        double[] p = current.probabilities(z[r]);
        for (int c = 0; c < 3; c++) {
          double err = (p[c] - (y[r] == c ? 1 : 0)) * rowWeight[r] / total;
          for (int i = 0; i < f; i++) {
            grad[c][i] += err * z[r][i];
          }
        }
      }
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < f; i++) {
          double g = grad[c][i] + (i == 0 ? 0 : l2 * w[c][i]);
          velocity[c][i] = momentum * velocity[c][i] - rate * g;
          w[c][i] += velocity[c][i];
        }
      }
    }
    double[][] raw = new double[3][f];
    for (int c = 0; c < 3; c++) {
      raw[c][0] = w[c][0];
      for (int i = 1; i < f; i++) {
        raw[c][i] = w[c][i] / sd[i];
        raw[c][0] -= w[c][i] * mean[i] / sd[i];
      }
    }
    return new Combiner(names, raw);
  }

  /** The same weights with the bias of one class (0 negative, 1 neutral, 2 positive) moved. */
  public Combiner withBiasShift(int c, double delta) {
    double[][] w = new double[3][];
    for (int i = 0; i < 3; i++) {
      w[i] = weights[i].clone();
    }
    w[c][0] += delta;
    return new Combiner(names, w);
  }

  /** Probabilities for raw feature rows (used by the evaluation to check a fit). */
  public double[] predict(double[] features) {
    return probabilities(features);
  }
}
