package io.perceive.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.TrendTests;
import io.perceive.ingest.response.SurveyResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trend tests on the demo's CSAT series, computed as the rollups would hold them, on pinned
 * dates: they find the two trends the generator builds in and, on data without any, almost nothing.
 * The HTTP path over the store is InsightsTest's; this one covers many dates and seeds quickly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoTrendsTest {

  private static final int MIN_N = 5;
  private static final double FDR = 0.05;

  /** A month end, a mid-month morning, a month's last half hour, a leap day, and a New Year. */
  static Stream<Arguments> dates() {
    return Stream.of("2027-01-01T00:00:00Z", "2027-04-15T10:00:00Z", "2027-07-31T23:30:00Z", "2028-02-29T00:00:00Z",
            "2026-12-07T16:00:00Z", "2027-12-31T23:59:00Z")
        .flatMap(d -> Stream.of(Arguments.of(d, Interval.MONTH), Arguments.of(d, Interval.WEEK)));
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("dates")
  void theBuiltInTrendsAndAtMostOneOther(String date, Interval interval) {
    Instant now = Instant.parse(date);
    List<TrendTests.Row> rows = trendTests(DemoData.generate(42, now, 12_000, true), now, interval, ZoneOffset.UTC);
    assertThat(direction(rows, "ERP (SAP)")).as("ERP").isEqualTo("decreasing");
    assertThat(direction(rows, "Service Desk")).as("Service Desk").isEqualTo("increasing");
    assertThat(flagged(rows)).as("services flagged: %s", flaggedNames(rows)).isLessThanOrEqualTo(3);
  }

  /**
   * The false-discovery check of docs/architecture.md: twenty seeds of demo data without a trend,
   * 24 services each, monthly and weekly. Plain per-service tests at 0.05 would flag about one
   * service a seed by chance; BH across the services and the whole-bucket rule keep the total
   * near zero.
   */
  @Test
  void twentySeedsWithoutATrendFlagAtMostTwoServicesInAll() {
    Instant now = Instant.parse("2027-04-15T10:00:00Z");
    int monthly = 0;
    int weekly = 0;
    for (long seed = 1; seed <= 20; seed++) {
      List<SurveyResponse> flat = DemoData.generate(seed, now, 12_000, false);
      monthly += flagged(trendTests(flat, now, Interval.MONTH, ZoneOffset.UTC));
      weekly += flagged(trendTests(flat, now, Interval.WEEK, ZoneOffset.UTC));
    }
    System.out.printf("false discoveries over 20 seeds x 24 services: monthly %d, weekly %d%n", monthly, weekly);
    assertThat(monthly).as("monthly").isLessThanOrEqualTo(2);
    assertThat(weekly).as("weekly").isLessThanOrEqualTo(2);
  }

  @Test
  void theBucketStillFillingAndTheOneTheRangeCutsAreLeftOutAndNamed() {
    Instant now = Instant.parse("2027-04-15T10:00:00Z");
    List<TrendTests.Row> rows = trendTests(DemoData.generate(42, now, 12_000, true), now, Interval.MONTH, ZoneOffset.UTC);
    TrendTests.Row email = rows.stream().filter(r -> r.key().equals("Email")).findFirst().orElseThrow();
    // The range 2026-04-15T10:00 .. 2027-04-15T10:00 cuts April 2026 and April 2027: 11 whole months.
    assertThat(email.partialLeftOut()).isEqualTo(2);
    assertThat(email.points()).isEqualTo(11);
    assertThat(Instant.ofEpochMilli(email.from())).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(email.to())).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
  }

  /** The default query range (the last 365 days), bucketed as the rollups are, into the trend tests. */
  static List<TrendTests.Row> trendTests(List<SurveyResponse> responses, Instant now, Interval interval, ZoneId zone) {
    long to = now.toEpochMilli();
    long from = now.minus(Duration.ofDays(365)).toEpochMilli();
    Map<String, TreeMap<Long, Totals>> totals = new TreeMap<>();
    for (SurveyResponse r : responses) {
      Buckets b = Buckets.of(r.respondedAt(), zone);
      if (b.dayStart() < from || b.dayStart() >= to) {
        continue; // the rollup query's day filter
      }
      totals.computeIfAbsent(r.service(), k -> new TreeMap<>())
          .merge(b.start(interval), Totals.of(r.rating(), r.nps(), r.ces(), r.comment() != null), Totals::plus);
    }
    Map<String, List<TrendTests.Bucket>> series = new TreeMap<>();
    totals.forEach(
        (service, byStart) -> {
          List<TrendTests.Bucket> buckets = new ArrayList<>();
          byStart.forEach(
              (start, t) ->
                  buckets.add(new TrendTests.Bucket(start, Buckets.end(interval, start, zone), Metric.CSAT.estimate(t, 0.95, MIN_N))));
          series.put(service, buckets);
        });
    double bucketMillis = interval == Interval.WEEK ? 7 * 86_400_000d : 30.436875 * 86_400_000d;
    return TrendTests.run(series, from, to, bucketMillis, FDR);
  }

  private static String direction(List<TrendTests.Row> rows, String service) {
    return rows.stream().filter(r -> r.key().equals(service)).findFirst().orElseThrow().direction();
  }

  private static int flagged(List<TrendTests.Row> rows) {
    return flaggedNames(rows).size();
  }

  private static List<String> flaggedNames(List<TrendTests.Row> rows) {
    return rows.stream().filter(r -> r.direction().endsWith("creasing")).map(TrendTests.Row::key).toList();
  }
}
