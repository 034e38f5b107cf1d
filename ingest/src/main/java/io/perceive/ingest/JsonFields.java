package io.perceive.ingest;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The fields of a client's JSON body read as typed values, each failure a {@link
 * BadInputException} naming the field: one wording for every way in (responses, invitations,
 * annotations, the catalogue).
 */
public final class JsonFields {

  /** Names (services, groups, agents, ticket ids): at most this many characters once trimmed. */
  public static final int MAX_NAME_CHARS = 200;
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  /** How far ahead of this server's clock a client's instant may be (its clock may run fast). */
  private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  private JsonFields() {}

  /** Refuses a field outside {@code allowed}, so that a misspelt "ratting" is reported instead of dropped. */
  public static void onlyKnown(JsonObject json, Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw new BadInputException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  public static String requiredName(JsonObject json, String field) {
    String value = optionalName(json, field);
    if (value == null) {
      throw new BadInputException(field, field + " is required");
    }
    return value;
  }

  /** A trimmed, non-blank name without control characters, or null when absent. */
  public static String optionalName(JsonObject json, String field) {
    String value = optionalText(json, field, Integer.MAX_VALUE);
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new BadInputException(field, field + " must not be blank");
    }
    if (trimmed.length() > MAX_NAME_CHARS) {
      throw new BadInputException(field, field + " must be at most " + MAX_NAME_CHARS + " characters");
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException(field, field + " must not contain control characters");
    }
    return trimmed;
  }

  /** A string as given, or null when absent. */
  public static String optionalText(JsonObject json, String field, int maxChars) {
    String text = typed(json, field, String.class, "a string");
    if (text != null && text.length() > maxChars) {
      throw new BadInputException(field, field + " must be at most " + maxChars + " characters");
    }
    return text;
  }

  public static int requiredInt(JsonObject json, String field, int min, int max) {
    Integer value = optionalInt(json, field, min, max);
    if (value == null) {
      throw new BadInputException(field, field + " is required (an integer from " + min + " to " + max + ")");
    }
    return value;
  }

  public static Integer optionalInt(JsonObject json, String field, int min, int max) {
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

  public static Boolean optionalBoolean(JsonObject json, String field) {
    return typed(json, field, Boolean.class, "true or false");
  }

  /** An ISO 8601 instant between 2000-01-01 and {@code now} (give or take a fast clock), or null when absent. */
  public static Instant optionalInstant(JsonObject json, String field, Instant now) {
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

  private static <T> T typed(JsonObject json, String field, Class<T> type, String expected) {
    Object value = json.getValue(field);
    if (value != null && !type.isInstance(value)) {
      throw new BadInputException(field, field + " must be " + expected);
    }
    return type.cast(value);
  }
}
