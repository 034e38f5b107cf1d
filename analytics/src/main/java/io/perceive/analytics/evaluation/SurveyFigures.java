package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Figures.fmt;

import io.perceive.analytics.evaluation.SurveyData.Answer;
import io.perceive.analytics.sentiment.Combiner;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.analytics.sentiment.MentionConfidence;
import io.perceive.analytics.sentiment.SurveyContext;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Figures on survey answers with their rating and question ({@code nhs-fft-v6-fit}): the
 * sentiment label from the rating alone, from the text alone, and from the text in its context,
 * and the competency dimensions against the human theme codes. With {@code fit}, the survey
 * context model is fitted here: cross-validated on the tune part (each row scored by a model
 * fitted on the other folds), then fitted on the whole tune part, measured on the rows kept
 * aside, and written beside the combiner as {@code survey_context.tsv}.
 */
final class SurveyFigures {

  static final double L2 = 1e-3;
  static final int ITERATIONS = 2000;

  /** Mentions at least this sure count as found in the confidence columns. */
  static final double SURE = 0.5;

  /** Weight of the copies of a row with its rating or its question dropped. */
  static final double DROPPED_WEIGHT = 0.5;

  private final Run run;
  private final Path fitOutput;

  SurveyFigures(Run run, Path fitOutput) {
    this.run = run;
    this.fitOutput = fitOutput;
  }

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
      Fitted full = crossValidate(answers, text, textFeatures, true, true);
      methods.add(new Method("text + rating + question, fitted", full.p(), true));
      methods.add(
          new Method("text + rating, fitted", crossValidate(answers, text, textFeatures, true, false).p(), true));
      methods.add(
          new Method("text + question, fitted", crossValidate(answers, text, textFeatures, false, true).p(), true));
      write(full.model(), answers);
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
    competency(report, answers, text, terms);
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

  /**
   * Competency dimensions found against the theme codes (a row may carry several themes): every
   * mention, and mentions of at least {@link #SURE} confidence, the confidence counted on the
   * other folds of the tune part (cross-validated) or on the whole tune part (rows kept aside).
   */
  private void competency(
      StringBuilder report, List<Answer> answers, List<CommentScore> text, List<Map<String, Set<String>>> terms)
      throws IOException {
    double[][] sure = new double[answers.size()][];
    for (int k = 0; k < SurveyData.FOLDS; k++) {
      int fold = k;
      MentionConfidence c = confidence(answers, terms, i -> !answers.get(i).aside() && answers.get(i).fold() != fold);
      for (int i = 0; i < answers.size(); i++) {
        if (!answers.get(i).aside() && answers.get(i).fold() == fold) {
          sure[i] = confidences(c, terms.get(i));
        }
      }
    }
    MentionConfidence whole = confidence(answers, terms, i -> !answers.get(i).aside());
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).aside()) {
        sure[i] = confidences(whole, terms.get(i));
      }
    }
    report.append("#### Competency against the theme codes (several themes per row)\n\n");
    report.append(
        String.format(
            Locale.ROOT,
            "| dimension | part | rows with the theme | precision | recall | F1 | precision, confidence >= %.1f | recall, confidence >= %.1f | F1, confidence >= %.1f |%n",
            SURE,
            SURE,
            SURE));
    report.append("|---|---|---|---|---|---|---|---|---|\n");
    for (int d = 0; d < HeldOutFigures.DIMENSIONS.size(); d++) {
      String dimension = HeldOutFigures.DIMENSIONS.get(d);
      for (boolean aside : List.of(false, true)) {
        int[] counts = new int[3];
        int[] sureCounts = new int[3];
        for (int i = 0; i < answers.size(); i++) {
          if (answers.get(i).aside() == aside) {
            boolean gold = answers.get(i).dimensions().contains(dimension);
            HeldOutFigures.count(counts, gold, text.get(i).competency().containsKey(dimension));
            HeldOutFigures.count(sureCounts, gold, sure[i][d] >= SURE);
          }
        }
        Metrics.Prf prf = Metrics.Prf.of(counts[0], counts[1], counts[2]);
        Metrics.Prf sured = Metrics.Prf.of(sureCounts[0], sureCounts[1], sureCounts[2]);
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                dimension,
                aside ? "kept aside" : "tune part, cross-validated",
                prf.support(),
                fmt(prf.precision()),
                fmt(prf.recall()),
                fmt(prf.f1()),
                fmt(sured.precision()),
                fmt(sured.recall()),
                fmt(sured.f1())));
      }
    }
    report.append('\n');
    if (fitOutput != null) {
      Path out = fitOutput.toAbsolutePath().resolveSibling("mention_confidence.tsv");
      String provenance =
          String.format(
              Locale.ROOT,
              "%s tune part: %d answers (CRC-32 of \"nhs-v6-aside/\" + Comment ID not divisible by 3); "
                  + "per dimension and lexicon term, the answers where the term gave the dimension its "
                  + "score, and of those the answers coded with a theme of that dimension",
              SurveyData.NAME,
              answers.stream().filter(a -> !a.aside()).count());
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        whole.write(w, provenance);
      }
      run.report().append("Mention confidence counted on the ").append(provenance).append(", written to ")
          .append(out).append(".\n\n");
    }
  }

  /** Confidence of each dimension of {@link HeldOutFigures#DIMENSIONS}; 0 where not found. */
  private static double[] confidences(MentionConfidence c, Map<String, Set<String>> terms) {
    double[] out = new double[HeldOutFigures.DIMENSIONS.size()];
    for (int d = 0; d < out.length; d++) {
      Set<String> t = terms.get(HeldOutFigures.DIMENSIONS.get(d));
      out[d] = t == null ? 0 : c.of(HeldOutFigures.DIMENSIONS.get(d), t);
    }
    return out;
  }

  /** Counts, on the chosen rows, how often each term's dimension matches a theme code. */
  static MentionConfidence confidence(
      List<Answer> answers, List<Map<String, Set<String>>> terms, IntPredicate use) {
    Map<String, Map<String, int[]>> counts = new HashMap<>();
    for (String d : HeldOutFigures.DIMENSIONS) {
      counts.put(d, new HashMap<>());
    }
    for (int i = 0; i < answers.size(); i++) {
      if (!use.test(i)) {
        continue;
      }
      Set<String> gold = answers.get(i).dimensions();
      terms.get(i)
          .forEach(
              (d, ts) -> {
                if (counts.containsKey(d)) {
                  for (String t : ts) {
                    int[] c = counts.get(d).computeIfAbsent(t, k -> new int[2]);
                    c[0]++;
                    c[1] += gold.contains(d) ? 1 : 0;
                  }
                }
              });
    }
    return MentionConfidence.of(counts);
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

  private static Fitted crossValidate(
      List<Answer> answers, List<CommentScore> text, List<double[]> textFeatures, boolean rating, boolean question) {
    double[][] x = new double[answers.size()][];
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      // Text that is empty or not English is not read: it keeps its neutral score.
      x[i] =
          textFeatures.get(i) == null
              ? null
              : SurveyContext.features(
                  text.get(i), textFeatures.get(i), rating ? a.rating() : null, question ? a.question() : null);
    }
    List<double[]> p = new ArrayList<>(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      p.add(null);
    }
    for (int k = 0; k < SurveyData.FOLDS; k++) {
      int fold = k;
      Combiner m = fit(answers, text, textFeatures, i -> !answers.get(i).aside() && answers.get(i).fold() != fold);
      for (int i = 0; i < answers.size(); i++) {
        if (!answers.get(i).aside() && answers.get(i).fold() == fold) {
          p.set(i, x[i] == null ? SurveyContext.probabilities(text.get(i)) : m.predict(x[i]));
        }
      }
    }
    Combiner whole = fit(answers, text, textFeatures, i -> !answers.get(i).aside());
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).aside()) {
        p.set(i, x[i] == null ? SurveyContext.probabilities(text.get(i)) : whole.predict(x[i]));
      }
    }
    return new Fitted(p, whole);
  }

  /**
   * Fits the context model on the chosen rows: each row in full context, and copies without
   * its rating and without its question (weighted {@link #DROPPED_WEIGHT}), so that the model
   * also serves answers that come with only one of them; each label weighs the same; then the
   * neutral bias is moved to where the macro-F1 of the full-context rows is highest.
   */
  static Combiner fit(List<Answer> answers, List<CommentScore> text, List<double[]> textFeatures, IntPredicate use) {
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
      x.add(SurveyContext.features(text.get(i), textFeatures.get(i), a.rating(), a.question()));
      y.add(label);
      w.add(1.0);
      if (a.rating() != null) {
        x.add(SurveyContext.features(text.get(i), textFeatures.get(i), null, a.question()));
        y.add(label);
        w.add(DROPPED_WEIGHT);
      }
      x.add(SurveyContext.features(text.get(i), textFeatures.get(i), a.rating(), null));
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

  private void write(Combiner model, List<Answer> answers) throws IOException {
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
      model.write(w, provenance);
    }
    run.report().append("Survey context model fitted on the ").append(provenance).append(", written to ")
        .append(out).append(".\n\n");
  }
}
