package io.perceive.analytics.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A logistic regression over the words and word pairs of a text: the log-odds that a human
 * reads it positive rather than negative. Words after a negation ("not", "never", "n't") up to
 * the next punctuation or "but" count as their own features ("not_helpful"), word pairs
 * carry what single words miss ("no problem", "too long"), and a problem word that the text says
 * was fixed ("my issue was resolved") stands as {@code <resolved>}, not as the problem.
 *
 * <p>It reads vocabulary that neither CoreNLP's movie-review model nor the VADER lexicon knows
 * ("rehab", "discharged", "sorted"), and it is one input of the {@link Combiner}, which decides
 * how far to trust it. Fitted by {@code perceive evaluate --fit} on the fit halves of the
 * labelled sets and shipped as the resource {@code word_model.tsv}. Immutable and thread-safe.
 */
public final class WordModel {

  static final String BIAS = "<bias>";

  private static final String START = "<s>";

  /** Stands for a problem word that the text says was fixed ({@link ClauseCues#fixOf}). */
  static final String RESOLVED = "<resolved>";

  private static final Set<String> NEGATORS =
      Set.of(
          "not", "no", "never", "n't", "cannot", "nothing", "nobody", "none", "neither", "nor",
          "without", "hardly");

  /** AdaGrad's base step and the L2 penalty of {@link #fit}. */
  private static final double RATE = 0.1;

  private static final double L2 = 1e-4;

  private final Map<String, Double> weights;

  WordModel(Map<String, Double> weights) {
    this.weights = Map.copyOf(weights);
  }

  /** The shipped weights. */
  public static WordModel load() {
    return Resources.read("word_model.tsv", WordModel::read);
  }

  static WordModel read(BufferedReader r) throws IOException {
    Map<String, Double> w = new HashMap<>();
    int lineNo = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab <= 0) {
        throw new IllegalArgumentException("word_model.tsv line " + lineNo + ": expected feature<TAB>weight");
      }
      try {
        w.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("word_model.tsv line " + lineNo + ": bad weight", e);
      }
    }
    return new WordModel(w);
  }

  /** Writes the weights, sorted, in the format {@link #load} reads. */
  public void write(Writer out, String provenance) throws IOException {
    out.write("# fitted by perceive evaluate --fit; " + provenance + "\n");
    out.write("# feature<TAB>weight (log-odds of positive against negative); see WordModel\n");
    for (Map.Entry<String, Double> e : new TreeMap<>(weights).entrySet()) {
      out.write(e.getKey() + "\t" + String.format(Locale.ROOT, "%.5f", e.getValue()) + "\n");
    }
  }

  /** The weights by feature, to write them elsewhere. */
  Map<String, Double> weights() {
    return weights;
  }

  /** Number of features with a weight (bias included). */
  public int size() {
    return weights.size();
  }

  /** Log-odds of positive against negative for a text (normalised as the scorer normalises comments). */
  public double score(String text) {
    return score(features(text));
  }

  /** Log-odds of positive against negative for the {@link #features} of a text. */
  public double score(List<String> features) {
    double z = weights.getOrDefault(BIAS, 0.0);
    for (String f : features) {
      z += weights.getOrDefault(f, 0.0);
    }
    return z;
  }

  /** The words (negated ones marked "not_") and word pairs of a text, lower-cased. */
  public static List<String> features(String text) {
    List<String> tokens = tokens(text.toLowerCase(Locale.ROOT));
    List<String> read = new ArrayList<>(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      // "my problem was solved" praises the fix; the data has too few such rows to learn that.
      if (ClauseCues.fixOf(tokens, i) == ClauseCues.Fix.RESOLVED) {
        read.set(i, RESOLVED);
      }
    }
    tokens = read;
    List<String> out = new ArrayList<>(tokens.size() * 2);
    boolean negated = false;
    String previous = START;
    for (String t : tokens) {
      out.add(previous + " " + t);
      previous = t;
      if (isPunctuation(t) || t.equals("but")) {
        negated = false;
        continue;
      }
      out.add(negated ? "not_" + t : t);
      if (NEGATORS.contains(t)) {
        negated = true;
      }
    }
    return out;
  }

  /** Runs of letters, digits and apostrophes, "n't" split off its verb, and . , ; : ! ? alone. */
  static List<String> tokens(String lower) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = lower.length();
    while (i < n) {
      char c = lower.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '\'') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(lower.charAt(j)) || lower.charAt(j) == '\'')) {
          j++;
        }
        String word = lower.substring(i, j);
        if (word.endsWith("n't") && word.length() > 3) {
          out.add(word.substring(0, word.length() - 3));
          out.add("n't");
        } else if (!word.equals("'")) {
          out.add(word);
        }
        i = j;
      } else {
        if (isPunctuation(String.valueOf(c))) {
          out.add(String.valueOf(c));
        }
        i++;
      }
    }
    return out;
  }

  private static boolean isPunctuation(String t) {
    return t.length() == 1 && ".,;:!?".indexOf(t.charAt(0)) >= 0;
  }

  /**
   * Fits the weights by AdaGrad on the L2-regularised, weighted log-loss, visiting the rows in
   * a shuffled order fixed by the seed (the same data gives the same file). Features seen in
   * fewer than {@code minCount} rows get no weight: a word met once is noise, and the file
   * stays small.
   *
   * @param rows features of each row ({@link #features})
   * @param positive whether each row is positive (rows are positive or negative, not neutral)
   * @param rowWeight weight of each row (to balance data sets and classes)
   */
  public static WordModel fit(
      List<List<String>> rows, boolean[] positive, double[] rowWeight, int minCount, int epochs) {
    Map<String, Integer> count = new HashMap<>();
    for (List<String> row : rows) {
      for (String f : Set.copyOf(row)) {
        count.merge(f, 1, Integer::sum);
      }
    }
    double total = 0;
    for (double w : rowWeight) {
      total += w;
    }
    double scale = rows.size() / total;
    Map<String, Double> w = new HashMap<>();
    Map<String, Double> squares = new HashMap<>();
    List<List<String>> kept = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      List<String> k = new ArrayList<>(row.size() + 1);
      for (String f : row) {
        if (count.get(f) >= minCount) {
          k.add(f);
        }
      }
      k.add(BIAS);
      kept.add(k);
    }
    List<Integer> order = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    Random random = new Random(7);
    for (int epoch = 0; epoch < epochs; epoch++) {
      Collections.shuffle(order, random);
      for (int i : order) {
        double z = 0;
        for (String f : kept.get(i)) {
          z += w.getOrDefault(f, 0.0);
        }
        double p = 1 / (1 + Math.exp(-z));
        double error = (p - (positive[i] ? 1 : 0)) * rowWeight[i] * scale;
        for (String f : kept.get(i)) {
          double current = w.getOrDefault(f, 0.0);
          double g = error + (f.equals(BIAS) ? 0 : L2 * current);
          double sum = squares.merge(f, g * g, Double::sum);
          w.put(f, current - RATE * g / Math.sqrt(sum + 1e-8));
        }
      }
    }
    return new WordModel(w);
  }
}
