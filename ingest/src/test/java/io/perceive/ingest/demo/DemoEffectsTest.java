package io.perceive.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.BeforeAfter;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Differences;
import io.perceive.analytics.stats.Differences.Verdict;
import io.perceive.ingest.annotation.Annotation;
import io.perceive.ingest.response.SurveyResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The effects of the demo's annotations, computed as {@code /api/v1/annotations/{id}/effect}
 * does (28 whole days before the action's first day against 28 after its last, UTC, default
 * alpha 0.05) from the answers the rollups would count: on the default demo the improvement with
 * a built-in effect is "improved" at p < 0.05 and the one without is "no measurable change"; on
 * twenty seeds of data without any effect, the improvement finds at most one effect in all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoEffectsTest {

  private static final Instant NOW = Instant.parse("2027-04-15T10:00:00Z");
  private static final int WINDOW_DAYS = 28;
  private static final double ALPHA = 0.05;

  static BeforeAfter.Comparison effect(List<SurveyResponse> answers, Annotation a, Metric metric) {
    Instant beforeTo = a.start().truncatedTo(ChronoUnit.DAYS);
    Instant beforeFrom = beforeTo.minus(Duration.ofDays(WINDOW_DAYS));
    Instant afterFrom = a.endOrStart().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    Instant afterTo = afterFrom.plus(Duration.ofDays(WINDOW_DAYS));
    afterTo = afterTo.isAfter(NOW) ? NOW : afterTo;
    Totals before = Totals.ZERO;
    Totals after = Totals.ZERO;
    for (SurveyResponse r : answers) {
      if (!r.service().equals(a.service())) {
        continue;
      }
      // Whole days, as the day rollups hold them.
      Instant day = r.respondedAt().truncatedTo(ChronoUnit.DAYS);
      Totals t = Totals.of(r.rating(), r.nps(), r.ces(), r.comment() != null, r.slaMet(), r.lostMinutes());
      if (!day.isBefore(beforeFrom) && day.isBefore(beforeTo)) {
        before = before.plus(t);
      } else if (!day.isBefore(afterFrom) && day.isBefore(afterTo)) {
        after = after.plus(t);
      }
    }
    return BeforeAfter.compare(metric, before, after, 0.95, ALPHA, 5);
  }

  private static Annotation annotation(String id) {
    return DemoData.annotations(NOW).stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theBuiltInEffectIsFoundAndTheOtherIsNot() {
    List<SurveyResponse> demo = DemoData.generate(42, NOW, 12_000);
    BeforeAfter.Comparison portal = effect(demo, annotation(DemoEvents.SELF_SERVICE), Metric.LOST_TIME);
    assertThat(portal.verdict()).isEqualTo(Verdict.IMPROVED);
    assertThat(portal.difference().pValue()).isLessThan(0.05);
    assertThat(portal.difference().estimate()).as("minutes lost per answer, after minus before").isNegative();
    assertThat(effect(demo, annotation(DemoEvents.SELF_SERVICE), Metric.CSAT).verdict())
        .as("the portal saves time; satisfaction was high already").isEqualTo(Verdict.NO_CHANGE);
    for (Metric metric : List.of(Metric.CSAT, Metric.LOST_TIME)) {
      assertThat(effect(demo, annotation(DemoEvents.PRINT_SERVER), metric).verdict()).as("print server, " + metric.label())
          .isEqualTo(Verdict.NO_CHANGE);
    }
    BeforeAfter.Comparison silent = effect(demo, annotation(DemoEvents.EMAIL_OUTAGE), Metric.CSAT);
    BeforeAfter.Comparison informed = effect(demo, annotation(DemoEvents.WIFI_OUTAGE), Metric.CSAT);
    BeforeAfter.Comparison printer = effect(demo, annotation(DemoEvents.PRINT_SERVER), Metric.CSAT);
    for (BeforeAfter.Comparison c : List.of(portal, printer, silent, informed)) {
      System.out.printf("demo effect: %.3f -> %.3f (n %d, %d), p %.4f, %s%n", c.beforeValue(), c.afterValue(), c.nBefore(), c.nAfter(),
          c.difference().pValue(), c.verdict().label());
    }
    assertThat(silent.verdict()).as("an outage nobody was told about").isEqualTo(Verdict.WORSENED);
    assertThat(informed.verdict()).as("an outage with hourly updates").isEqualTo(Verdict.NO_CHANGE);
    // As /api/v1/incidents/communication compares them: the change with updates less the change without.
    Differences.Difference gap = Differences.between(silent.difference(), informed.difference(), 0.95);
    System.out.printf("demo incidents: updates held CSAT up by %.3f [%.3f, %.3f], p %.4f%n", gap.estimate(), gap.lower(), gap.upper(),
        gap.pValue());
    assertThat(gap.lower()).isPositive();
  }

  /**
   * The size check: without the built-in effect (twenty seeds, no event moves anything), the
   * improvement's effect on lost time is tested at 0.05 twenty times; about one false verdict is
   * what the level promises, and at most one is allowed.
   */
  @Test
  void twentySeedsWithoutAnEffectGiveAtMostOneVerdict() {
    Annotation portal = annotation(DemoEvents.SELF_SERVICE);
    int verdicts = 0;
    int others = 0;
    int tests = 0;
    for (long seed = 1; seed <= 20; seed++) {
      List<SurveyResponse> flat = DemoData.generate(seed, NOW, 12_000, false);
      Verdict v = effect(flat, portal, Metric.LOST_TIME).verdict();
      verdicts += v == Verdict.IMPROVED || v == Verdict.WORSENED ? 1 : 0;
      for (Annotation a : DemoData.annotations(NOW)) {
        for (String name : a.metrics()) {
          Verdict w = effect(flat, a, Metric.parse(name).orElseThrow()).verdict();
          tests++;
          others += w == Verdict.IMPROVED || w == Verdict.WORSENED ? 1 : 0;
        }
      }
    }
    System.out.printf("verdicts on data without effects: the portal's lost time %d of 20; every annotation and metric %d of %d%n",
        verdicts, others, tests);
    assertThat(verdicts).isLessThanOrEqualTo(1);
    // Every annotation and metric of the demo, each at 0.05: about 5% by chance, not more.
    assertThat(others).isLessThanOrEqualTo(tests / 10);
  }
}
