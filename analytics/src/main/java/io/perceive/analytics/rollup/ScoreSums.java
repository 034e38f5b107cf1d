package io.perceive.analytics.rollup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Additive sums of what comments say in one bucket, per measure ({@value #SENTIMENT} or a
 * competency dimension), beside {@link Totals} for ratings. One scored comment contributes
 * {@link #of}; buckets and changes add up with {@link #plus} and {@link #minus}; the store keeps
 * them with {@code $inc}.
 */
public record ScoreSums(Map<String, Sums> measures) {

  /** The measure of a comment's overall sentiment. */
  public static final String SENTIMENT = "sentiment";

  public static final ScoreSums ZERO = new ScoreSums(Map.of());

  private static final Pattern MEASURE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  /**
   * The sums of one measure: mentions, the sum and the sum of squares of their scores, negative
   * mentions, and the mentions in answers rated satisfied (4-5) with the sum of their scores.
   */
  public record Sums(long n, double sum, double sumSq, long negative, long satisfied, double sumSatisfied) {

    static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0);

    /** One mention with this score (clamped to [-1, 1]). */
    static Sums of(double value, boolean satisfied) {
      double v = Math.max(-1, Math.min(1, value));
      return new Sums(1, v, v * v, v < 0 ? 1 : 0, satisfied ? 1 : 0, satisfied ? v : 0);
    }

    Sums plus(Sums o) {
      return new Sums(
          n + o.n, sum + o.sum, sumSq + o.sumSq, negative + o.negative, satisfied + o.satisfied,
          sumSatisfied + o.sumSatisfied);
    }

    Sums minus(Sums o) {
      return new Sums(
          n - o.n, sum - o.sum, sumSq - o.sumSq, negative - o.negative, satisfied - o.satisfied,
          sumSatisfied - o.sumSatisfied);
    }
  }

  public ScoreSums {
    measures = Collections.unmodifiableMap(new LinkedHashMap<>(measures));
  }

  /** Whether a name can be a measure: lower-case letters, digits and '-', at most 40. */
  public static boolean isMeasure(String name) {
    return name != null && MEASURE.matcher(name).matches();
  }

  /**
   * What one scored comment adds to its buckets: its sentiment, and each dimension it mentions
   * whose name can be a measure (a dimension called {@value #SENTIMENT} counts for nothing); null
   * counts for nothing.
   */
  public static ScoreSums of(ScoredComment comment) {
    if (comment == null) {
      return ZERO;
    }
    Map<String, Sums> out = new LinkedHashMap<>();
    if (comment.sentiment() != null) {
      out.put(SENTIMENT, Sums.of(comment.sentiment(), comment.satisfied()));
    }
    comment.dimensions().forEach((dimension, value) -> {
      if (isMeasure(dimension) && !dimension.equals(SENTIMENT) && value != null) {
        out.put(dimension, Sums.of(value, comment.satisfied()));
      }
    });
    return new ScoreSums(out);
  }

  public ScoreSums plus(ScoreSums other) {
    Map<String, Sums> out = new LinkedHashMap<>(measures);
    other.measures.forEach((m, s) -> out.merge(m, s, Sums::plus));
    return new ScoreSums(out);
  }

  /** What moving from counting {@code other} to counting this adds. */
  public ScoreSums minus(ScoreSums other) {
    Map<String, Sums> out = new LinkedHashMap<>(measures);
    other.measures.forEach((m, s) -> out.put(m, out.getOrDefault(m, Sums.ZERO).minus(s)));
    return new ScoreSums(out);
  }
}
