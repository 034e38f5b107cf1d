package io.perceive.ingest;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of ticket a response can be attributed to: a closed vocabulary, the record kinds
 * every ITSM has under its own names, so {@code by=type} compares like with like across tools and
 * a segment cannot split by spelling ("Incident", "INC", "incidents"). The tools' own names for
 * them are read as the kind (without case; spaces, '_' and '-' alike); anything else is a 400
 * naming the field.
 */
public final class TicketTypes {

  /** The kinds, as stored and as {@code by=type} names them. */
  public static final List<String> VALUES = List.of("incident", "request", "change", "problem", "question");

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("inc", "incident"),
          Map.entry("service request", "request"),
          Map.entry("sc request", "request"),
          Map.entry("sc req item", "request"),
          Map.entry("requested item", "request"),
          Map.entry("ritm", "request"),
          Map.entry("sc task", "request"),
          Map.entry("req", "request"),
          Map.entry("change request", "change"),
          Map.entry("chg", "change"),
          Map.entry("rfc", "change"),
          Map.entry("prb", "problem"));

  private TicketTypes() {}

  /** The kind a field names, or null when absent; a 400 naming the field when it names none. */
  public static String optional(JsonObject json, String field) {
    String given = JsonFields.optionalName(json, field);
    return given == null ? null : of(given, field);
  }

  /** The kind {@code given} names; a 400 naming {@code field} when it names none. */
  public static String of(String given, String field) {
    String key = given.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
    if (VALUES.contains(key)) {
      return key;
    }
    String kind = NAMES.get(key);
    if (kind == null) {
      throw new BadInputException(field, field + " must be one of: " + String.join(", ", VALUES));
    }
    return kind;
  }
}
