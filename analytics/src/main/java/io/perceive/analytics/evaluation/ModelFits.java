package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Halves.isHeldOut;

import io.perceive.analytics.sentiment.Combiner;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.WordModel;
import io.perceive.analytics.text.TextNormalizer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Fits the word model and the combiner on the fit halves, writes them where {@code fit} asks,
 * and says so in the report.
 */
final class ModelFits {

  private final Path fitOutput;
  private final Run run;

  ModelFits(Path fitOutput, Run run) {
    this.fitOutput = fitOutput;
    this.run = run;
  }

  /**
   * The word model fitted on every set's fit half, and for each row the score of a word model
   * fitted on the fit halves of the other sets only.
   */
  record WordFit(
      WordModel model, Map<String, List<String>> features, Map<String, Double> unseen) {}

  static final int WORD_MIN_COUNT = 2;

  static final int WORD_EPOCHS = 5;

  /**
   * Fits the word model on the positive and negative rows of the fit halves (each set weighs the
   * same, and within a set each of the two labels), writes it beside the combiner, and scores
   * every row with a model fitted without its set.
   */
  WordFit fitWords(List<DataSet> sets) throws IOException {
    Map<String, List<String>> grams = new HashMap<>();
    List<String> setOf = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    List<Double> weight = new ArrayList<>();
    StringBuilder used = new StringBuilder();
    for (DataSet set : sets) {
      int[] perLabel = new int[2];
      List<LabelledText> train = new ArrayList<>();
      for (LabelledText row : set.rows()) {
        grams.put(FeatureTable.key(set, row), WordModel.features(TextNormalizer.normalize(row.text())));
        if (!isHeldOut(set, row)
            && !row.fitExcluded()
            && (CommentScore.POSITIVE.equals(row.label()) || CommentScore.NEGATIVE.equals(row.label()))) {
          train.add(row);
          perLabel[CommentScore.POSITIVE.equals(row.label()) ? 1 : 0]++;
        }
      }
      for (LabelledText row : train) {
        boolean pos = CommentScore.POSITIVE.equals(row.label());
        setOf.add(set.name());
        rows.add(grams.get(FeatureTable.key(set, row)));
        positive.add(pos);
        weight.add(1.0 / (2.0 * perLabel[pos ? 1 : 0]));
      }
      used.append(set.name()).append(' ').append(train.size()).append(", ");
    }
    Map<String, Double> unseen = new HashMap<>();
    for (DataSet set : sets) {
      run.progress().accept("fitting the word model without " + set.name());
      WordModel without = fitWordsWhere(setOf, rows, positive, weight, s -> !s.equals(set.name()));
      for (LabelledText row : set.rows()) {
        unseen.put(FeatureTable.key(set, row), without.score(grams.get(FeatureTable.key(set, row))));
      }
    }
    run.progress().accept("fitting the word model on " + rows.size() + " rows");
    WordModel model = fitWordsWhere(setOf, rows, positive, weight, s -> true);
    Path out = fitOutput.toAbsolutePath().resolveSibling("word_model.tsv");
    Files.createDirectories(out.getParent());
    String provenance =
        String.format(
            Locale.ROOT,
            "positive and negative rows of the fit halves: %s; words and pairs seen in at least %d rows; %d passes",
            used.substring(0, used.length() - 2),
            WORD_MIN_COUNT,
            WORD_EPOCHS);
    save(out, model::write, provenance, "Word model fitted on the " + provenance + " (" + model.size() + " weights)");
    return new WordFit(model, grams, unseen);
  }

  static WordModel fitWordsWhere(
      List<String> setOf,
      List<List<String>> rows,
      List<Boolean> positive,
      List<Double> weight,
      Predicate<String> keep) {
    List<List<String>> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (keep.test(setOf.get(i))) {
        x.add(rows.get(i));
        y.add(positive.get(i));
        w.add(weight.get(i));
      }
    }
    boolean[] labels = new boolean[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i);
    }
    return WordModel.fit(
        x, labels, w.stream().mapToDouble(Double::doubleValue).toArray(), WORD_MIN_COUNT, WORD_EPOCHS);
  }

  /**
   * Fits on the fit halves. Each set weighs the same, and within the pooled data each label
   * weighs the same (macro-F1 rewards the rare neutral class); then the neutral bias is moved
   * to where the mean macro-F1 over the sets' fit halves is highest.
   */
  Combiner fit(List<DataSet> sets, Map<DataSet, List<double[]>> features) throws IOException {
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    Map<DataSet, List<Integer>> rowsBySet = new LinkedHashMap<>();
    StringBuilder used = new StringBuilder();
    for (DataSet set : sets) {
      List<double[]> f = features.get(set);
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < set.rows().size(); i++) {
        LabelledText row = set.rows().get(i);
        if (!isHeldOut(set, row) && !row.fitExcluded() && row.label() != null && f.get(i) != null) {
          idx.add(i);
        }
      }
      rowsBySet.put(set, idx);
      for (int i : idx) {
        x.add(f.get(i));
        y.add(DataSets.THREE.indexOf(set.rows().get(i).label()));
        w.add(1.0 / idx.size());
      }
      used.append(set.name()).append(' ').append(idx.size()).append(", ");
    }
    double[] classWeight = new double[3];
    for (int i = 0; i < y.size(); i++) {
      classWeight[y.get(i)] += w.get(i);
    }
    for (int i = 0; i < y.size(); i++) {
      w.set(i, w.get(i) / (3 * classWeight[y.get(i)]));
    }
    run.progress().accept("fitting the combiner on " + x.size() + " rows");
    Combiner c =
        Combiner.fit(
            x.toArray(new double[0][]),
            y.stream().mapToInt(Integer::intValue).toArray(),
            w.stream().mapToDouble(Double::doubleValue).toArray(),
            1e-3,
            3000);
    double bestShift = 0;
    double bestF1 = -1;
    for (double shift = -1.5; shift <= 1.5001; shift += 0.1) {
      Combiner shifted = c.withBiasShift(1, shift);
      double sum = 0;
      for (var e : rowsBySet.entrySet()) {
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int i : e.getValue()) {
          gold.add(e.getKey().rows().get(i).label());
          predicted.add(label(shifted.predict(features.get(e.getKey()).get(i))));
        }
        sum += Metrics.macroF1(gold, predicted, e.getKey().classes());
      }
      if (sum > bestF1 + 1e-9) {
        bestF1 = sum;
        bestShift = shift;
      }
    }
    c = c.withBiasShift(1, bestShift);
    Files.createDirectories(fitOutput.toAbsolutePath().getParent());
    String provenance =
        String.format(
            Locale.ROOT,
            "fit halves: %s; neutral bias shift %.1f",
            used.substring(0, used.length() - 2),
            bestShift);
    save(fitOutput, c::write, provenance, "Combiner fitted on the fit halves (" + provenance + ")");
    return c;
  }

  /** How a fitted model writes itself, with the line that says how it was fitted. */
  @FunctionalInterface
  private interface Model {
    void write(Writer out, String provenance) throws IOException;
  }

  /** Writes a fitted model to {@code file} and tells the report what was written where. */
  private void save(Path file, Model model, String provenance, String what) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      model.write(w, provenance);
    }
    run.report().append(what).append(", written to ").append(file).append(".\n\n");
  }

  static String label(double[] p) {
    int best = 1;
    for (int i = 0; i < 3; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return DataSets.THREE.get(best);
  }
}
