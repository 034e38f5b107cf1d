package io.perceive.analytics.rollup;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * Bucket keys computed once, when a response is stored, so that queries group on plain fields
 * instead of date operators the embedded store lacks ($dateTrunc, $isoWeek). Weeks start on
 * Monday (ISO 8601); buckets are calendar days in the deployment's time zone.
 */
public record Buckets(String day, long dayStart, long weekStart, long monthStart) {

  public Buckets {
    Objects.requireNonNull(day, "day");
  }

  public static Buckets of(Instant at, ZoneId zone) {
    LocalDate date = at.atZone(zone).toLocalDate();
    return new Buckets(
        date.toString(),
        startOf(date, zone),
        startOf(date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone),
        startOf(date.withDayOfMonth(1), zone));
  }

  /** The start of the bucket of the given interval. */
  public long start(Interval interval) {
    return switch (interval) {
      case DAY -> dayStart;
      case WEEK -> weekStart;
      case MONTH -> monthStart;
    };
  }

  /** The end (exclusive) of the bucket of {@code interval} that starts at {@code start}, in {@code zone}. */
  public static long end(Interval interval, long start, ZoneId zone) {
    java.time.ZonedDateTime at = Instant.ofEpochMilli(start).atZone(zone);
    java.time.ZonedDateTime next =
        switch (interval) {
          case DAY -> at.plusDays(1);
          case WEEK -> at.plusWeeks(1);
          case MONTH -> at.plusMonths(1);
        };
    return startOf(next.toLocalDate(), zone);
  }

  private static long startOf(LocalDate date, ZoneId zone) {
    return date.atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
