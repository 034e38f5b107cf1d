package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MannKendallTest {

  private static double[] index(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  @Test
  void aSteadyRiseIsAnIncreasingTrendWithItsSlope() {
    double[] y = {0.60, 0.62, 0.61, 0.65, 0.66, 0.68, 0.67, 0.71, 0.73, 0.74};
    MannKendall.Result r = MannKendall.test(index(10), y);
    // 45 pairs, two discordant (0.62>0.61, 0.68>0.67): S = 43 - 2 = 41
    assertThat(r.s()).isEqualTo(41);
    assertThat(r.pValue()).isLessThan(0.001);
    assertThat(r.direction(0.05)).isEqualTo("increasing");
    assertThat(r.senSlope()).isCloseTo(0.0144, within(0.002));
    assertThat(r.tau()).isCloseTo(41 / 45.0, within(1e-12));
  }

  @Test
  void noiseIsNoTrend() {
    double[] y = {0.70, 0.64, 0.72, 0.66, 0.69, 0.65, 0.71, 0.67, 0.68, 0.70};
    MannKendall.Result r = MannKendall.test(index(10), y);
    assertThat(r.direction(0.05)).isEqualTo("no trend");
    assertThat(r.pValue()).isGreaterThan(0.2);
  }

  @Test
  void matchesAWorkedExampleWithTies() {
    // n = 5: S = 4 + 2 + 2 - 1 = 7 with one tied pair: var = (5*4*15 - 2*1*9)/18, z = (7-1)/sqrt(var)
    double[] y = {1, 2, 2, 4, 3};
    MannKendall.Result r = MannKendall.test(index(5), y);
    assertThat(r.s()).isEqualTo(7);
    assertThat(r.z()).isCloseTo(6 / Math.sqrt(282.0 / 18), within(1e-9));
  }

  @Test
  void refusesTooFewPointsOrUnorderedTime() {
    assertThatThrownBy(() -> MannKendall.test(index(2), new double[] {1, 2}))
        .hasMessageContaining("at least 3");
    assertThatThrownBy(() -> MannKendall.test(new double[] {0, 2, 1}, new double[] {1, 2, 3}))
        .hasMessageContaining("strictly increasing");
  }
}
