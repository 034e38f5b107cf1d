package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.analytics.stats.WeakAreas;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.MeasureTotals;
import io.perceive.ingest.scoring.ScoreRollupRepository.SegmentMeasureTotals;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link Measure} from whichever rollup answers it: the rating rollups for a rating
 * metric, the comment-score rollups for what comments say. Reads rollups only, never responses.
 */
final class MeasureReader {

  private final RollupRepository rollups;
  private final ScoreRollupRepository scoreRollups;
  private final PerceiveConfig.Analytics analytics;

  MeasureReader(RollupRepository rollups, ScoreRollupRepository scoreRollups, PerceiveConfig.Analytics analytics) {
    this.rollups = rollups;
    this.scoreRollups = scoreRollups;
    this.analytics = analytics;
  }

  /**
   * One service's bucket: the measure's estimate, and for what comments say the share of
   * negative mentions (null for a rating metric); for a rating metric the bucket's totals (null
   * for what comments say).
   */
  record Point(String service, long bucketStart, Estimate estimate, Estimate negative, Totals totals) {}

  /** The measure per service and interval bucket, in time then service order. */
  Future<List<Point>> series(Measure measure, Interval interval, Set<String> services, long from, long to) {
    double confidence = analytics.confidence();
    int minN = analytics.minN();
    if (measure instanceof Measure.Comment comment) {
      return scoreRollups.totals(comment.name(), interval, services, from, to).map(this::commentPoints);
    }
    Metric metric = ((Measure.Rating) measure).metric();
    return rollups
        .totals(interval, services, from, to)
        .map(buckets -> buckets.stream()
            .map(b -> new Point(b.service(), b.bucketStart(), metric.estimate(b.totals(), confidence, minN), null, b.totals()))
            .toList());
  }

  /** Each bucket of what comments say: the mean with its t interval, and the share of negative mentions. */
  private List<Point> commentPoints(List<MeasureTotals> buckets) {
    double confidence = analytics.confidence();
    int minN = analytics.minN();
    return buckets.stream()
        .map(b -> new Point(
            b.service(), b.bucketStart(), Intervals.mean(b.sum(), b.sumSq(), b.n(), confidence, minN),
            Intervals.wilson(b.negative(), b.n(), confidence, minN), null))
        .toList();
  }

  /**
   * A measure per support group or agent ({@code Point.service} holds its name) and interval
   * bucket, in time then name order.
   */
  Future<List<Point>> segmentSeries(Measure measure, Segment by, Interval interval, long from, long to) {
    if (measure instanceof Measure.Comment comment) {
      return scoreRollups.segmentSeries(comment.name(), by, interval, from, to).map(this::commentPoints);
    }
    Metric metric = ((Measure.Rating) measure).metric();
    return rollups
        .segmentSeries(by, interval, from, to)
        .map(buckets -> buckets.stream()
            .map(b -> new Point(b.service(), b.bucketStart(), metric.estimate(b.totals(), analytics.confidence(), analytics.minN()), null, b.totals()))
            .toList());
  }

  /**
   * What weak areas compare, per service ({@code by} null) or per support group or agent over
   * the period: for CSAT the ratings 4-5 of all ratings, for what comments say the mentions that
   * are not negative of all mentions.
   */
  Future<List<WeakAreas.Segment>> shares(Measure measure, Segment by, long from, long to) {
    if (measure instanceof Measure.Comment comment) {
      if (by != null) {
        return scoreRollups
            .segmentTotals(comment.name(), by, from, to)
            .map(totals -> totals.stream().map(t -> new WeakAreas.Segment(t.name(), t.n() - t.negative(), t.n())).toList());
      }
      return scoreRollups
          .totals(comment.name(), Interval.MONTH, Set.of(), from, to)
          .map(buckets -> {
            Map<String, long[]> perService = new LinkedHashMap<>();
            for (MeasureTotals b : buckets) {
              long[] counts = perService.computeIfAbsent(b.service(), k -> new long[2]);
              counts[0] += b.n() - b.negative();
              counts[1] += b.n();
            }
            return perService.entrySet().stream()
                .map(e -> new WeakAreas.Segment(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
          });
    }
    if (by != null) {
      return rollups
          .segmentTotals(by, from, to)
          .map(totals -> totals.stream()
              .map(t -> new WeakAreas.Segment(t.name(), t.totals().satisfied(), t.totals().n()))
              .toList());
    }
    return ratingsPerService(Set.of(), from, to)
        .map(perService -> perService.entrySet().stream()
            .map(e -> new WeakAreas.Segment(e.getKey(), e.getValue().satisfied(), e.getValue().n()))
            .toList());
  }

  /** The rating totals of each service over the period, in the order the services first appear. */
  Future<Map<String, Totals>> ratingsPerService(Set<String> services, QueryParams.Range range) {
    return ratingsPerService(services, range.from().toEpochMilli(), range.to().toEpochMilli());
  }

  private Future<Map<String, Totals>> ratingsPerService(Set<String> services, long from, long to) {
    return rollups.totals(Interval.MONTH, services, from, to).map(buckets -> {
      Map<String, Totals> perService = new LinkedHashMap<>();
      for (BucketTotals b : buckets) {
        perService.merge(b.service(), b.totals(), Totals::plus);
      }
      return perService;
    });
  }

  /** The rating totals of each support group or agent over the period, across services. */
  Future<Map<String, Totals>> ratingsPerSegment(Segment by, long from, long to) {
    return rollups.segmentTotals(by, from, to).map(segments -> {
      Map<String, Totals> perName = new LinkedHashMap<>();
      segments.forEach(t -> perName.merge(t.name(), t.totals(), Totals::plus));
      return perName;
    });
  }

  /** The rating totals per service and interval bucket. */
  Future<List<BucketTotals>> ratings(Interval interval, Set<String> services, long from, long to) {
    return rollups.totals(interval, services, from, to);
  }

  /** The sums of one comment measure per service and interval bucket. */
  Future<List<MeasureTotals>> mentions(String measure, Interval interval, Set<String> services, long from, long to) {
    return scoreRollups.totals(measure, interval, services, from, to);
  }

  /** The sums of one comment measure per support group, agent, ticket type or provider over the period. */
  Future<List<SegmentMeasureTotals>> mentionsPerSegment(String measure, Segment by, long from, long to) {
    return scoreRollups.segmentTotals(measure, by, from, to);
  }

  /** Adds a bucket's mentions to {@code into}: their count, sum and sum of squares. */
  static double[] add(double[] into, MeasureTotals m) {
    into[0] += m.n();
    into[1] += m.sum();
    into[2] += m.sumSq();
    return into;
  }

  /** The mean of mentions summed by {@link #add}, with its t interval; suppressed under the minimum n. */
  Estimate mean(double[] sums) {
    return Intervals.mean(sums[1], sums[2], (long) sums[0], analytics.confidence(), analytics.minN());
  }

  double confidence() {
    return analytics.confidence();
  }

  int minN() {
    return analytics.minN();
  }

  /** The services that have answers. */
  Future<List<String>> services() {
    return rollups.services();
  }
}
