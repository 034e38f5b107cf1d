package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalsTest {

  @Test
  void wilsonMatchesPublishedValues() {
    // 81 of 263 at 95%: Wilson (0.2553, 0.3662), the worked example in Newcombe (1998).
    Estimate e = Intervals.wilson(81, 263, 0.95, 5);
    assertThat(e.value()).isCloseTo(81.0 / 263, within(1e-12));
    assertThat(e.lower()).isCloseTo(0.2553, within(5e-4));
    assertThat(e.upper()).isCloseTo(0.3662, within(5e-4));
    assertThat(e.n()).isEqualTo(263);
    assertThat(e.suppressed()).isFalse();
  }

  @Test
  void wilsonStaysInsideTheUnitIntervalAtTheEdges() {
    Estimate all = Intervals.wilson(20, 20, 0.95, 5);
    assertThat(all.upper()).isEqualTo(1.0);
    assertThat(all.lower()).isBetween(0.8, 1.0);
    Estimate none = Intervals.wilson(0, 20, 0.95, 5);
    assertThat(none.lower()).isEqualTo(0.0);
    assertThat(none.upper()).isBetween(0.0, 0.2);
  }

  @Test
  void belowMinimumNEverythingIsSuppressed() {
    Estimate e = Intervals.wilson(2, 4, 0.95, 5);
    assertThat(e.suppressed()).isTrue();
    assertThat(e.value()).isNull();
    assertThat(e.lower()).isNull();
    assertThat(e.n()).isEqualTo(4);
    assertThat(Intervals.mean(8, 32, 2, 0.95, 5).suppressed()).isTrue();
    assertThat(Intervals.nps(1, 1, 3, 0.95, 5).suppressed()).isTrue();
  }

  @Test
  void meanUsesStudentT() {
    // ratings 1..5 once each: mean 3, sd sqrt(2.5), t(4, 0.975) = 2.776
    double sum = 15;
    double sumSq = 1 + 4 + 9 + 16 + 25;
    Estimate e = Intervals.mean(sum, sumSq, 5, 0.95, 5);
    double half = 2.776445 * Math.sqrt(2.5 / 5);
    assertThat(e.value()).isCloseTo(3.0, within(1e-12));
    assertThat(e.lower()).isCloseTo(3 - half, within(1e-5));
    assertThat(e.upper()).isCloseTo(3 + half, within(1e-5));
  }

  @Test
  void npsFollowsTheDesignFormula() {
    // 50 promoters, 20 detractors of 100: NPS 30, se = 100 * sqrt((0.7 - 0.09) / 100)
    Estimate e = Intervals.nps(50, 20, 100, 0.95, 5);
    double se = 100 * Math.sqrt((0.5 + 0.2 - 0.09) / 100);
    assertThat(e.value()).isCloseTo(30.0, within(1e-9));
    assertThat(e.upper() - e.value()).isCloseTo(1.959964 * se, within(1e-4));
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> Intervals.wilson(6, 5, 0.95, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes");
    assertThatThrownBy(() -> Intervals.nps(4, 4, 5, 0.95, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Intervals.wilson(1, 5, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence");
  }
}
