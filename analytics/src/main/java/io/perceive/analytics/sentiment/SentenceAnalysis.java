package io.perceive.analytics.sentiment;

import java.util.Map;

/**
 * What CoreNLP read in one sentence: the five class probabilities of the whole sentence (very
 * negative .. very positive), its length in tokens, and the competency dimensions it mentions
 * with the sentiment of the phrase carrying each. Immutable, so it can be cached and shared.
 */
record SentenceAnalysis(String text, double[] fiveClass, int tokens, Map<String, Double> competency) {

  SentenceAnalysis {
    fiveClass = fiveClass.clone();
    competency = Map.copyOf(competency);
  }

  @Override
  public double[] fiveClass() {
    return fiveClass.clone();
  }

  double expected() {
    return Scores.expected(fiveClass);
  }

  double positive() {
    return fiveClass[3] + fiveClass[4];
  }

  double negative() {
    return fiveClass[0] + fiveClass[1];
  }

  double veryPositive() {
    return fiveClass[4];
  }

  double veryNegative() {
    return fiveClass[0];
  }
}
