package io.perceive.ingest.survey;

import io.perceive.ingest.BadInputException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resolved ticket as an ITSM reports it. The customer's identity (id or email) is only held
 * here, in memory, until it has been hashed.
 */
public record InvitationRequest(
    String source,
    String ticketId,
    String customerId,
    String customerEmail,
    String service,
    String supportGroup,
    String agent,
    Instant openedAt,
    Instant resolvedAt,
    Boolean slaMet,
    String locale) {

  static final int MAX_NAME_CHARS = 200;
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Set<String> FIELDS =
      new TreeSet<>(
          Set.of(
              "source", "ticketId", "customerId", "customerEmail", "service", "supportGroup",
              "agent", "openedAt", "resolvedAt", "slaMet", "locale"));

  /** Parses and validates a JSON body; a bad field is a {@link BadInputException} naming it. */
  public static InvitationRequest parse(JsonObject json, Instant now) {
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new BadInputException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", FIELDS));
      }
    }
    String source = name(json, "source");
    if (source != null && !source.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new BadInputException("source", "source must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String ticketId = required(json, "ticketId");
    String customerId = name(json, "customerId");
    String email = name(json, "customerEmail");
    if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
      throw new BadInputException("customerEmail", "customerEmail must be an email address");
    }
    if (customerId == null && email == null) {
      throw new BadInputException("customerId", "customerId or customerEmail is required (for the fatigue policy)");
    }
    String service = required(json, "service");
    Instant openedAt = instant(json, "openedAt", now);
    Instant resolvedAt = instant(json, "resolvedAt", now);
    if (openedAt != null && resolvedAt != null && resolvedAt.isBefore(openedAt)) {
      throw new BadInputException("resolvedAt", "resolvedAt must not be before openedAt");
    }
    Object sla = json.getValue("slaMet");
    if (sla != null && !(sla instanceof Boolean)) {
      throw new BadInputException("slaMet", "slaMet must be true or false");
    }
    return new InvitationRequest(
        source == null ? "api" : source, ticketId, customerId, email, service,
        name(json, "supportGroup"), name(json, "agent"), openedAt, resolvedAt, (Boolean) sla,
        locale(json));
  }

  private static String required(JsonObject json, String field) {
    String value = name(json, field);
    if (value == null) {
      throw new BadInputException(field, field + " is required");
    }
    return value;
  }

  private static String name(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new BadInputException(field, field + " must be a string");
    }
    String trimmed = text.strip();
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

  private static Instant instant(JsonObject json, String field, Instant now) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    Instant instant = null;
    if (value instanceof String text) {
      try {
        instant = Instant.parse(text);
      } catch (DateTimeParseException e) {
        instant = null;
      }
    }
    if (instant == null) {
      throw new BadInputException(field, field + " must be an ISO 8601 instant such as 2026-01-31T09:30:00Z");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(now.plusSeconds(300))) {
      throw new BadInputException(field, field + " must lie between 2000-01-01 and now");
    }
    return instant;
  }

  private static String locale(JsonObject json) {
    String tag = name(json, "locale");
    if (tag == null) {
      return null;
    }
    try {
      Locale locale = new Locale.Builder().setLanguageTag(tag.replace('_', '-')).build();
      if (locale.getLanguage().isEmpty()) {
        throw new IllformedLocaleException("no language");
      }
      return locale.toLanguageTag();
    } catch (IllformedLocaleException e) {
      throw new BadInputException("locale", "locale must be a language tag such as en, de-CH or fr-FR");
    }
  }
}
