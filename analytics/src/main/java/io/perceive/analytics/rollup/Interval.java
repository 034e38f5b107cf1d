package io.perceive.analytics.rollup;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The bucket sizes a trend can be drawn in. Each has a precomputed key on every rollup. */
public enum Interval {
  DAY("dayStart"),
  WEEK("weekStart"),
  MONTH("monthStart");

  private final String field;

  Interval(String field) {
    this.field = field;
  }

  /** The rollup field that holds this interval's bucket start (epoch milliseconds). */
  public String field() {
    return field;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Interval> parse(String text) {
    return Arrays.stream(values()).filter(i -> i.label().equals(text)).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Interval::label).collect(Collectors.joining(", "));
  }
}
