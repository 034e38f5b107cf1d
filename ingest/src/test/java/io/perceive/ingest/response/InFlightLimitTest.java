package io.perceive.ingest.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InFlightLimitTest {

  @Test
  void refusesWorkBeyondTheBoundAndAcceptsItAgainAfterRelease() {
    InFlightLimit limit = new InFlightLimit(1000);
    assertThat(limit.tryAcquire(999)).isTrue();
    assertThat(limit.tryAcquire(2)).isFalse();
    assertThat(limit.tryAcquire(1)).isTrue();
    assertThat(limit.tryAcquire(1)).isFalse();
    limit.release(500);
    assertThat(limit.inFlight()).isEqualTo(500);
    assertThat(limit.tryAcquire(500)).isTrue();
  }
}
