package io.perceive.ingest.webhook;

import io.perceive.ingest.BadInputException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * How one ITSM's ticket event becomes an invitation decision: which payload paths hold the event
 * id and the ticket's fields (read as {@link WebhookMapping} reads a response, with the same
 * conversions), and rules, first match wins, that tell a resolved ticket, a reopened one, and one
 * to ignore (closed without resolution, or any other change). A rule's condition maps payload
 * paths ({@code a|b}: the first present) to the values that match, compared without case;
 * several paths must all match. Built in for {@link #BUILT_IN}, from {@code events/NAME.yaml}.
 */
public final class TicketEventMapping {

  public static final List<String> BUILT_IN = List.of("servicenow", "jsm", "zendesk", "freshservice", "generic");
  static final Set<String> FIELDS =
      Set.of("ticketId", "customerId", "customerEmail", "service", "supportGroup", "agent", "openedAt", "resolvedAt", "slaMet", "locale", "ticketType",
          "provider");

  /** What an event means for the ticket's invitation. */
  public enum Kind {
    RESOLVED,
    REOPENED,
    IGNORED
  }

  record Rule(Map<String, List<String>> when, Kind then) {}

  /** A classified event: its kind, id and the mapped ticket (the fields of an invitation request). */
  public record Event(Kind kind, String eventId, JsonObject ticket, WebhookMapping.Mapped mapped) {
    public String ticketId() {
      return ticket.getString("ticketId");
    }
  }

  private final String name;
  private final WebhookMapping fields;
  private final List<String> eventId;
  private final List<Rule> rules;

  TicketEventMapping(String name, String source, Map<String, List<String>> fields, List<String> eventId, List<Rule> rules) {
    this.name = name;
    this.fields = new WebhookMapping(name, source, fields);
    this.eventId = List.copyOf(eventId);
    this.rules = List.copyOf(rules);
  }

  public String name() {
    return name;
  }

  public String source() {
    return fields.source();
  }

  /** The built-in mappings by tool name. */
  public static Map<String, TicketEventMapping> builtIn() {
    Map<String, TicketEventMapping> all = new LinkedHashMap<>();
    for (String tool : BUILT_IN) {
      try (InputStream in = TicketEventMapping.class.getResourceAsStream("events/" + tool + ".yaml")) {
        if (in == null) {
          throw new IllegalStateException("built-in event mapping " + tool + " is missing");
        }
        all.put(tool, parse(tool, new Yaml(new SafeConstructor(new LoaderOptions())).load(in)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read built-in event mapping " + tool, e);
      }
    }
    return all;
  }

  /**
   * Reads the event: its id and ticket id are required (400 naming the first path looked at);
   * the rest of the ticket is checked when an invitation is made of it.
   */
  public Event classify(JsonObject payload) {
    WebhookMapping.Mapped mapped = fields.map(payload);
    String ticketId = mapped.response().getString("ticketId");
    if (ticketId == null) {
      throw missing("ticketId", fields.fields().get("ticketId"));
    }
    String id = eventId.stream().map(p -> WebhookMapping.resolve(payload, p)).flatMap(Optional::stream).map(String::valueOf).findFirst()
        .orElseThrow(() -> missing("event id", eventId));
    Kind kind = rules.stream().filter(r -> matches(r, payload)).map(Rule::then).findFirst().orElse(Kind.IGNORED);
    return new Event(kind, id.strip(), mapped.response(), mapped);
  }

  /** Where a ticket field came from in the payload, else the first path it is looked for at. */
  public String payloadPath(Event event, String field) {
    if (event.mapped().paths().containsKey(field)) {
      return event.mapped().pathOf(field);
    }
    List<String> candidates = fields.fields().get(field);
    return candidates == null ? field : candidates.get(0);
  }

  private static BadInputException missing(String what, List<String> paths) {
    return new BadInputException(paths.get(0), what + " is required: none of " + String.join(", ", paths) + " is in the payload");
  }

  private static boolean matches(Rule rule, JsonObject payload) {
    for (Map.Entry<String, List<String>> condition : rule.when().entrySet()) {
      Optional<Object> value =
          List.of(condition.getKey().split("\\|")).stream().map(p -> WebhookMapping.resolve(payload, p.strip())).flatMap(Optional::stream).findFirst();
      if (value.isEmpty() || !(value.get() instanceof String || value.get() instanceof Number || value.get() instanceof Boolean)) {
        return false;
      }
      String text = String.valueOf(value.get()).strip();
      if (condition.getValue().stream().noneMatch(v -> v.equalsIgnoreCase(text))) {
        return false;
      }
    }
    return true;
  }

  static TicketEventMapping parse(String name, Object node) {
    if (!(node instanceof Map<?, ?> map) || !(map.get("source") instanceof String source)) {
      throw new IllegalArgumentException(name + ": must have source, eventId, fields and events");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (!(map.get("fields") instanceof Map<?, ?> fieldNodes)) {
      throw new IllegalArgumentException(name + ": 'fields' must map invitation fields to payload paths");
    }
    fieldNodes.forEach((k, v) -> {
      if (!FIELDS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(name + ": unknown invitation field '" + k + "'");
      }
      fields.put(String.valueOf(k), paths(v));
    });
    if (!fields.containsKey("ticketId")) {
      throw new IllegalArgumentException(name + ": 'fields' must give ticketId");
    }
    List<Rule> rules = new ArrayList<>();
    if (!(map.get("events") instanceof List<?> ruleNodes)) {
      throw new IllegalArgumentException(name + ": 'events' must list rules such as {when: {status: [solved]}, then: resolved}");
    }
    for (Object r : ruleNodes) {
      if (!(r instanceof Map<?, ?> rule) || !(rule.get("when") instanceof Map<?, ?> when) || rule.get("then") == null) {
        throw new IllegalArgumentException(name + ": each event rule needs 'when' and 'then'");
      }
      Map<String, List<String>> conditions = new LinkedHashMap<>();
      when.forEach((path, values) -> conditions.put(String.valueOf(path), paths(values)));
      Kind then;
      try {
        then = Kind.valueOf(String.valueOf(rule.get("then")).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": 'then' must be resolved, reopened or ignored");
      }
      rules.add(new Rule(conditions, then));
    }
    return new TicketEventMapping(name, source.strip(), fields, paths(map.get("eventId")), rules);
  }

  private static List<String> paths(Object node) {
    List<String> out = new ArrayList<>();
    if (node instanceof List<?> list) {
      list.forEach(p -> out.add(String.valueOf(p)));
    } else if (node != null) {
      out.add(String.valueOf(node));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("a field or condition needs one or more paths or values");
    }
    return List.copyOf(out);
  }
}
