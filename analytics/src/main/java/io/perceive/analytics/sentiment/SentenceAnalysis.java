package io.perceive.analytics.sentiment;

import java.util.Map;
import java.util.Set;

/**
 * What CoreNLP read in one sentence: the five class probabilities of the whole sentence (very
 * negative .. very positive), their mean over every phrase of its tree, its length in tokens,
 * the competency dimensions it mentions with the sentiment of the phrase carrying each, and
 * whether it asks for something (a wish or suggestion: {@link ClauseCues#wish}), and the lexicon
 * terms that gave each dimension its score.
 * Immutable, so it can be cached and shared.
 *
 * <p>The phrase mean matters where the parser's tree differs from the trees the sentiment model
 * was trained on: a misattached clause changes the root's reading, while most phrases below it
 * are still read right (docs/evaluation.md).
 */
record SentenceAnalysis(
    String text,
    double[] fiveClass,
    double[] phraseMean,
    int tokens,
    Map<String, Double> competency,
    boolean wish,
    Map<String, Set<String>> terms) {

  SentenceAnalysis {
    fiveClass = fiveClass.clone();
    phraseMean = phraseMean.clone();
    competency = Map.copyOf(competency);
    terms = Map.copyOf(terms);
  }

  SentenceAnalysis(
      String text, double[] fiveClass, double[] phraseMean, int tokens, Map<String, Double> competency, boolean wish) {
    this(text, fiveClass, phraseMean, tokens, competency, wish, Map.of());
  }

  @Override
  public double[] fiveClass() {
    return fiveClass.clone();
  }

  @Override
  public double[] phraseMean() {
    return phraseMean.clone();
  }

  double phraseExpected() {
    return Scores.expected(phraseMean);
  }

  double phrasePositive() {
    return phraseMean[3] + phraseMean[4];
  }

  double phraseNegative() {
    return phraseMean[0] + phraseMean[1];
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
