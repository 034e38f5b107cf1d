package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendTestsTest {

  private static final long DAY = 86_400_000L;

  private static List<TrendTests.Bucket> series(long firstStart, double... values) {
    List<TrendTests.Bucket> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      long start = firstStart + i * 10 * DAY;
      out.add(new TrendTests.Bucket(start, start + 10 * DAY, new Estimate(values[i], values[i] - 0.1, values[i] + 0.1, 50, false)));
    }
    return out;
  }

  /**
   * Benjamini and Hochberg (1995, J. R. Stat. Soc. B 57: 289-300, section 4.1) give 15 p-values of
   * which, at q = 0.05, the four smallest are discoveries (0.0001, 0.0004, 0.0019, 0.0095); the fifth
   * (0.0201) is not: its adjusted value is 0.0201 * 15 / 5 = 0.0603.
   */
  @Test
  void qValuesAreBenjaminiHochbergOfThePublishedExample() {
    double[] p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0};
    double[] q = Proportions.benjaminiHochberg(p);
    assertThat(q[3]).isCloseTo(0.0095 * 15 / 4, within(1e-12)).isLessThan(0.05);
    assertThat(q[4]).isCloseTo(0.0201 * 15 / 5, within(1e-12)).isGreaterThan(0.05);
    long discoveries = java.util.Arrays.stream(q).filter(v -> v <= 0.05).count();
    assertThat(discoveries).isEqualTo(4);
  }

  @Test
  void onlyWholeBucketsCountAndTheSeriesSaysWhichItUsed() {
    long from = 5 * DAY;
    // Buckets of ten days from day 0: the first starts before the range, the last ends after it.
    List<TrendTests.Bucket> rising = series(0, 0.9, 0.50, 0.52, 0.55, 0.58, 0.60, 0.63, 0.1);
    long to = 75 * DAY;
    TrendTests.Row row = TrendTests.run(Map.of("A", rising), from, to, 10 * DAY, 0.05).get(0);
    assertThat(row.partialLeftOut()).isEqualTo(2);
    assertThat(row.points()).isEqualTo(6);
    assertThat(row.from()).isEqualTo(10 * DAY);
    assertThat(row.to()).isEqualTo(70 * DAY);
    assertThat(row.n()).isEqualTo(300);
    // With the partial buckets (0.9 first, 0.1 last) the series would not rise at all.
    assertThat(row.test().s()).isEqualTo(15);
  }

  @Test
  void theVerdictIsTakenOnQValuesAcrossTheSeries() {
    Map<String, List<TrendTests.Bucket>> series = new LinkedHashMap<>();
    series.put("rising", series(0, 0.50, 0.52, 0.55, 0.58, 0.60, 0.63));
    for (int i = 0; i < 6; i++) {
      series.put("flat" + i, series(0, 0.6, 0.62, 0.59, 0.61, 0.6, 0.6 + i * 0.001));
    }
    List<TrendTests.Row> rows = TrendTests.run(series, 0, 60 * DAY, 10 * DAY, 0.05);
    TrendTests.Row rising = rows.get(0);
    // Six rising points: p = 0.0085 on its own, but q = 7 p across seven series.
    assertThat(rising.test().pValue()).isCloseTo(0.0085, within(0.0005));
    assertThat(rising.qValue()).isCloseTo(7 * rising.test().pValue(), within(1e-12));
    assertThat(rising.direction()).isEqualTo("no trend");
    assertThat(TrendTests.run(series, 0, 60 * DAY, 10 * DAY, 0.1).get(0).direction()).isEqualTo("increasing");
    assertThat(TrendTests.run(Map.of("alone", series.get("rising")), 0, 60 * DAY, 10 * DAY, 0.05).get(0).direction())
        .isEqualTo("increasing");
  }

  @Test
  void fewerThanThreeWholeShownBucketsIsNoTest() {
    TrendTests.Row row = TrendTests.run(Map.of("A", series(0, 0.5, 0.6, 0.7)), 0, 25 * DAY, 10 * DAY, 0.05).get(0);
    assertThat(row.direction()).isEqualTo("insufficient data");
    assertThat(row.test()).isNull();
    assertThat(row.qValue()).isNull();
  }
}
