package io.perceive.ingest.annotation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a service (or to all, {@code service = "*"}) that should move how
 * customers see it: an improvement action, an incident, a change, a communication. {@code metrics}
 * are what it should move; {@code communicated} says, for an incident, whether customers got
 * proactive updates during it (null when not said). {@code end} is null for a moment in time.
 */
public record Annotation(
    String id,
    String service,
    Kind kind,
    String title,
    String description,
    Instant start,
    Instant end,
    List<String> metrics,
    Boolean communicated,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  /** Every service: an annotation that concerns the whole organisation. */
  public static final String ALL = "*";

  public Annotation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(start, "start");
    metrics = List.copyOf(metrics);
  }

  /** What kind of event it is. */
  public enum Kind {
    IMPROVEMENT,
    INCIDENT,
    CHANGE,
    COMMUNICATION;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> parse(String text) {
      for (Kind k : values()) {
        if (k.label().equals(text)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** When it ended: its end, or its start for a moment in time. */
  public Instant endOrStart() {
    return end == null ? start : end;
  }
}
