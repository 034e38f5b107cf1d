package io.perceive.ingest.scoring;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.ScoreSums;
import io.perceive.analytics.rollup.ScoredComment;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per service and day sums of what comments say: overall sentiment and, per competency dimension,
 * the phrase-level sentiment of the mentions; and the same per support group and agent and day.
 * Kept with {@code $inc} like the rating rollups, so competency trends and weak areas never read
 * raw responses. Each mention is also summed over the answers rated satisfied (4-5), so the
 * correlation between what customers say about a dimension and their rating can be read per
 * answer from the sums (key drivers).
 */
public interface ScoreRollupRepository {

  /**
   * A comment's score as it counts in the rollups (the {@code score} contract of the analytics
   * scorer; null or failed counts for nothing), with the rating of its response at that moment.
   */
  record Scored(JsonObject score, Integer rating) {

    /** Counts for nothing. */
    public static final Scored NONE = new Scored(null, null);

    /**
     * The score as it counts: the sentiment of a comment scored as English, and each dimension
     * with a number; null for no score or a failed one.
     */
    public ScoredComment counted() {
      if (score == null || score.getBoolean("failed", false)) {
        return null;
      }
      JsonObject sentiment = score.getJsonObject("sentiment");
      String language = score.getString("language", "en");
      Double overall =
          sentiment != null && sentiment.getValue("score") instanceof Number s && "en".equals(language)
              ? s.doubleValue()
              : null;
      Map<String, Double> dimensions = new LinkedHashMap<>();
      JsonObject competency = score.getJsonObject("competency", new JsonObject());
      for (String dimension : competency.fieldNames()) {
        if (competency.getValue(dimension) instanceof Number v) {
          dimensions.put(dimension, v.doubleValue());
        }
      }
      return new ScoredComment(overall, dimensions, rating);
    }
  }

  /**
   * Moves a bucket from counting {@code before} (null when nothing was counted) to counting
   * {@code now}: a new score, an edited comment's new score, or the same score under a changed
   * rating.
   */
  Future<Void> add(BucketKey key, Scored now, Scored before);

  /**
   * Sets a bucket to the sums of exactly these scores (a recount after an interrupted write);
   * null and failed scores count for nothing. Only if the bucket's version is still
   * {@code version} (see {@code VersionedCounters}); completes with false when an increment got
   * there first.
   */
  Future<Boolean> replace(BucketKey key, List<Scored> scores, Long version);

  /** The version of a bucket's document, or null when it does not exist. */
  Future<Long> version(BucketKey key);

  /** The version of a segment bucket's document, or null when it does not exist. */
  Future<Long> segmentVersion(SegmentKey key);

  /** The versions of the service and segment buckets' documents of these months, by id, as the rating rollups'. */
  Future<Map<String, Long>> versionsOfMonths(long fromMonth, long toMonth);

  /**
   * Sets many service and segment buckets to these sums ({@link ScoreSums#of} of each {@link
   * Scored#counted()}, added up), as {@link #replace} does one, in bulk writes ({@code versions} by
   * document id); not {@code guarded}: whatever the version now, for a process that has the store
   * to itself. Completes with the ids of the documents replaced.
   */
  Future<java.util.Set<String>> replaceAllSums(
      Map<BucketKey, ScoreSums> buckets, Map<SegmentKey, ScoreSums> segments, Map<String, Long> versions, boolean guarded);

  /**
   * Sums of one measure per service and interval bucket. {@code measure} is {@code sentiment} or a
   * dimension name; each result has {@code n}, {@code sum}, {@code sumSq} and {@code negative}.
   */
  Future<List<MeasureTotals>> totals(String measure, Interval interval, Set<String> services, long from, long to);

  /**
   * Adds one scored comment to its support group's and agent's buckets (each per day across
   * services), taking out {@code previous} as {@link #add} does.
   */
  Future<Void> addSegments(List<SegmentKey> keys, Scored now, Scored before);

  /** Sets a segment bucket to the sums of exactly these scores (a recount), as {@link #replace} does. */
  Future<Boolean> replaceSegment(SegmentKey key, List<Scored> scores, Long version);

  /** Sums of one measure per segment of one kind over the days between {@code from} and {@code to}. */
  Future<List<SegmentMeasureTotals>> segmentTotals(String measure, Segment kind, long from, long to);

  /**
   * Sums of one measure per segment of one kind and interval bucket over the days between
   * {@code from} and {@code to}, in time then name order; each row's {@code service} holds the
   * segment's name.
   */
  default Future<List<MeasureTotals>> segmentSeries(String measure, Segment kind, Interval interval, long from, long to) {
    return Future.failedFuture(new UnsupportedOperationException("segmentSeries is not supported here"));
  }

  /** The sums of one measure for one service and bucket. */
  /**
   * @param satisfied mentions in answers rated 4-5
   * @param sumSatisfied the sum of the mentions' scores in those answers
   */
  record MeasureTotals(
      String service, long bucketStart, long n, double sum, double sumSq, long negative, long satisfied, double sumSatisfied) {}

  /** The sums of one measure for one support group or agent over a range. */
  record SegmentMeasureTotals(String name, long n, double sum, double sumSq, long negative) {}
}
