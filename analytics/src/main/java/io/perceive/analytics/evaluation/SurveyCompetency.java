package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Figures.fmt;

import io.perceive.analytics.evaluation.SurveyData.Answer;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.MentionConfidence;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Competency dimensions of the survey answers ({@code nhs-fft-v6-fit}) against the human theme
 * codes (a row may carry several themes): every mention, and the mentions that {@link
 * MentionConfidence} calls sure. Its counts and each dimension's operating point are fitted on
 * the tune part only: a tune row is judged by a fit on the other folds (cross-validated), a row
 * kept aside by the fit on the whole tune part, which is the one written with {@code --fit}.
 */
final class SurveyCompetency {

  /** Operating points tried, from the surest down; a tie keeps the surer one. */
  static final double[] THRESHOLDS = {0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1};

  private SurveyCompetency() {}

  static void report(
      Run run,
      Path fitOutput,
      List<Answer> answers,
      List<CommentScore> text,
      List<Map<String, Set<String>>> terms)
      throws IOException {
    boolean[][] sure = new boolean[answers.size()][];
    for (int k = 0; k <= SurveyData.FOLDS; k++) {
      int fold = k;
      // Fold FOLDS is no fold: the whole tune part is fitted, and the rows kept aside judged.
      IntPredicate judged =
          k < SurveyData.FOLDS
              ? i -> !answers.get(i).aside() && answers.get(i).fold() == fold
              : i -> answers.get(i).aside();
      MentionConfidence c = fit(answers, terms, i -> !answers.get(i).aside() && answers.get(i).fold() != fold);
      for (int i = 0; i < answers.size(); i++) {
        if (judged.test(i)) {
          sure[i] = sure(c, terms.get(i));
        }
      }
      if (k == SurveyData.FOLDS && fitOutput != null) {
        write(run, fitOutput, c, answers);
      }
    }
    StringBuilder report = run.report();
    report.append("#### Competency against the theme codes (several themes per row)\n\n");
    report.append(
        "| dimension | part | rows with the theme | precision | recall | F1 | precision, sure | recall, sure | F1, sure |\n");
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
            HeldOutFigures.count(sureCounts, gold, sure[i][d]);
          }
        }
        Metrics.Prf prf = Metrics.Prf.of(counts);
        Metrics.Prf sured = Metrics.Prf.of(sureCounts);
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
  }

  /**
   * Counts on the {@code train} rows, and for each dimension the operating point of {@link
   * #THRESHOLDS} where the F1 of the train rows against their theme codes is highest, each
   * train row judged by the counts of the other folds.
   */
  static MentionConfidence fit(List<Answer> answers, List<Map<String, Set<String>>> terms, IntPredicate train) {
    double[][] confidence = new double[answers.size()][];
    for (int g = 0; g < SurveyData.FOLDS; g++) {
      int fold = g;
      MentionConfidence c = counts(answers, terms, i -> train.test(i) && answers.get(i).fold() != fold);
      for (int i = 0; i < answers.size(); i++) {
        if (train.test(i) && answers.get(i).fold() == fold) {
          confidence[i] = confidences(c, terms.get(i));
        }
      }
    }
    Map<String, Double> thresholds = new HashMap<>();
    for (int d = 0; d < HeldOutFigures.DIMENSIONS.size(); d++) {
      String dimension = HeldOutFigures.DIMENSIONS.get(d);
      double best = -1;
      for (double t : THRESHOLDS) {
        int[] counts = new int[3];
        for (int i = 0; i < answers.size(); i++) {
          if (confidence[i] != null) {
            HeldOutFigures.count(counts, answers.get(i).dimensions().contains(dimension), confidence[i][d] >= t);
          }
        }
        double f1 = Metrics.Prf.of(counts).f1();
        if (f1 > best + 1e-9) {
          best = f1;
          thresholds.put(dimension, t);
        }
      }
    }
    return counts(answers, terms, train).withThresholds(thresholds);
  }

  /** Whether each dimension of {@link HeldOutFigures#DIMENSIONS} is found surely. */
  private static boolean[] sure(MentionConfidence c, Map<String, Set<String>> terms) {
    double[] confidence = confidences(c, terms);
    boolean[] out = new boolean[confidence.length];
    for (int d = 0; d < out.length; d++) {
      out[d] = terms.containsKey(HeldOutFigures.DIMENSIONS.get(d))
          && confidence[d] >= c.threshold(HeldOutFigures.DIMENSIONS.get(d));
    }
    return out;
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
  static MentionConfidence counts(List<Answer> answers, List<Map<String, Set<String>>> terms, IntPredicate use) {
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

  private static void write(Run run, Path fitOutput, MentionConfidence whole, List<Answer> answers) throws IOException {
    Path out = fitOutput.toAbsolutePath().resolveSibling("mention_confidence.tsv");
    String provenance =
        String.format(
            Locale.ROOT,
            "%s tune part: %d answers (CRC-32 of \"nhs-v6-aside/\" + Comment ID not divisible by 3); "
                + "per dimension and lexicon term, the answers where the term gave the dimension its "
                + "score, and of those the answers coded with a theme of that dimension; each dimension's "
                + "threshold where the F1 of these answers is highest, each judged by the counts of the other folds",
            SurveyData.NAME,
            answers.stream().filter(a -> !a.aside()).count());
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      whole.write(w, provenance);
    }
    run.report().append("Mention confidence counted on the ").append(provenance).append(", written to ")
        .append(out).append(".\n\n");
  }
}
