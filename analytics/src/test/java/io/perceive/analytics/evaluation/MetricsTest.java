package io.perceive.analytics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MetricsTest {

  @Test
  void macroF1CountsNeutralOnABinarySetAsAMiss() {
    List<String> gold = List.of("positive", "positive", "negative", "negative");
    List<String> predicted = List.of("positive", "neutral", "negative", "positive");
    // positive: P 1/2, R 1/2 -> 0.5; negative: P 1, R 1/2 -> 2/3
    assertThat(Metrics.macroF1(gold, predicted, DataSets.TWO)).isCloseTo((0.5 + 2.0 / 3) / 2, offset(1e-9));
    assertThat(Metrics.accuracy(gold, predicted)).isEqualTo(0.5);
  }

  @Test
  void correlations() {
    double[] a = {1, 2, 3, 4};
    assertThat(Metrics.pearson(a, new double[] {2, 4, 6, 8})).isCloseTo(1, offset(1e-9));
    assertThat(Metrics.spearman(a, new double[] {1, 10, 100, 1000})).isCloseTo(1, offset(1e-9));
    assertThat(Metrics.pearson(new double[] {1}, new double[] {1})).isNaN();
  }

  @Test
  void prf() {
    Metrics.Prf p = Metrics.Prf.of(6, 4, 2);
    assertThat(p.precision()).isEqualTo(0.6);
    assertThat(p.recall()).isEqualTo(0.75);
    assertThat(p.support()).isEqualTo(8);
  }
}
