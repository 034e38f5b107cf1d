package io.perceive.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ScannerWatchTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final ScannerWatch watch = new ScannerWatch(clock);

  @Test
  void onePersonOpeningTheirLinkTwiceIsNoScanner() {
    assertThat(watch.opened("i1", 4)).isFalse();
    assertThat(watch.opened("i1", 4)).isFalse();
    assertThat(watch.visits()).isZero();
  }

  @Test
  void differentLinksOfOneInvitationWithinTheWindowAreAScannersAndAllCount() {
    assertThat(watch.opened("i1", 1)).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(watch.opened("i1", 2)).isTrue();
    assertThat(watch.visits()).as("the first link of the burst counts too").isEqualTo(2);
    for (int r = 3; r <= 5; r++) {
      clock.advance(Duration.ofSeconds(10));
      assertThat(watch.opened("i1", r)).isTrue();
    }
    assertThat(watch.visits()).isEqualTo(5);
    assertThat(watch.opened("i2", 5)).as("another invitation").isFalse();
  }

  @Test
  void aChangeOfMindAfterTheWindowIsNoScanner() {
    assertThat(watch.opened("i1", 5)).isFalse();
    clock.advance(ScannerWatch.WINDOW.plusSeconds(1));
    assertThat(watch.opened("i1", 4)).isFalse();
    assertThat(watch.visits()).isZero();
  }
}
