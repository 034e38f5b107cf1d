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

  @Test
  void bootstrapIntervalCoversTheMeanOfARowSampleAndShrinksWithMoreRows() {
    java.util.Random random = new java.util.Random(3);
    double[] small = new double[50];
    double[] large = new double[2000];
    for (int i = 0; i < large.length; i++) {
      large[i] = 0.2 + random.nextGaussian();
      if (i < small.length) {
        small[i] = large[i];
      }
    }
    double[] s = Metrics.bootstrapInterval(small.length, rows -> mean(Metrics.pick(small, rows)), 1000);
    double[] l = Metrics.bootstrapInterval(large.length, rows -> mean(Metrics.pick(large, rows)), 1000);
    assertThat(s[0]).isLessThan(mean(small));
    assertThat(s[1]).isGreaterThan(mean(small));
    assertThat(l[0]).isLessThan(0.2);
    assertThat(l[1]).isGreaterThan(0.2);
    // the half-width of a mean's interval is about 1.96 / sqrt(n) for unit variance
    assertThat(l[1] - l[0]).isCloseTo(2 * 1.96 / Math.sqrt(large.length), offset(0.03));
    assertThat(s[1] - s[0]).isGreaterThan(3 * (l[1] - l[0]));
  }

  @Test
  void bootstrapOfIdenticalPredictionsIsExactlyZero() {
    List<String> gold = List.of("positive", "negative", "neutral", "positive", "negative");
    List<String> predicted = List.of("positive", "positive", "neutral", "negative", "negative");
    double[] ci =
        Metrics.bootstrapInterval(
            gold.size(),
            rows ->
                Metrics.macroF1(Metrics.pick(gold, rows), Metrics.pick(predicted, rows), DataSets.THREE)
                    - Metrics.macroF1(Metrics.pick(gold, rows), Metrics.pick(predicted, rows), DataSets.THREE),
            200);
    assertThat(ci).containsExactly(0.0, 0.0);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
