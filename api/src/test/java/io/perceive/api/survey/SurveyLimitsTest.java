package io.perceive.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SurveyLimitsTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));

  @Test
  void aLinkGetsItsLimitPerMinuteAndTheNextMinuteStartsAfresh() {
    SurveyLimits limits = new SurveyLimits(clock, 100, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.allow("10.0.0.1", "tok")).isTrue();
    }
    assertThat(limits.allow("10.0.0.2", "tok")).as("the link is over its limit, from any address").isFalse();
    assertThat(limits.allow("10.0.0.1", "other")).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(limits.allow("10.0.0.1", "tok")).isTrue();
  }

  @Test
  void anAddressGetsItsLimitAcrossLinks() {
    SurveyLimits limits = new SurveyLimits(clock, 2, 100);
    assertThat(limits.allow("10.0.0.1", "a")).isTrue();
    assertThat(limits.allow("10.0.0.1", "b")).isTrue();
    assertThat(limits.allow("10.0.0.1", "c")).isFalse();
    assertThat(limits.allow("10.0.0.9", "c")).isTrue();
  }
}
