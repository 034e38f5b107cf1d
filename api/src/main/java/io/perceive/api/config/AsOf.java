package io.perceive.api.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A clock that starts at a chosen instant and runs at the real pace: {@code --as-of}, and the tests' clock. */
public final class AsOf {

  private AsOf() {}

  /** An ISO 8601 instant ({@code 2027-04-15T10:00:00Z}) or a date ({@code 2028-02-29}, its start in UTC). */
  public static Instant parse(String text) throws DateTimeParseException {
    String t = text.strip();
    return t.contains("T") ? Instant.parse(t) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The system clock, or, given a text ({@link #parse}), one that reads that instant now. */
  public static Clock clock(String textOrNull) throws DateTimeParseException {
    return textOrNull == null || textOrNull.isBlank() ? Clock.systemUTC() : startingAt(parse(textOrNull));
  }

  /** The system clock moved so that it reads {@code start} now. */
  public static Clock startingAt(Instant start) {
    return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start));
  }
}
