package io.perceive.analytics.sentiment;

import java.util.regex.Pattern;

/**
 * Reads a comment in the context of its survey. A null answer ("Nothing.") to a question about
 * what could be better is praise, and to a question about what was good is not. A rating shifts
 * the probabilities as a prior: weak text ("fine") follows the rating, while text that clearly
 * speaks keeps its label ("the engineer was rude" next to a 5 stays negative): the milder
 * the wording, the more weight the prior gets. The priors are
 * set by hand: none of the labelled data sets carries ratings to fit them on.
 */
final class SurveyContext {

  enum QuestionKind {
    IMPROVEMENT,
    PRAISE,
    OTHER
  }

  private static final Pattern IMPROVEMENT =
      Pattern.compile(
          "(?i)\\b(improve\\w*|better|differently|change|wrong|dislike|least|disappoint\\w*"
              + "|could we|should we|suggest\\w*|problems?|complain\\w*|missing|lacking|worse)\\b");
  private static final Pattern PRAISE =
      Pattern.compile(
          "(?i)\\b((did|went|do|done) (well|right|good)|like (most|best|about)|best|good|positive"
              + "|enjoy\\w*|pleased|praise|happy with|impress\\w*)\\b");

  /** Priors over negative, neutral, positive for ratings 1 to 5. */
  private static final double[][] RATING_PRIOR = {
    {0.70, 0.20, 0.10},
    {0.50, 0.30, 0.20},
    {0.30, 0.40, 0.30},
    {0.15, 0.30, 0.55},
    {0.10, 0.30, 0.60},
  };

  private static final double[] PRAISED = {0.03, 0.12, 0.85};
  private static final double[] NOTHING_GOOD = {0.70, 0.25, 0.05};

  private SurveyContext() {}

  static QuestionKind kind(String question) {
    if (question == null || question.isBlank()) {
      return QuestionKind.OTHER;
    }
    if (IMPROVEMENT.matcher(question).find()) {
      return QuestionKind.IMPROVEMENT;
    }
    return PRAISE.matcher(question).find() ? QuestionKind.PRAISE : QuestionKind.OTHER;
  }

  /**
   * The label probabilities (negative, neutral, positive) of the text in its context.
   *
   * @param strength how strongly the wording itself speaks, in [0, 1] (the larger of the rules'
   *     compound and half CoreNLP's mean, in absolute value): mild wording ("fine", "ok") defers to
   *     the rating, strong wording ("rude", "useless") keeps its own label
   */
  static double[] apply(double[] p, boolean nullAnswer, double strength, Integer rating, String question) {
    double[] out = p.clone();
    if (nullAnswer) {
      QuestionKind kind = kind(question);
      if (kind == QuestionKind.IMPROVEMENT) {
        out = PRAISED.clone();
      } else if (kind == QuestionKind.PRAISE) {
        out = NOTHING_GOOD.clone();
      }
    }
    if (rating != null) {
      if (rating < 1 || rating > 5) {
        throw new IllegalArgumentException("rating must be 1-5, was " + rating);
      }
      double[] prior = RATING_PRIOR[rating - 1];
      double exponent = 1 + 3 * (1 - Math.min(1, Math.abs(strength) / 0.5));
      double sum = 0;
      for (int c = 0; c < 3; c++) {
        out[c] *= Math.pow(prior[c], exponent);
        sum += out[c];
      }
      for (int c = 0; c < 3; c++) {
        out[c] /= sum;
      }
    }
    return out;
  }
}
