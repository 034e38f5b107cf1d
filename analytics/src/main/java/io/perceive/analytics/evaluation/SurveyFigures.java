package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Figures.fmt;

import io.perceive.analytics.evaluation.SurveyData.Answer;
import io.perceive.analytics.sentiment.Combiner;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.analytics.sentiment.SurveyContext;
import io.perceive.analytics.sentiment.SurveyWords;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Figures on survey answers with their rating and question ({@code nhs-fft-v6-fit}): the
 * sentiment label from the rating alone, from the text alone, and from the text in its context,
 * and the competency dimensions against the human theme codes ({@link SurveyCompetency}). With
 * {@code fit}, the survey context model and its survey words are fitted here: cross-validated
 * on the tune part (each row scored by models fitted on the other folds, the survey words
 * stacked within them), then fitted on the whole tune part, measured on the rows kept aside,
 * and written beside the combiner as {@code survey_context.tsv} and {@code survey_words.tsv}.
 */
record SurveyFigures(Run run, Path fitOutput) {

  static final double L2 = 1e-2;
  static final int ITERATIONS = 2000;

  /** Weight of the copies of a row with its rating or its question dropped. */
  static final double DROPPED_WEIGHT = 0.5;


  /** One way of labelling the answers: probabilities per row, null where it has none. */
  private record Method(String name, List<double[]> p, boolean tuneMeasured) {}

  void run(Path data, CoreNlpCommentScorer scorer) throws IOException {
    List<Answer> answers = SurveyData.load(data);
    StringBuilder report = run.report();
    if (answers.isEmpty()) {
      report.append("No ").append(SurveyData.NAME).append(" under the data folder: survey figures skipped.\n\n");
      return;
    }
    run.progress().accept("scoring " + answers.size() + " survey answers");
    List<CoreNlpCommentScorer.Comment> alone = new ArrayList<>();
    List<CoreNlpCommentScorer.Comment> inContext = new ArrayList<>();
    for (Answer a : answers) {
      alone.add(new CoreNlpCommentScorer.Comment(a.text()));
      inContext.add(new CoreNlpCommentScorer.Comment(a.text(), a.rating(), a.question()));
    }
    List<CommentScore> text = scorer.scoreAll(alone);
    List<CommentScore> shipped = scorer.scoreAll(inContext);
    List<double[]> textFeatures = scorer.featuresAll(answers.stream().map(Answer::text).toList());
    List<Method> methods = new ArrayList<>();
    methods.add(new Method("rating alone", ratingAlone(answers), true));
    methods.add(new Method("text alone", probabilities(text), true));
    methods.add(new Method("text + rating + question, shipped context model", probabilities(shipped), false));
    if (fitOutput != null) {
      run.progress().accept("fitting the survey words, stacked within each fold");
      List<Stack> words = new ArrayList<>();
      for (int k = 0; k <= SurveyData.FOLDS; k++) {
        int fold = k;
        words.add(stack(answers, i -> !answers.get(i).aside() && answers.get(i).fold() != fold));
      }
      Fitted full = crossValidate(answers, text, textFeatures, words, true, true);
      methods.add(new Method("text + rating + question, fitted", full.p(), true));
      methods.add(
          new Method(
              "text + rating, fitted", crossValidate(answers, text, textFeatures, words, true, false).p(), true));
      methods.add(
          new Method(
              "text + question, fitted", crossValidate(answers, text, textFeatures, words, false, true).p(), true));
      write(SurveyContext.of(full.model(), words.get(SurveyData.FOLDS).model()), answers);
    }
    int tune = (int) answers.stream().filter(a -> !a.aside()).count();
    report.append("### Survey answers with rating and question (").append(SurveyData.NAME).append(")\n\n");
    report.append(
        String.format(
            Locale.ROOT,
            "%d answers: %d in the tune part (five folds: a fitted model's figure there is cross-validated, "
                + "each row scored by the model fitted on the other four folds), %d kept aside "
                + "(scored by the model fitted on the whole tune part). A shipped context model was "
                + "fitted on the tune part, so it is measured on the rows kept aside only.%n%n",
            answers.size(),
            tune,
            answers.size() - tune));
    report.append(
        "| labels from | rows | macro-F1 | F1 negative | F1 neutral | F1 positive | accuracy | Spearman with the 1-5 code |\n");
    report.append("|---|---|---|---|---|---|---|---|\n");
    for (Method m : methods) {
      if (m.tuneMeasured()) {
        row(report, m, answers, i -> !answers.get(i).aside(), "tune part");
      }
      row(report, m, answers, i -> answers.get(i).aside(), "kept aside");
    }
    report.append('\n');
    List<Map<String, Set<String>>> terms = new ArrayList<>();
    for (Answer a : answers) {
      terms.add(scorer.mentionTerms(a.text()));
    }
    SurveyCompetency.report(run, fitOutput, answers, text, terms);
  }

  private static void row(
      StringBuilder report, Method m, List<Answer> answers, IntPredicate keep, String part) {
    List<String> gold = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<Double> human = new ArrayList<>();
    List<Double> score = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (!keep.test(i)) {
        continue;
      }
      double[] p = m.p().get(i);
      gold.add(answers.get(i).label());
      predicted.add(ModelFits.label(p));
      human.add(answers.get(i).intensity());
      score.add(p[2] - p[0]);
    }
    double[] f1 = new double[3];
    for (int c = 0; c < 3; c++) {
      f1[c] = Metrics.macroF1(gold, predicted, List.of(DataSets.THREE.get(c)));
    }
    report.append(
        String.format(
            Locale.ROOT,
            "| %s (%s) | %d | %s | %s | %s | %s | %s | %s |%n",
            m.name(),
            part,
            gold.size(),
            fmt(Metrics.macroF1(gold, predicted, DataSets.THREE)),
            fmt(f1[0]),
            fmt(f1[1]),
            fmt(f1[2]),
            fmt(Metrics.accuracy(gold, predicted)),
            fmt(
                Metrics.spearman(
                    human.stream().mapToDouble(Double::doubleValue).toArray(),
                    score.stream().mapToDouble(Double::doubleValue).toArray()))));
  }

  private static List<double[]> ratingAlone(List<Answer> answers) {
    List<double[]> p = new ArrayList<>();
    for (Answer a : answers) {
      int r = a.rating() == null ? 3 : a.rating();
      p.add(r >= 4 ? new double[] {0, 0, 1} : r == 3 ? new double[] {0, 1, 0} : new double[] {1, 0, 0});
    }
    return p;
  }

  private static List<double[]> probabilities(List<CommentScore> scores) {
    List<double[]> p = new ArrayList<>();
    for (CommentScore s : scores) {
      p.add(SurveyContext.probabilities(s));
    }
    return p;
  }

  /** Out-of-fold probabilities on the tune part, aside rows from the model of the whole tune part. */
  private record Fitted(List<double[]> p, Combiner model) {}

  /**
   * Survey-word scores of every row for a context model fitted on the {@code train} rows: those
   * rows scored out of fold (by survey words fitted on the other folds of {@code train}), as
   * the context model must learn how far to trust words it has not seen fitted on the row
   * itself; every other row scored by the survey words of all {@code train} rows ({@code model}).
   */
  private record Stack(double[][] scores, SurveyWords model) {}

  private static Stack stack(List<Answer> answers, IntPredicate train) {
    double[][] scores = new double[answers.size()][];
    SurveyWords all = words(answers, train);
    for (int i = 0; i < answers.size(); i++) {
      if (!train.test(i)) {
        scores[i] = all.scores(answers.get(i).text());
      }
    }
    for (int g = 0; g < SurveyData.FOLDS; g++) {
      int fold = g;
      IntPredicate held = i -> train.test(i) && answers.get(i).fold() == fold;
      if (IntStream.range(0, answers.size()).noneMatch(held)) {
        continue;
      }
      SurveyWords m = words(answers, i -> train.test(i) && answers.get(i).fold() != fold);
      for (int i = 0; i < answers.size(); i++) {
        if (held.test(i)) {
          scores[i] = m.scores(answers.get(i).text());
        }
      }
    }
    return new Stack(scores, all);
  }

  private static SurveyWords words(List<Answer> answers, IntPredicate use) {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (use.test(i)) {
        texts.add(answers.get(i).text());
        labels.add(DataSets.THREE.indexOf(answers.get(i).label()));
      }
    }
    return SurveyWords.fit(texts, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The context model's input for a row, or null where the text is not read. */
  private static double[] input(
      Answer a, CommentScore text, double[] textFeatures, double[] words, boolean rating, boolean question) {
    // Text that is empty or not English is not read: it keeps its neutral score.
    return textFeatures == null
        ? null
        : SurveyContext.features(text, textFeatures, words, rating ? a.rating() : null, question ? a.question() : null);
  }

  private static Fitted crossValidate(
      List<Answer> answers,
      List<CommentScore> text,
      List<double[]> textFeatures,
      List<Stack> words,
      boolean rating,
      boolean question) {
    List<double[]> p = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      p.add(null);
    }
    Combiner whole = null;
    for (int k = 0; k <= SurveyData.FOLDS; k++) {
      int fold = k;
      double[][] w = words.get(k).scores();
      IntPredicate train = i -> !answers.get(i).aside() && answers.get(i).fold() != fold;
      // Fold FOLDS is no fold: the whole tune part is fitted, and the rows kept aside scored.
      IntPredicate scored = k < SurveyData.FOLDS ? i -> !answers.get(i).aside() && answers.get(i).fold() == fold : i -> answers.get(i).aside();
      Combiner m = fit(answers, text, textFeatures, w, train);
      for (int i = 0; i < answers.size(); i++) {
        if (scored.test(i)) {
          double[] x = input(answers.get(i), text.get(i), textFeatures.get(i), w[i], rating, question);
          p.set(i, x == null ? SurveyContext.probabilities(text.get(i)) : m.predict(x));
        }
      }
      whole = m;
    }
    return new Fitted(p, whole);
  }

  /**
   * Fits the context model on the chosen rows: each row in full context, and copies without
   * its rating and without its question (weighted {@link #DROPPED_WEIGHT}), so that the model
   * also serves answers that come with only one of them; each label weighs the same; then the
   * neutral bias is moved to where the macro-F1 of the full-context rows is highest.
   */
  static Combiner fit(
      List<Answer> answers, List<CommentScore> text, List<double[]> textFeatures, double[][] words, IntPredicate use) {
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    List<Integer> full = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (!use.test(i) || textFeatures.get(i) == null) {
        continue;
      }
      Answer a = answers.get(i);
      int label = DataSets.THREE.indexOf(a.label());
      full.add(x.size());
      x.add(input(a, text.get(i), textFeatures.get(i), words[i], true, true));
      y.add(label);
      w.add(1.0);
      if (a.rating() != null) {
        x.add(input(a, text.get(i), textFeatures.get(i), words[i], false, true));
        y.add(label);
        w.add(DROPPED_WEIGHT);
      }
      x.add(input(a, text.get(i), textFeatures.get(i), words[i], true, false));
      y.add(label);
      w.add(DROPPED_WEIGHT);
    }
    double[] classWeight = new double[3];
    for (int i = 0; i < y.size(); i++) {
      classWeight[y.get(i)] += w.get(i);
    }
    double[] weights = new double[y.size()];
    for (int i = 0; i < y.size(); i++) {
      weights[i] = w.get(i) / (3 * classWeight[y.get(i)]);
    }
    double[][] rows = x.toArray(new double[0][]);
    int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
    Combiner c = Combiner.fit(SurveyContext.NAMES, rows, labels, weights, L2, ITERATIONS);
    double bestShift = 0;
    double best = -1;
    for (double shift = -1.5; shift <= 1.5001; shift += 0.1) {
      Combiner shifted = c.withBiasShift(1, shift);
      List<String> gold = new ArrayList<>();
      List<String> predicted = new ArrayList<>();
      for (int r : full) {
        gold.add(DataSets.THREE.get(labels[r]));
        predicted.add(ModelFits.label(shifted.predict(rows[r])));
      }
      double f1 = Metrics.macroF1(gold, predicted, DataSets.THREE);
      if (f1 > best + 1e-9) {
        best = f1;
        bestShift = shift;
      }
    }
    return c.withBiasShift(1, bestShift);
  }

  private void write(SurveyContext context, List<Answer> answers) throws IOException {
    Path out = fitOutput.toAbsolutePath().resolveSibling("survey_context.tsv");
    Files.createDirectories(out.getParent());
    long tune = answers.stream().filter(a -> !a.aside()).count();
    String provenance =
        String.format(
            Locale.ROOT,
            "%s tune part: %d answers (all rows whose CRC-32 of \"nhs-v6-aside/\" + Comment ID is not "
                + "divisible by 3), each also without its rating and without its question (weight %.1f); "
                + "each label weighs the same; L2 %.0e",
            SurveyData.NAME,
            tune,
            DROPPED_WEIGHT,
            L2);
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      context.model().write(w, provenance + "; survey words scored out of fold");
    }
    Path words = out.resolveSibling("survey_words.tsv");
    try (Writer w = Files.newBufferedWriter(words, StandardCharsets.UTF_8)) {
      context
          .words()
          .write(
              w,
              String.format(
                  Locale.ROOT,
                  "%s tune part: %d answers (as survey_context.tsv); words and pairs seen in at least %d answers, "
                      + "%d passes; in each of the three models the label and the rest weigh the same",
                  SurveyData.NAME,
                  tune,
                  SurveyWords.MIN_COUNT,
                  SurveyWords.EPOCHS));
    }
    run.report().append("Survey context model fitted on the ").append(provenance).append(", written to ")
        .append(out).append(".\n\n");
  }
}
