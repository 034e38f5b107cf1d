package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Figures.comments;
import static io.perceive.analytics.evaluation.Figures.fmt;
import static io.perceive.analytics.evaluation.Figures.gold;
import static io.perceive.analytics.evaluation.Halves.isHeldOut;

import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.sentiment.Combiner;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.analytics.sentiment.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sentiment and competency tables on the held-out halves. */
final class HeldOutFigures {

  static final List<String> DIMENSIONS =
      List.of(Dimension.COURTESY, Dimension.KNOWLEDGE, Dimension.COMMUNICATION, Dimension.TIMELINESS);

  private final StringBuilder report;

  HeldOutFigures(StringBuilder report) {
    this.report = report;
  }

  /**
   * Figures on the held-out halves, from the features and the combiner: without survey context
   * this is exactly what {@link CoreNlpCommentScorer#score(String)} computes (a test checks it),
   * without parsing every row a second time.
   */
  void sentiment(
      List<DataSet> sets, Map<DataSet, List<double[]>> features, Combiner combiner, String title) {
    report.append("### ").append(title).append("\n\n");
    report.append(
        "| set | n | macro-F1 | accuracy | Pearson | Spearman | F1 CoreNLP-SR alone | F1 VADER rules alone |\n");
    report.append("|---|---|---|---|---|---|---|---|\n");
    for (DataSet set : sets) {
      for (boolean excludeUncoded : set.name().startsWith("nhs") ? List.of(false, true) : List.of(false)) {
        List<LabelledText> rows = new ArrayList<>();
        List<double[]> f = new ArrayList<>();
        for (int i = 0; i < set.rows().size(); i++) {
          LabelledText row = set.rows().get(i);
          if (isHeldOut(set, row) && !(excludeUncoded && row.fitExcluded())) {
            rows.add(row);
            f.add(features.get(set).get(i));
          }
        }
        List<String> labels = new ArrayList<>();
        double[] values = new double[rows.size()];
        for (int i = 0; i < f.size(); i++) {
          double[] p = f.get(i) == null ? new double[] {0, 1, 0} : combiner.predict(f.get(i));
          labels.add(ModelFits.label(p));
          values[i] = p[2] - p[0];
        }
        List<String> core = new ArrayList<>();
        List<String> vader = new ArrayList<>();
        for (double[] x : f) {
          core.add(x == null ? CommentScore.NEUTRAL : coreLabel(x));
          vader.add(x == null ? CommentScore.NEUTRAL : vaderLabel(x));
        }
        Figures fig = Figures.of(set, rows, labels, values);
        String name = set.name() + (excludeUncoded ? " (without Trust B's uncoded 0s)" : "");
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
                name,
                rows.size(),
                fmt(fig.f1()),
                fmt(fig.accuracy()),
                fmt(fig.pearson()),
                fmt(fig.spearman()),
                fmt(Metrics.macroF1(gold(rows), core, set.classes())),
                fmt(Metrics.macroF1(gold(rows), vader, set.classes()))));
      }
    }
    report.append('\n');
  }

  /** Short texts: rows up to the length of a tweet of VADER's time. */
  static final int SHORT = 140;

  /**
   * Correlation with the human mean on the held-out rows of at most {@link #SHORT} characters of
   * the sets rated for intensity (VADER's movie and Amazon snippets): the stand-in for short
   * informal text such as tweets, which no shared set holds.
   */
  void shortRows(List<DataSet> sets, Map<DataSet, List<double[]>> features, Combiner combiner) {
    report.append("### Short rows (at most ").append(SHORT).append(" characters), held-out halves: correlation with the human mean\n\n");
    report.append("| set | n | Pearson scorer | Pearson VADER rules alone | Spearman scorer | Spearman VADER rules alone |\n");
    report.append("|---|---|---|---|---|---|\n");
    int compound = Features.NAMES.indexOf("vader_compound");
    for (DataSet set : sets) {
      if (!set.name().startsWith("vader")) {
        continue;
      }
      List<Double> human = new ArrayList<>();
      List<Double> scorer = new ArrayList<>();
      List<Double> rules = new ArrayList<>();
      for (int i = 0; i < set.rows().size(); i++) {
        LabelledText row = set.rows().get(i);
        double[] x = features.get(set).get(i);
        if (!isHeldOut(set, row) || row.text().length() > SHORT || row.intensity() == null) {
          continue;
        }
        double[] p = x == null ? new double[] {0, 1, 0} : combiner.predict(x);
        human.add(row.intensity());
        scorer.add(p[2] - p[0]);
        rules.add(x == null ? 0 : x[compound]);
      }
      double[] h = human.stream().mapToDouble(Double::doubleValue).toArray();
      double[] s = scorer.stream().mapToDouble(Double::doubleValue).toArray();
      double[] r = rules.stream().mapToDouble(Double::doubleValue).toArray();
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s |%n",
              set.name(),
              h.length,
              fmt(Metrics.pearson(h, s)),
              fmt(Metrics.pearson(h, r)),
              fmt(Metrics.spearman(h, s)),
              fmt(Metrics.spearman(h, r))));
    }
    report.append('\n');
  }

  void competency(List<DataSet> sets, CoreNlpCommentScorer scorer) {
    for (DataSet set : sets) {
      if (!set.name().startsWith("nhs")) {
        continue;
      }
      List<LabelledText> all = set.rows();
      List<CommentScore> scores = scorer.scoreAll(comments(all));
      report.append("### Competency against NHS phase-1 themes (one theme per row: precision is a lower bound)\n\n");
      report.append("| dimension | rows with the theme | precision | recall | F1 | recall, held-out half |\n");
      report.append("|---|---|---|---|---|---|\n");
      for (String d : DIMENSIONS) {
        int[] allCounts = new int[3];
        int[] heldCounts = new int[3];
        for (int i = 0; i < all.size(); i++) {
          boolean gold = d.equals(all.get(i).dimension());
          boolean predicted = scores.get(i).competency().containsKey(d);
          count(allCounts, gold, predicted);
          if (isHeldOut(set, all.get(i))) {
            count(heldCounts, gold, predicted);
          }
        }
        Metrics.Prf prf = Metrics.Prf.of(allCounts);
        Metrics.Prf held = Metrics.Prf.of(heldCounts);
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s |%n",
                d,
                prf.support(),
                fmt(prf.precision()),
                fmt(prf.recall()),
                fmt(prf.f1()),
                fmt(held.recall())));
      }
      report.append('\n');
      polarity(set, scores);
    }
  }

  /**
   * Whether the score a dimension gets has the sign of the row's criticality, on rows whose
   * theme is that dimension, whose criticality is coded and not zero, and where the scorer
   * found the dimension. A row has one theme, so its criticality is about that theme. Balanced
   * accuracy (the mean of the recalls of negative and positive rows), since praise outnumbers
   * complaints on most themes; next to it the same for the comment's overall score.
   */
  void polarity(DataSet set, List<CommentScore> scores) {
    report.append(
        "### Competency polarity against NHS phase-1 criticality (rows of the dimension's theme, coded and non-zero, where the dimension is found)\n\n");
    report.append(
        "| dimension | rows | negative rows | balanced accuracy | negative recall | Spearman | balanced accuracy, held-out half | comment score: balanced accuracy | comment score: negative recall |\n");
    report.append("|---|---|---|---|---|---|---|---|---|\n");
    List<LabelledText> rows = set.rows();
    for (String d : DIMENSIONS) {
      List<double[]> all = new ArrayList<>();
      List<double[]> held = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        LabelledText row = rows.get(i);
        Double found = scores.get(i).competency().get(d);
        if (!d.equals(row.dimension()) || row.fitExcluded() || row.intensity() == null
            || row.intensity() == 0 || found == null) {
          continue;
        }
        double[] x = {row.intensity(), found, scores.get(i).score()};
        all.add(x);
        if (isHeldOut(set, row)) {
          held.add(x);
        }
      }
      double[] human = all.stream().mapToDouble(x -> x[0]).toArray();
      double[] dimension = all.stream().mapToDouble(x -> x[1]).toArray();
      long negatives = all.stream().filter(x -> x[0] < 0).count();
      double[] byDimension = signRecalls(all, 1);
      double[] byComment = signRecalls(all, 2);
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %s | %s | %s | %s |%n",
              d,
              all.size(),
              negatives,
              fmt(byDimension[2]),
              fmt(byDimension[0]),
              all.size() < 3 ? "-" : fmt(Metrics.spearman(human, dimension)),
              fmt(signRecalls(held, 1)[2]),
              fmt(byComment[2]),
              fmt(byComment[0])));
    }
    report.append('\n');
  }

  /** Recall of negative rows, of positive rows, and their mean, for the sign of column {@code c}. */
  static double[] signRecalls(List<double[]> rows, int c) {
    int neg = 0;
    int negHit = 0;
    int pos = 0;
    int posHit = 0;
    for (double[] x : rows) {
      if (x[0] < 0) {
        neg++;
        negHit += x[c] < 0 ? 1 : 0;
      } else {
        pos++;
        posHit += x[c] > 0 ? 1 : 0;
      }
    }
    double negRecall = neg == 0 ? Double.NaN : negHit / (double) neg;
    double posRecall = pos == 0 ? Double.NaN : posHit / (double) pos;
    return new double[] {negRecall, posRecall, (negRecall + posRecall) / 2};
  }

  static void count(int[] counts, boolean gold, boolean predicted) {
    if (gold && predicted) {
      counts[0]++;
    } else if (predicted) {
      counts[1]++;
    } else if (gold) {
      counts[2]++;
    }
  }

  static String coreLabel(double[] x) {
    int pos = Features.NAMES.indexOf("core_pos");
    int neg = Features.NAMES.indexOf("core_neg");
    double neutral = 1 - x[pos] - x[neg];
    if (x[neg] > x[pos] && x[neg] > neutral) {
      return CommentScore.NEGATIVE;
    }
    return x[pos] > x[neg] && x[pos] > neutral ? CommentScore.POSITIVE : CommentScore.NEUTRAL;
  }

  static String vaderLabel(double[] x) {
    double c = x[Features.NAMES.indexOf("vader_compound")];
    return c >= 0.05 ? CommentScore.POSITIVE : c <= -0.05 ? CommentScore.NEGATIVE : CommentScore.NEUTRAL;
  }
}
