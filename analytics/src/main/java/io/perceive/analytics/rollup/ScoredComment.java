package io.perceive.analytics.rollup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a comment's score counts in the rollups: its overall sentiment (null when it does not
 * count, e.g. a comment not scored as English), the competency dimensions it mentions with their
 * phrase-level sentiment, and the rating of its answer (null when unknown).
 */
public record ScoredComment(Double sentiment, Map<String, Double> dimensions, Integer rating) {

  public ScoredComment {
    dimensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
  }

  /** Whether its answer was rated satisfied (4-5): the mentions then also count as satisfied. */
  public boolean satisfied() {
    return rating != null && rating >= 4;
  }
}
