package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.JsonFields;
import io.perceive.ingest.TicketTypes;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a client's JSON into a {@link SurveyResponse}, or says which field is wrong. Unknown
 * fields are refused, so that a misspelt "ratting" is reported instead of silently dropped.
 */
public final class ResponseParser {

  static final int MAX_COMMENT_CHARS = 10_000;
  private static final Set<String> FIELDS =
      Set.of(
          "service", "rating", "nps", "ces", "comment", "ticketId", "supportGroup", "agent",
          "slaMet", "openedAt", "resolvedAt", "respondedAt", "source", "sourceId", "lostMinutes", "ticketType",
          "provider");

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
    JsonFields.onlyKnown(json, FIELDS);
    String service = JsonFields.requiredName(json, "service");
    int rating = JsonFields.requiredInt(json, "rating", 1, 5);
    Integer nps = JsonFields.optionalInt(json, "nps", 0, 10);
    Integer ces = JsonFields.optionalInt(json, "ces", 1, 7);
    Integer lostMinutes = JsonFields.optionalInt(json, "lostMinutes", 0, Totals.MAX_LOST_MINUTES);
    String comment = JsonFields.optionalText(json, "comment", MAX_COMMENT_CHARS);
    String ticketId = JsonFields.optionalName(json, "ticketId");
    String supportGroup = JsonFields.optionalName(json, "supportGroup");
    String agent = JsonFields.optionalName(json, "agent");
    String ticketType = TicketTypes.optional(json, "ticketType");
    String provider = JsonFields.optionalName(json, "provider");
    Boolean slaMet = JsonFields.optionalBoolean(json, "slaMet");
    Instant now = clock.instant();
    Instant openedAt = JsonFields.optionalInstant(json, "openedAt", now);
    Instant resolvedAt = JsonFields.optionalInstant(json, "resolvedAt", now);
    Instant respondedAt = JsonFields.optionalInstant(json, "respondedAt", now);
    if (openedAt != null && resolvedAt != null && resolvedAt.isBefore(openedAt)) {
      throw new BadInputException("resolvedAt", "resolvedAt must not be before openedAt");
    }
    String source = JsonFields.optionalName(json, "source");
    String sourceId = JsonFields.optionalName(json, "sourceId");
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
        slaMet, openedAt, resolvedAt, respondedAt == null ? now : respondedAt, lostMinutes, ticketType, provider);
  }
}
