package io.perceive.analytics.evaluation;

import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Macro-F1, accuracy and correlations of one scoring of rows, and the helpers the tables share. */
record Figures(double f1, double accuracy, double pearson, double spearman) {

  static Figures of(DataSet set, List<LabelledText> rows, List<String> labels, double[] values) {
    List<String> gold = gold(rows);
    double f1 = Metrics.macroF1(gold, labels, set.classes());
    double accuracy = Metrics.accuracy(gold, labels);
    double pearson = Double.NaN;
    double spearman = Double.NaN;
    if (rows.stream().allMatch(r -> r.intensity() != null)) {
      double[] human = rows.stream().mapToDouble(LabelledText::intensity).toArray();
      pearson = Metrics.pearson(human, values);
      spearman = Metrics.spearman(human, values);
    }
    return new Figures(f1, accuracy, pearson, spearman);
  }

  static List<String> gold(List<LabelledText> rows) {
    List<String> g = new ArrayList<>(rows.size());
    for (LabelledText r : rows) {
      g.add(r.label());
    }
    return g;
  }

  static List<CoreNlpCommentScorer.Comment> comments(List<LabelledText> rows) {
    List<CoreNlpCommentScorer.Comment> c = new ArrayList<>(rows.size());
    for (LabelledText r : rows) {
      c.add(new CoreNlpCommentScorer.Comment(r.text()));
    }
    return c;
  }

  static List<String> labels(List<CommentScore> scores) {
    List<String> l = new ArrayList<>(scores.size());
    for (CommentScore s : scores) {
      l.add(s.label());
    }
    return l;
  }

  static double[] values(List<CommentScore> scores) {
    return scores.stream().mapToDouble(CommentScore::score).toArray();
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
