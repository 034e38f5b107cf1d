package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;

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

  /**
   * Reference: the test suite of pyMannKendall (Hussain and Mahmud 2019, JOSS 4(39) 1556) as first
   * published, tests/test_pymannkendall.py of 2019-03-12 (test_hamed_rao_modification_test and
   * test_hamed_rao_modification_test_lag3, on the Bogra column of its tests/data/Monthly Rainfall.csv):
   * 30 years of monthly rainfall with 7 missing months, S = -1959, Var(S) = 257403.38678462413 over
   * all lags (z = -3.859273515045842, p = 0.00011372459883540742) and 14226812.425138814 over the
   * first three (z = -0.5191093899188985, p = 0.603684460662274). Hamed and Rao's formula as
   * published; the missing months are skipped.
   */
  @Test
  void hamedRaoMatchesThePublishedReference() throws Exception {
    List<Double> values = new ArrayList<>();
    try (var in = MannKendallTest.class.getResourceAsStream("bogra-monthly-rainfall.txt")) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          values.add(Double.parseDouble(line.strip()));
        }
      }
    }
    assertThat(values).hasSize(360);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isNaN()) {
        points.add(new double[] {i, values.get(i)});
      }
    }
    double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = points.stream().mapToDouble(p -> p[1]).toArray();

    MannKendall.Result all = MannKendall.hamedRao(x, y, Integer.MAX_VALUE, 0.05, false);
    assertThat(all.s()).isEqualTo(-1959);
    assertThat(all.tau()).isCloseTo(-0.03153167653875869, within(1e-12));
    assertThat(all.variance()).isCloseTo(257403.38678462413, withinPercentage(1e-7));
    assertThat(all.z()).isCloseTo(-3.859273515045842, within(1e-9));
    assertThat(all.pValue()).isCloseTo(0.00011372459883540742, within(1e-12));
    assertThat(all.direction(0.05)).isEqualTo("decreasing");

    MannKendall.Result lag3 = MannKendall.hamedRao(x, y, 3, 0.05, false);
    assertThat(lag3.variance()).isCloseTo(14226812.425138814, withinPercentage(1e-7));
    assertThat(lag3.z()).isCloseTo(-0.5191093899188985, within(1e-9));
    assertThat(lag3.pValue()).isCloseTo(0.603684460662274, within(1e-9));

    // Over all lags the seasonal swings give a negative sum, so the variance shrinks (n/n* < 1) and a
    // trend appears that three lags do not see. Perceive's conservative use keeps the plain variance
    // then, and takes only corrections that widen it.
    double plain = MannKendall.test(x, y).variance();
    assertThat(plain).isGreaterThan(all.variance()).isLessThan(lag3.variance());
    assertThat(MannKendall.hamedRao(x, y, Integer.MAX_VALUE, 0.05, true).variance()).isEqualTo(plain);
    assertThat(MannKendall.hamedRao(x, y, 3, 0.05, true).variance()).isEqualTo(lag3.variance());
  }

  @Test
  void whiteNoiseIsLeftAloneAndAStrongRiseSurvivesTheCorrection() {
    double[] y = {0.70, 0.64, 0.72, 0.66, 0.69, 0.65, 0.71, 0.67, 0.68, 0.70, 0.66, 0.69};
    MannKendall.Result plain = MannKendall.test(index(12), y);
    MannKendall.Result corrected = MannKendall.hamedRao(index(12), y, Integer.MAX_VALUE, 0.05, true);
    assertThat(corrected.variance()).isGreaterThanOrEqualTo(plain.variance());
    assertThat(corrected.direction(0.05)).isEqualTo("no trend");
    double[] rise = {0.60, 0.62, 0.61, 0.65, 0.66, 0.68, 0.67, 0.71, 0.73, 0.74, 0.76, 0.75};
    assertThat(MannKendall.hamedRao(index(12), rise, Integer.MAX_VALUE, 0.05, true).direction(0.05)).isEqualTo("increasing");
  }
}
