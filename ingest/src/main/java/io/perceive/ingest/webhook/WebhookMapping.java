package io.perceive.ingest.webhook;

import io.perceive.ingest.BadInputException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one tool's webhook payload becomes a response: for each response field, the payload paths
 * to read it from, first present wins. A path is dotted ({@code issue.fields.assignee.displayName},
 * numbers index arrays) or a JSON pointer ({@code /issue/fields/assignee/displayName}); a leading
 * {@code !} negates a boolean ({@code !...breached} gives slaMet). Values are converted to what
 * the response format expects: numbers from numeric text, booleans from true/false/yes/no/1/0,
 * times from ISO 8601, ServiceNow's {@code 2026-01-31 09:30:00} (UTC), Jira's
 * {@code 2026-01-31T09:30:00.000+0100} or epoch milliseconds. A failure names the payload path.
 */
public record WebhookMapping(String name, String source, Map<String, List<String>> fields) {

  static final Set<String> TARGETS =
      Set.of(
          "service", "rating", "nps", "ces", "comment", "ticketId", "supportGroup", "agent",
          "slaMet", "openedAt", "resolvedAt", "respondedAt", "sourceId", "lostMinutes", "ticketType", "provider");
  private static final Set<String> INTEGERS = Set.of("rating", "nps", "ces", "lostMinutes");
  private static final Set<String> TIMES = Set.of("openedAt", "resolvedAt", "respondedAt");
  private static final DateTimeFormatter SERVICENOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter JIRA = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT);

  public WebhookMapping {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    fields = Map.copyOf(fields);
  }

  /** The mapped response JSON and, for each response field, the payload path it came from. */
  public record Mapped(JsonObject response, Map<String, String> paths) {
    /** The payload path of a response field, for error messages. */
    public String pathOf(String field) {
      return paths.getOrDefault(field, field);
    }
  }

  public Mapped map(JsonObject payload) {
    JsonObject out = new JsonObject().put("source", source);
    Map<String, String> used = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : fields.entrySet()) {
      String target = e.getKey();
      for (String path : e.getValue()) {
        boolean negate = path.startsWith("!");
        String plain = negate ? path.substring(1) : path;
        Optional<Object> found = resolve(payload, plain);
        if (found.isEmpty()) {
          continue;
        }
        out.put(target, convert(target, found.get(), plain, negate));
        used.put(target, plain);
        break;
      }
    }
    return new Mapped(out, used);
  }

  static Optional<Object> resolve(JsonObject payload, String path) {
    List<String> segments =
        path.startsWith("/")
            ? List.of(path.substring(1).split("/", -1)).stream().map(s -> s.replace("~1", "/").replace("~0", "~")).toList()
            : List.of(path.split("\\.", -1));
    Object current = payload;
    for (String segment : segments) {
      if (current instanceof JsonObject object) {
        current = object.getValue(segment);
      } else if (current instanceof JsonArray array && segment.matches("\\d{1,6}")) {
        int index = Integer.parseInt(segment);
        current = index < array.size() ? array.getValue(index) : null;
      } else {
        return Optional.empty();
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    if (current instanceof String s && s.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(current);
  }

  private static Object convert(String target, Object value, String path, boolean negate) {
    if (INTEGERS.contains(target)) {
      if (value instanceof Number n) {
        return n;
      }
      if (value instanceof String s) {
        try {
          double d = Double.parseDouble(s.strip());
          if (d == Math.rint(d) && Math.abs(d) < 1e6) {
            return (int) d;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new BadInputException(path, path + " must be a whole number (for " + target + ")");
    }
    if (target.equals("slaMet")) {
      Boolean b = value instanceof Boolean v ? v : value instanceof String s ? bool(s) : null;
      if (b == null) {
        throw new BadInputException(path, path + " must be true or false (for slaMet)");
      }
      return negate ? !b : b;
    }
    if (TIMES.contains(target)) {
      return time(value, path, target);
    }
    if (value instanceof String || value instanceof Number) {
      return String.valueOf(value);
    }
    throw new BadInputException(path, path + " must be text (for " + target + ")");
  }

  private static String time(Object value, String path, String target) {
    try {
      if (value instanceof Number n) {
        return Instant.ofEpochMilli(n.longValue()).toString();
      }
      if (value instanceof String s) {
        String text = s.strip();
        if (text.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
          return LocalDateTime.parse(text, SERVICENOW).toInstant(ZoneOffset.UTC).toString();
        }
        if (text.matches(".*[+-]\\d{4}$")) {
          return OffsetDateTime.parse(text, JIRA).toInstant().toString();
        }
        return OffsetDateTime.parse(text).toInstant().toString();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    throw new BadInputException(path, path + " must be a date and time (for " + target + ")");
  }

  private static Boolean bool(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }
}
