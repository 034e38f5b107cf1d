package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.BadInputException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a client's JSON into a {@link SurveyResponse}, or says which field is wrong. Unknown
 * fields are refused, so that a misspelt "ratting" is reported instead of silently dropped.
 */
public final class ResponseParser {

  static final int MAX_COMMENT_CHARS = 10_000;
  static final int MAX_NAME_CHARS = 200;
  private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Set<String> FIELDS =
      Set.of(
          "service", "rating", "nps", "ces", "comment", "ticketId", "supportGroup", "agent",
          "slaMet", "openedAt", "resolvedAt", "respondedAt", "source", "sourceId", "lostMinutes");

  private final Clock clock;

  /** The field names a response may carry. */
  public static Set<String> fieldNames() {
    return FIELDS;
  }

  public ResponseParser(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public SurveyResponse parse(JsonObject json) {
    if (json == null) {
      throw new BadInputException("body", "the body must be a JSON object");
    }
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new BadInputException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    String service = requiredName(json, "service");
    int rating = requiredInt(json, "rating", 1, 5);
    Integer nps = optionalInt(json, "nps", 0, 10);
    Integer ces = optionalInt(json, "ces", 1, 7);
    Integer lostMinutes = optionalInt(json, "lostMinutes", 0, Totals.MAX_LOST_MINUTES);
    String comment = optionalText(json, "comment", MAX_COMMENT_CHARS);
    String ticketId = optionalName(json, "ticketId");
    String supportGroup = optionalName(json, "supportGroup");
    String agent = optionalName(json, "agent");
    Boolean slaMet = optionalBoolean(json, "slaMet");
    Instant now = clock.instant();
    Instant openedAt = optionalInstant(json, "openedAt", now);
    Instant resolvedAt = optionalInstant(json, "resolvedAt", now);
    Instant respondedAt = optionalInstant(json, "respondedAt", now);
    if (openedAt != null && resolvedAt != null && resolvedAt.isBefore(openedAt)) {
      throw new BadInputException("resolvedAt", "resolvedAt must not be before openedAt");
    }
    String source = optionalName(json, "source");
    String sourceId = optionalName(json, "sourceId");
    if (sourceId != null && source == null) {
      throw new BadInputException("source", "source is required when sourceId is given");
    }
    if (source == null) {
      source = "api";
    }
    if (sourceId == null && ticketId != null) {
      // One response per ticket and source: a resent ticket is a retry, not a second opinion.
      sourceId = "ticket:" + ticketId;
    }
    String id = sourceId == null ? ResponseIds.random() : ResponseIds.of(source, sourceId);
    return new SurveyResponse(
        id, source, sourceId, service, rating, nps, ces, comment, ticketId, supportGroup, agent,
        slaMet, openedAt, resolvedAt, respondedAt == null ? now : respondedAt, lostMinutes);
  }

  private static String requiredName(JsonObject json, String field) {
    String value = optionalName(json, field);
    if (value == null) {
      throw new BadInputException(field, field + " is required");
    }
    return value;
  }

  private static String optionalName(JsonObject json, String field) {
    String value = optionalText(json, field, MAX_NAME_CHARS);
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new BadInputException(field, field + " must not be blank");
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException(field, field + " must not contain control characters");
    }
    return trimmed;
  }

  private static String optionalText(JsonObject json, String field, int maxChars) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new BadInputException(field, field + " must be a string");
    }
    if (text.length() > maxChars) {
      throw new BadInputException(field, field + " must be at most " + maxChars + " characters");
    }
    return text;
  }

  private static int requiredInt(JsonObject json, String field, int min, int max) {
    Integer value = optionalInt(json, field, min, max);
    if (value == null) {
      throw new BadInputException(field, field + " is required (an integer from " + min + " to " + max + ")");
    }
    return value;
  }

  private static Integer optionalInt(JsonObject json, String field, int min, int max) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)
        || number.doubleValue() != Math.rint(number.doubleValue())
        || number.doubleValue() < min
        || number.doubleValue() > max) {
      throw new BadInputException(field, field + " must be an integer from " + min + " to " + max);
    }
    return number.intValue();
  }

  private static Boolean optionalBoolean(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean b)) {
      throw new BadInputException(field, field + " must be true or false");
    }
    return b;
  }

  private static Instant optionalInstant(JsonObject json, String field, Instant now) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    Instant instant;
    try {
      instant = value instanceof String text ? Instant.parse(text) : null;
    } catch (DateTimeParseException e) {
      instant = null;
    }
    if (instant == null) {
      throw new BadInputException(field, field + " must be an ISO 8601 instant such as 2026-01-31T09:30:00Z");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(now.plus(FUTURE_TOLERANCE))) {
      throw new BadInputException(field, field + " must lie between 2000-01-01 and now");
    }
    return instant;
  }
}
