package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionsTest {

  @Test
  void twoProportionTestMatchesTheTextbook() {
    // 45/100 vs 60/100: pooled 0.525, se = sqrt(.525*.475*.02) = 0.07062, z = -2.124, p = 0.0337
    assertThat(Proportions.twoProportionPValue(45, 100, 60, 100)).isCloseTo(0.0337, within(5e-4));
    assertThat(Proportions.twoProportionPValue(50, 100, 50, 100)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void benjaminiHochbergAdjustsInTheGivenOrder() {
    double[] p = {0.01, 0.04, 0.03, 0.005};
    double[] q = Proportions.benjaminiHochberg(p);
    // sorted: 0.005*4/1=0.02, 0.01*4/2=0.02, 0.03*4/3=0.04, 0.04*4/4=0.04
    assertThat(q).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
  }

  @Test
  void adjustedValuesNeverFallBelowTheRawOnesNorExceedOne() {
    double[] p = {0.9, 0.5, 0.001, 0.2, 0.04};
    double[] q = Proportions.benjaminiHochberg(p);
    for (int i = 0; i < p.length; i++) {
      assertThat(q[i]).isGreaterThanOrEqualTo(p[i]).isLessThanOrEqualTo(1.0);
    }
  }
}
