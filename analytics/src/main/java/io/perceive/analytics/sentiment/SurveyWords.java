package io.perceive.analytics.sentiment;

import io.perceive.analytics.text.TsvRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words of survey answers, one against the rest for each label (negative, neutral,
 * positive): three {@link WordModel}s over the same words and word pairs, fitted on survey
 * answers with their human sentiment codes ({@code perceive evaluate --fit}; resource {@code
 * survey_words.tsv}, which says on which rows). The text combiner's word model knows positive
 * from negative; this one also knows what the survey's neutral or mixed answers say ("nothing
 * to say", a fact without a judgement). It is one input of {@link SurveyContext}. Immutable and
 * thread-safe.
 */
public final class SurveyWords {

  /** Rows a word or pair must occur in to get a weight. */
  public static final int MIN_COUNT = 2;

  public static final int EPOCHS = 10;

  private static final String[] LABELS = {
    CommentScore.NEGATIVE, CommentScore.NEUTRAL, CommentScore.POSITIVE
  };

  private final WordModel[] models;

  private SurveyWords(WordModel[] models) {
    this.models = models.clone();
  }

  /** The shipped weights. */
  static SurveyWords load() {
    return Resources.read("survey_words.tsv", SurveyWords::read);
  }

  static SurveyWords read(BufferedReader r) throws IOException {
    List<Map<String, Double>> weights = new ArrayList<>();
    for (int c = 0; c < LABELS.length; c++) {
      weights.add(new HashMap<>());
    }
    TsvRows.read(r, (n, f) -> {
      int c = List.of(LABELS).indexOf(f[0]);
      if (f.length != 3 || c < 0) {
        throw new IllegalArgumentException("survey_words.tsv line " + n + ": expected label<TAB>feature<TAB>weight");
      }
      try {
        weights.get(c).put(f[1], Double.parseDouble(f[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("survey_words.tsv line " + n + ": bad weight", e);
      }
    });
    WordModel[] models = new WordModel[LABELS.length];
    for (int c = 0; c < LABELS.length; c++) {
      models[c] = new WordModel(weights.get(c));
    }
    return new SurveyWords(models);
  }

  /**
   * Fits the three models on the given texts and labels (0 negative, 1 neutral, 2 positive); in
   * each, the label and the rest weigh the same.
   */
  public static SurveyWords fit(List<String> texts, int[] labels) {
    List<List<String>> rows = new ArrayList<>(texts.size());
    for (String t : texts) {
      rows.add(WordModel.features(t));
    }
    WordModel[] models = new WordModel[LABELS.length];
    for (int c = 0; c < LABELS.length; c++) {
      boolean[] target = new boolean[labels.length];
      int in = 0;
      for (int i = 0; i < labels.length; i++) {
        target[i] = labels[i] == c;
        in += target[i] ? 1 : 0;
      }
      double[] w = new double[labels.length];
      for (int i = 0; i < labels.length; i++) {
        w[i] = 0.5 / Math.max(1, target[i] ? in : labels.length - in);
      }
      models[c] = WordModel.fit(rows, target, w, MIN_COUNT, EPOCHS);
    }
    return new SurveyWords(models);
  }

  /** Log-odds of each label (negative, neutral, positive) against the rest for a text. */
  public double[] scores(String text) {
    List<String> features = WordModel.features(text);
    double[] out = new double[LABELS.length];
    for (int c = 0; c < LABELS.length; c++) {
      out[c] = models[c].score(features);
    }
    return out;
  }

  /** Writes the weights in the format {@link #load} reads. */
  public void write(Writer out, String provenance) throws IOException {
    out.write("# fitted by perceive evaluate --fit; " + provenance + "\n");
    out.write("# label<TAB>feature<TAB>weight (log-odds of the label against the other two); see SurveyWords\n");
    for (int c = 0; c < LABELS.length; c++) {
      for (Map.Entry<String, Double> e : new TreeMap<>(models[c].weights()).entrySet()) {
        out.write(LABELS[c] + "\t" + e.getKey() + "\t" + String.format(Locale.ROOT, "%.5f", e.getValue()) + "\n");
      }
    }
  }
}
