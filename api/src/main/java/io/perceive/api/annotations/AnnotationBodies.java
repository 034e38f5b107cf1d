package io.perceive.api.annotations;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.annotation.Annotation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An annotation from a client's JSON (whole for POST, in part for PATCH) and back; a 400 names the field. */
final class AnnotationBodies {

  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2_000;
  private static final Set<String> FIELDS =
      Set.of("service", "kind", "title", "description", "start", "end", "metrics", "communicated");
  /** What an annotation may name in {@code metrics}: every measure the effect can test. */
  static final List<String> COMMENT_MEASURES = Targets.COMMENT_MEASURES;

  private AnnotationBodies() {}

  /**
   * {@code base} changed by the fields {@code json} gives (null fields clear optional ones); for
   * a new annotation, {@code base} holds only its id, who and when, and the required fields must
   * all be given.
   */
  static Annotation merge(Annotation base, JsonObject json, boolean creating) {
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new BadInputException(name, "unknown field '" + name + "'; allowed: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    if (creating) {
      for (String required : List.of("service", "kind", "title", "start")) {
        if (json.getValue(required) == null) {
          throw new BadInputException(required, required + " is required");
        }
      }
    }
    String service = json.containsKey("service") ? service(json.getValue("service")) : base.service();
    Annotation.Kind kind = json.containsKey("kind") ? kind(json.getValue("kind")) : base.kind();
    String title = json.containsKey("title") ? text(json.getValue("title"), "title", MAX_NAME, true) : base.title();
    String description = json.containsKey("description") ? text(json.getValue("description"), "description", MAX_DESCRIPTION, false) : base.description();
    Instant start = json.containsKey("start") ? instant(json.getValue("start"), "start", true) : base.start();
    Instant end = json.containsKey("end") ? instant(json.getValue("end"), "end", false) : base.end();
    if (end != null && end.isBefore(start)) {
      throw new BadInputException("end", "end must not be before start");
    }
    List<String> metrics = json.containsKey("metrics") ? metrics(json.getValue("metrics")) : base.metrics();
    Boolean communicated = base.communicated();
    if (json.containsKey("communicated")) {
      Object value = json.getValue("communicated");
      if (value != null && !(value instanceof Boolean)) {
        throw new BadInputException("communicated", "communicated must be true or false");
      }
      communicated = (Boolean) value;
    }
    return new Annotation(
        base.id(), service, kind, title, description, start, end, metrics, communicated, base.createdBy(), base.createdAt(),
        base.updatedBy(), base.updatedAt());
  }

  private static String service(Object value) {
    String name = text(value, "service", MAX_NAME, true);
    return name;
  }

  private static Annotation.Kind kind(Object value) {
    if (!(value instanceof String s)) {
      throw new BadInputException("kind", "kind must be one of: improvement, incident, change, communication");
    }
    return Annotation.Kind.parse(s)
        .orElseThrow(() -> new BadInputException("kind", "kind must be one of: improvement, incident, change, communication"));
  }

  private static String text(Object value, String field, int max, boolean required) {
    if (value == null) {
      if (required) {
        throw new BadInputException(field, field + " is required");
      }
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.strip().length() > max || s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      throw new BadInputException(field, field + " must be text of 1-" + max + " characters");
    }
    return s.strip();
  }

  private static Instant instant(Object value, String field, boolean required) {
    if (value == null) {
      if (required) {
        throw new BadInputException(field, field + " is required");
      }
      return null;
    }
    try {
      if (value instanceof String s) {
        Instant at = Instant.parse(s);
        if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || at.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
          throw new BadInputException(field, field + " must lie between 2000 and 2100");
        }
        return at;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new BadInputException(field, field + " must be an ISO 8601 instant such as 2027-03-01T09:00:00Z");
  }

  private static List<String> metrics(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > 12) {
      throw new BadInputException("metrics", "metrics must be a list of metric names");
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object name = array.getValue(i);
      if (!(name instanceof String s) || (Metric.parse(s).isEmpty() && !COMMENT_MEASURES.contains(s))) {
        throw new BadInputException(
            "metrics/" + i, "metrics/" + i + " must be one of: " + Metric.allowed() + ", " + String.join(", ", COMMENT_MEASURES));
      }
      out.add(s);
    }
    return new ArrayList<>(out);
  }

  static JsonObject json(Annotation a) {
    return new JsonObject()
        .put("id", a.id())
        .put("service", a.service())
        .put("kind", a.kind().label())
        .put("title", a.title())
        .put("description", a.description())
        .put("start", a.start().toString())
        .put("end", a.end() == null ? null : a.end().toString())
        .put("metrics", new JsonArray(new ArrayList<>(a.metrics())))
        .put("communicated", a.communicated())
        .put("createdBy", a.createdBy())
        .put("createdAt", a.createdAt() == null ? null : a.createdAt().toString())
        .put("updatedBy", a.updatedBy())
        .put("updatedAt", a.updatedAt() == null ? null : a.updatedAt().toString());
  }

  /** The shape of a Grafana annotation: time and end in epoch ms, title, text and tags. */
  static JsonObject grafana(Annotation a) {
    JsonArray tags = new JsonArray().add(a.kind().label()).add(a.service());
    if (a.communicated() != null) {
      tags.add(a.communicated() ? "communicated" : "not communicated");
    }
    return new JsonObject()
        .put("time", a.start().toEpochMilli())
        .put("timeEnd", a.endOrStart().toEpochMilli())
        .put("title", a.title())
        .put("text", a.description() == null ? a.title() : a.description())
        .put("service", a.service())
        .put("kind", a.kind().label())
        .put("id", a.id())
        .put("tags", tags);
  }
}
