package io.perceive.api.insights;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.ScoreSums;
import io.perceive.analytics.rollup.Targets;
import io.perceive.ingest.BadInputException;
import java.util.List;

/**
 * What a query measures: a rating metric (CSAT, NPS, mean rating, CES), read from the rating
 * rollups, or what comments say (overall sentiment or a competency dimension), read from the
 * comment-score rollups. {@link MeasureReader} hides which rollup answers.
 */
sealed interface Measure permits Measure.Rating, Measure.Comment {

  /** What comments say, as the API names it: overall sentiment and the competency dimensions. */
  List<String> COMMENTS = Targets.COMMENT_MEASURES;

  /** The competency dimensions, without overall sentiment. */
  List<String> DIMENSIONS = COMMENTS.stream().filter(m -> !m.equals(ScoreSums.SENTIMENT)).toList();

  /** The name rows carry in {@code metric}. */
  String label();

  /** A metric of the ratings. */
  record Rating(Metric metric) implements Measure {
    @Override
    public String label() {
      return metric.label();
    }
  }

  /** The mean phrase-level sentiment of the comments that speak about {@code name}. */
  record Comment(String name) implements Measure {
    @Override
    public String label() {
      return name;
    }
  }

  /** The measure of this name; a 400 naming {@code metric} and every allowed value if none. */
  static Measure parse(String name) {
    return COMMENTS.contains(name) ? new Comment(name) : new Rating(ratingMetric(name));
  }

  /**
   * The rating metric the request's {@code metric} names (CSAT by default); a 400 naming
   * {@code metric} that says {@code what} takes only rating metrics when it names what comments say.
   */
  static Metric ratingMetricOnly(io.vertx.ext.web.RoutingContext ctx, String what) {
    String name = io.perceive.api.http.QueryParams.single(ctx, "metric", "csat");
    if (COMMENTS.contains(name)) {
      throw new BadInputException("metric", what + ": " + Metric.allowed());
    }
    return ratingMetric(name);
  }

  /** The rating metric of this name; a 400 naming {@code metric} and every allowed value if none. */
  static Metric ratingMetric(String name) {
    return Metric.parse(name)
        .orElseThrow(
            () ->
                new BadInputException(
                    "metric", "metric must be one of: " + Metric.allowed() + ", " + String.join(", ", COMMENTS)));
  }
}
