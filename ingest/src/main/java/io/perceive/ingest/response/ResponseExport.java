package io.perceive.ingest.response;

import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.rollup.ScoreSums;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One exported answer: the fields a response is imported with, under the names an import reads
 * (so an export imports back), then the comment's stored scores. An import skips the score
 * columns: the store that takes the file scores the comments itself.
 */
public final class ResponseExport {

  /** The response fields, in the order of the columns. */
  public static final List<String> FIELDS =
      List.of(
          "source", "sourceId", "ticketId", "service", "supportGroup", "agent", "ticketType", "provider", "rating", "nps",
          "ces", "lostMinutes", "slaMet",
          "openedAt", "resolvedAt", "respondedAt", "comment");

  /** The measures whose stored score is exported: overall sentiment and the default dimensions. */
  private static final List<String> MEASURES =
      List.of(
          ScoreSums.SENTIMENT, Dimension.COURTESY, Dimension.COMMUNICATION, Dimension.TIMELINESS,
          Dimension.RESOLUTION, Dimension.KNOWLEDGE);

  /** The score columns ({@code score.sentiment}, {@code score.courtesy}, ...), which imports skip. */
  public static final Set<String> SCORE_COLUMNS = Set.copyOf(MEASURES.stream().map(m -> "score." + m).toList());

  /** Every column, in order. */
  public static final List<String> COLUMNS =
      Stream.concat(FIELDS.stream(), MEASURES.stream().map(m -> "score." + m)).toList();

  private static final Set<String> TIMES = Set.of("openedAt", "resolvedAt", "respondedAt");

  /** The stored fields a row is made of, for a projection. */
  static final List<String> STORED = Stream.concat(FIELDS.stream(), Stream.of("score")).toList();

  private ResponseExport() {}

  /**
   * The row of a stored response, one value per {@link #COLUMNS} entry (null where it has none):
   * times as ISO 8601 instants, a purged comment as none (its text is gone).
   */
  public static List<Object> values(JsonObject doc) {
    List<Object> row = new ArrayList<>(COLUMNS.size());
    for (String field : FIELDS) {
      Object value = doc.getValue(field);
      if (value != null && TIMES.contains(field)) {
        value = Instant.ofEpochMilli(((Number) value).longValue()).toString();
      } else if (field.equals("comment") && CommentRetention.PURGED.equals(value)) {
        value = null;
      }
      row.add(value);
    }
    JsonObject score = doc.getJsonObject("score");
    for (String measure : MEASURES) {
      row.add(score == null ? null : scoreOf(score, measure));
    }
    return row;
  }

  private static Object scoreOf(JsonObject score, String measure) {
    if (measure.equals(ScoreSums.SENTIMENT)) {
      JsonObject sentiment = score.getJsonObject("sentiment");
      return sentiment == null ? null : sentiment.getValue("score");
    }
    JsonObject competency = score.getJsonObject("competency");
    return competency == null ? null : competency.getValue(measure);
  }

  /** The row as a JSON object (JSON Lines), without the columns it has no value for. */
  public static JsonObject json(JsonObject doc) {
    List<Object> values = values(doc);
    JsonObject out = new JsonObject();
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (values.get(i) != null) {
        out.put(COLUMNS.get(i), values.get(i));
      }
    }
    return out;
  }
}
