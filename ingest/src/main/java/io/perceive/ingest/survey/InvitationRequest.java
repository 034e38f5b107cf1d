package io.perceive.ingest.survey;

import io.perceive.ingest.BadInputException;
import io.perceive.ingest.JsonFields;
import io.perceive.ingest.TicketTypes;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
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
    String locale,
    String ticketType,
    String provider) {

  private static final Set<String> FIELDS =
      new TreeSet<>(
          Set.of(
              "source", "ticketId", "customerId", "customerEmail", "service", "supportGroup",
              "agent", "openedAt", "resolvedAt", "slaMet", "locale", "ticketType", "provider"));

  /** The field names an invitation request may carry. */
  public static Set<String> fieldNames() {
    return java.util.Collections.unmodifiableSet(FIELDS);
  }

  /** Parses and validates a JSON body; a bad field is a {@link BadInputException} naming it. */
  public static InvitationRequest parse(JsonObject json, Instant now) {
    JsonFields.onlyKnown(json, FIELDS);
    String source = JsonFields.optionalName(json, "source");
    if (source != null && !source.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new BadInputException("source", "source must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String ticketId = JsonFields.requiredName(json, "ticketId");
    String customerId = JsonFields.optionalName(json, "customerId");
    String email = JsonFields.optionalName(json, "customerEmail");
    if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
      throw new BadInputException("customerEmail", "customerEmail must be an email address");
    }
    if (customerId == null && email == null) {
      throw new BadInputException("customerId", "customerId or customerEmail is required (for the fatigue policy)");
    }
    String service = JsonFields.requiredName(json, "service");
    Instant openedAt = JsonFields.optionalInstant(json, "openedAt", now);
    Instant resolvedAt = JsonFields.optionalInstant(json, "resolvedAt", now);
    if (openedAt != null && resolvedAt != null && resolvedAt.isBefore(openedAt)) {
      throw new BadInputException("resolvedAt", "resolvedAt must not be before openedAt");
    }
    Boolean sla = JsonFields.optionalBoolean(json, "slaMet");
    return new InvitationRequest(
        source == null ? "api" : source, ticketId, customerId, email, service,
        JsonFields.optionalName(json, "supportGroup"), JsonFields.optionalName(json, "agent"), openedAt, resolvedAt, sla,
        locale(json), TicketTypes.optional(json, "ticketType"), JsonFields.optionalName(json, "provider"));
  }

  private static String locale(JsonObject json) {
    String tag = JsonFields.optionalName(json, "locale");
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
