package io.perceive.analytics.sentiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sentence of a comment with its own sentiment: the explanation a manager reads.
 *
 * @param text the sentence as scored (after normalisation)
 * @param score sentiment in [-1, 1]
 * @param label negative, neutral or positive
 * @param competency the dimensions this sentence speaks about, each with the sentiment of the
 *     phrase that carries the mention, in [-1, 1]
 */
record SentenceScore(String text, double score, String label, Map<String, Double> competency) {

  public SentenceScore {
    competency = Map.copyOf(competency);
  }

  /** The JSON shape of the {@code score} contract, as plain maps. */
  public Map<String, Object> toContract() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", text);
    m.put("score", Scores.round(score));
    m.put("label", label);
    m.put("competency", Scores.sortedRounded(competency));
    return m;
  }
}
