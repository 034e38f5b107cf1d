package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyDriversTest {

  private static final List<String> DIMENSIONS = List.of("courtesy", "timeliness", "knowledge");

  /** 30 cells: CSAT follows courtesy closely, timeliness is noise, knowledge is in two cells. */
  private static List<KeyDrivers.Cell> cells() {
    Random random = new Random(11);
    List<KeyDrivers.Cell> cells = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      double courtesy = -0.8 + 1.6 * i / 29;
      double csat = 0.6 + 0.3 * courtesy + random.nextGaussian() * 0.02;
      Map<String, double[]> dims =
          i < 2
              ? Map.of("courtesy", new double[] {courtesy, 10}, "timeliness", new double[] {random.nextDouble() - 0.5, 10},
                  "knowledge", new double[] {0.3, 10})
              : Map.of("courtesy", new double[] {courtesy, 10}, "timeliness", new double[] {random.nextDouble() - 0.5, 10});
      cells.add(new KeyDrivers.Cell("cell " + i, csat, 40, dims));
    }
    // A cell under the minimum n of ratings, wildly off the line, takes no part.
    cells.add(new KeyDrivers.Cell("tiny", 0.0, 2, Map.of("courtesy", new double[] {0.9, 10})));
    return cells;
  }

  @Test
  void theDimensionSatisfactionFollowsComesFirstAndNoiseIsNoDriver() {
    List<KeyDrivers.Driver> drivers = KeyDrivers.rank(cells(), DIMENSIONS, 0.95, 5, 0.05);
    assertThat(drivers).extracting(KeyDrivers.Driver::dimension).containsExactly("courtesy", "timeliness", "knowledge");

    KeyDrivers.Driver courtesy = drivers.get(0);
    assertThat(courtesy.cells()).isEqualTo(30);
    assertThat(courtesy.r()).isGreaterThan(0.95);
    assertThat(courtesy.lower()).isLessThan(courtesy.r());
    assertThat(courtesy.upper()).isBetween(courtesy.r(), 1.0);
    assertThat(courtesy.slopePerTenth()).as("0.3 CSAT per unit of sentiment").isCloseTo(0.03, offset(0.003));
    assertThat(courtesy.driver()).isTrue();

    KeyDrivers.Driver timeliness = drivers.get(1);
    assertThat(timeliness.lower()).isNegative();
    assertThat(timeliness.upper()).isPositive();
    assertThat(timeliness.driver()).isFalse();
    assertThat(timeliness.qValue()).isGreaterThanOrEqualTo(timeliness.pValue());

    KeyDrivers.Driver knowledge = drivers.get(2);
    assertThat(knowledge.suppressed()).isTrue();
    assertThat(knowledge.cells()).isEqualTo(2);
    assertThat(knowledge.r()).isNull();
  }

  @Test
  void theTestOfTheCorrelationMatchesAReferenceValue() {
    // With 10 cells, r = 0.632 is the two-sided 5% critical value of Pearson's r.
    List<KeyDrivers.Cell> cells = new ArrayList<>();
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] y = {2.0, 1.0, 4.0, 3.0, 7.0, 2.0, 5.0, 9.0, 4.0, 6.0};
    for (int i = 0; i < x.length; i++) {
      cells.add(new KeyDrivers.Cell("c" + i, y[i], 10, Map.of("courtesy", new double[] {x[i], 10})));
    }
    KeyDrivers.Driver d = KeyDrivers.rank(cells, List.of("courtesy"), 0.95, 5, 0.05).get(0);
    // r = 0.610, just under the critical value: p = 0.0611 (t = 2.177 on 8 degrees of freedom;
    // reference value from SciPy's t distribution)
    assertThat(d.r()).isCloseTo(0.6100, offset(1e-4));
    assertThat(d.pValue()).isCloseTo(0.0611, offset(5e-4));
    assertThat(d.driver()).isFalse();
  }

  @Test
  void perAnswerFiguresFromSumsEqualThoseFromTheAnswersThemselves() {
    // 400 answers mentioning courtesy: the kinder the words, the likelier a 4-5. Timeliness: coin flips.
    Random random = new Random(5);
    Map<String, KeyDrivers.Sums> sums = new java.util.HashMap<>();
    Map<String, org.apache.commons.math3.stat.regression.SimpleRegression> direct = new java.util.HashMap<>();
    for (String d : List.of("courtesy", "timeliness")) {
      org.apache.commons.math3.stat.regression.SimpleRegression fit = new org.apache.commons.math3.stat.regression.SimpleRegression();
      KeyDrivers.Sums s = new KeyDrivers.Sums(0, 0, 0, 0, 0);
      for (int i = 0; i < 400; i++) {
        double x = Math.max(-1, Math.min(1, random.nextGaussian() * 0.5));
        boolean satisfied = random.nextDouble() < (d.equals("courtesy") ? 0.5 + 0.4 * x : 0.5);
        fit.addData(x, satisfied ? 1 : 0);
        s = s.plus(new KeyDrivers.Sums(1, x, x * x, satisfied ? 1 : 0, satisfied ? x : 0));
      }
      sums.put(d, s);
      direct.put(d, fit);
    }
    sums.put("knowledge", new KeyDrivers.Sums(6, 1.2, 0.9, 3, 0.8));

    List<KeyDrivers.Driver> drivers = KeyDrivers.perAnswer(sums, DIMENSIONS, 0.95, 5, 0.05);
    assertThat(drivers).extracting(KeyDrivers.Driver::dimension).containsExactly("courtesy", "timeliness", "knowledge");
    for (KeyDrivers.Driver d : drivers.subList(0, 2)) {
      org.apache.commons.math3.stat.regression.SimpleRegression fit = direct.get(d.dimension());
      assertThat(d.cells()).isEqualTo(400);
      assertThat(d.r()).isCloseTo(fit.getR(), offset(1e-9));
      assertThat(d.pValue()).isCloseTo(fit.getSignificance(), offset(1e-9));
      assertThat(d.slopePerTenth()).isCloseTo(fit.getSlope() * 0.1, offset(1e-9));
      assertThat(d.lower()).isLessThan(d.r());
      assertThat(d.upper()).isGreaterThan(d.r());
    }
    assertThat(drivers.get(0).driver()).isTrue();
    assertThat(drivers.get(0).r()).isGreaterThan(0.3);
    assertThat(drivers.get(1).driver()).as("coin flips drive nothing").isFalse();
    assertThat(drivers.get(2).suppressed()).as("six answers").isTrue();
    assertThat(drivers.get(2).cells()).isEqualTo(6);
  }
}
