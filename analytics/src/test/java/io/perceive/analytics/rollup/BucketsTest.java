package io.perceive.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BucketsTest {

  @Test
  void weeksStartOnMondayAndMonthsOnTheFirst() {
    // Sunday 2026-11-22 23:30 UTC
    Buckets b = Buckets.of(Instant.parse("2026-11-22T23:30:00Z"), ZoneOffset.UTC);
    assertThat(b.day()).isEqualTo("2026-11-22");
    assertThat(b.weekStart()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z").toEpochMilli());
    assertThat(b.monthStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    assertThat(b.start(Interval.DAY)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli());
  }

  @Test
  void theDeploymentZoneDecidesTheDay() {
    // The same instant is already Monday in Berlin, so it opens a new week there.
    Buckets b = Buckets.of(Instant.parse("2026-11-22T23:30:00Z"), ZoneId.of("Europe/Berlin"));
    assertThat(b.day()).isEqualTo("2026-11-23");
    assertThat(b.weekStart()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z").toEpochMilli());
  }

  @Test
  void intervalsParseTheirLabelsOnly() {
    assertThat(Interval.parse("week")).contains(Interval.WEEK);
    assertThat(Interval.parse("WEEK")).isEmpty();
    assertThat(Interval.allowed()).isEqualTo("day, week, month");
  }

  /** Calendar edges, pinned: a month end, a leap day, the ISO week across New Year, a DST change. */
  @Test
  void bucketEndsFollowTheCalendarOfTheZone() {
    java.time.ZoneId utc = java.time.ZoneOffset.UTC;
    Buckets leapDay = Buckets.of(java.time.Instant.parse("2028-02-29T23:30:00Z"), utc);
    assertThat(leapDay.day()).isEqualTo("2028-02-29");
    assertThat(java.time.Instant.ofEpochMilli(Buckets.end(Interval.MONTH, leapDay.monthStart(), utc)))
        .isEqualTo(java.time.Instant.parse("2028-03-01T00:00:00Z"));
    assertThat(java.time.Instant.ofEpochMilli(Buckets.end(Interval.DAY, leapDay.dayStart(), utc)))
        .isEqualTo(java.time.Instant.parse("2028-03-01T00:00:00Z"));
    Buckets monthEnd = Buckets.of(java.time.Instant.parse("2027-07-31T23:30:00Z"), utc);
    assertThat(java.time.Instant.ofEpochMilli(Buckets.end(Interval.MONTH, monthEnd.monthStart(), utc)))
        .isEqualTo(java.time.Instant.parse("2027-08-01T00:00:00Z"));
    // 2027-01-01 is a Friday: its ISO week started on Monday 2026-12-28 and ends on 2027-01-04.
    Buckets newYear = Buckets.of(java.time.Instant.parse("2027-01-01T00:00:00Z"), utc);
    assertThat(java.time.Instant.ofEpochMilli(newYear.weekStart())).isEqualTo(java.time.Instant.parse("2026-12-28T00:00:00Z"));
    assertThat(java.time.Instant.ofEpochMilli(Buckets.end(Interval.WEEK, newYear.weekStart(), utc)))
        .isEqualTo(java.time.Instant.parse("2027-01-04T00:00:00Z"));
    // Berlin moves its clocks forward on 2027-03-28: that week is 167 hours long, midnight to midnight.
    java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
    Buckets dst = Buckets.of(java.time.Instant.parse("2027-03-25T12:00:00Z"), berlin);
    assertThat(java.time.Instant.ofEpochMilli(dst.weekStart())).isEqualTo(java.time.Instant.parse("2027-03-21T23:00:00Z"));
    assertThat(java.time.Instant.ofEpochMilli(Buckets.end(Interval.WEEK, dst.weekStart(), berlin)))
        .isEqualTo(java.time.Instant.parse("2027-03-28T22:00:00Z"));
  }
}
