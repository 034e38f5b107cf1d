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
}
