package io.perceive.analytics.sentiment;

import java.util.Map;
import java.util.TreeMap;

/** Small arithmetic shared by the scorers. */
final class Scores {

  /** Scores within this distance of 0 are labelled neutral when no probabilities decide. */
  static final double NEUTRAL_BAND = 0.05;

  private Scores() {}

  static double round(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }

  static double clamp(double v) {
    return Math.max(-1.0, Math.min(1.0, v));
  }

  static String label(double score) {
    if (score > NEUTRAL_BAND) {
      return CommentScore.POSITIVE;
    }
    return score < -NEUTRAL_BAND ? CommentScore.NEGATIVE : CommentScore.NEUTRAL;
  }

  static Map<String, Object> sortedRounded(Map<String, Double> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, round(v)));
    return out;
  }

  /** Expected value of CoreNLP's five classes (very negative .. very positive) on [-1, 1]. */
  static double expected(double[] fiveClass) {
    return -fiveClass[0] - 0.5 * fiveClass[1] + 0.5 * fiveClass[3] + fiveClass[4];
  }
}
