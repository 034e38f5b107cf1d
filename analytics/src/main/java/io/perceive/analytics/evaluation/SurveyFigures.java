package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Figures.fmt;

import io.perceive.analytics.evaluation.SurveyData.Answer;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    List<Method> methods = new ArrayList<>();
    methods.add(new Method("rating alone", ratingAlone(answers), true));
    methods.add(new Method("text alone", probabilities(text), true));
    methods.add(new Method("text + rating + question, shipped context rules (set by hand)", probabilities(shipped), true));
    int tune = (int) answers.stream().filter(a -> !a.aside()).count();
    report.append("### Survey answers with rating and question (").append(SurveyData.NAME).append(")\n\n");
    report.append(
        String.format(
            Locale.ROOT,
            "%d answers: %d in the tune part (five folds: a fitted model's figure there is cross-validated, "
                + "each row scored by the model fitted on the other four folds), %d kept aside "
                + "(scored by the model fitted on the whole tune part).%n%n",
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
    competency(report, answers, text);
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

  /** Competency dimensions found against the theme codes (a row may carry several themes). */
  private static void competency(StringBuilder report, List<Answer> answers, List<CommentScore> text) {
    report.append("#### Competency against the theme codes (several themes per row)\n\n");
    report.append("| dimension | part | rows with the theme | precision | recall | F1 |\n");
    report.append("|---|---|---|---|---|---|\n");
    for (String d : HeldOutFigures.DIMENSIONS) {
      for (boolean aside : List.of(false, true)) {
        int[] counts = new int[3];
        for (int i = 0; i < answers.size(); i++) {
          if (answers.get(i).aside() == aside) {
            HeldOutFigures.count(
                counts, answers.get(i).dimensions().contains(d), text.get(i).competency().containsKey(d));
          }
        }
        Metrics.Prf prf = Metrics.Prf.of(counts[0], counts[1], counts[2]);
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %s | %s | %s |%n",
                d,
                aside ? "kept aside" : "tune part",
                prf.support(),
                fmt(prf.precision()),
                fmt(prf.recall()),
                fmt(prf.f1())));
      }
    }
    report.append('\n');
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
      Map<String, Double> m = s.probabilities();
      p.add(new double[] {m.get(CommentScore.NEGATIVE), m.get(CommentScore.NEUTRAL), m.get(CommentScore.POSITIVE)});
    }
    return p;
  }
}
