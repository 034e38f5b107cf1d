package io.perceive.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.perceive.analytics.stats.Estimate;
import org.junit.jupiter.api.Test;

class TotalsTest {

  @Test
  void contributionsAddUpToTheMetrics() {
    Totals t = Totals.ZERO;
    int[] ratings = {5, 4, 4, 2, 1, 5};
    Integer[] nps = {10, 9, 7, 3, null, 6};
    for (int i = 0; i < ratings.length; i++) {
      t = t.plus(Totals.of(ratings[i], nps[i], null, i % 2 == 0));
    }
    assertThat(t.n()).isEqualTo(6);
    assertThat(t.satisfied()).isEqualTo(4);
    assertThat(t.comments()).isEqualTo(3);
    assertThat(t.npsN()).isEqualTo(5);

    Estimate csat = Metric.CSAT.estimate(t, 0.95, 5);
    assertThat(csat.value()).isCloseTo(4.0 / 6, within(1e-12));
    Estimate mean = Metric.RATING.estimate(t, 0.95, 5);
    assertThat(mean.value()).isCloseTo(21.0 / 6, within(1e-12));
    Estimate netPromoter = Metric.NPS.estimate(t, 0.95, 5);
    // promoters 2, detractors 2 (3 and 6) of 5
    assertThat(netPromoter.value()).isCloseTo(0.0, within(1e-12));
    assertThat(Metric.CES.estimate(t, 0.95, 5).suppressed()).isTrue();
  }

  @Test
  void mapRoundTripKeepsEveryCounter() {
    Totals t = Totals.of(3, 8, 2, true).plus(Totals.of(5, 10, 7, false));
    assertThat(Totals.fromMap(t.asMap())).isEqualTo(t);
  }

  @Test
  void aRevisionMovesTheBucketByTheDifference() {
    Totals before = Totals.of(2, null, null, false);
    Totals after = Totals.of(5, null, null, true);
    Totals bucket = Totals.of(4, 9, null, false).plus(before);
    Totals delta = after.minus(before);
    assertThat(delta.n()).isZero();
    assertThat(delta.satisfied()).isEqualTo(1);
    assertThat(delta.ratingSum()).isEqualTo(3);
    assertThat(delta.comments()).isEqualTo(1);
    assertThat(bucket.plus(delta)).isEqualTo(Totals.of(4, 9, null, false).plus(after));
    assertThat(after.minus(after)).isEqualTo(Totals.ZERO);
  }

  @Test
  void refusesRatingsOffTheScale() {
    assertThatThrownBy(() -> Totals.of(0, null, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Metric.parse("nps")).contains(Metric.NPS);
    assertThat(Metric.parse("bogus")).isEmpty();
  }
}
