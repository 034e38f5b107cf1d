package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.perceive.analytics.stats.Differences.Difference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Welch's t and the two-proportion test against published values. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DifferencesTest {

  /**
   * Student's sleep data (Cushny and Peebles; Student, 1908, Biometrika 6: 1-25), as R ships it
   * ({@code datasets::sleep}): extra hours of sleep of ten patients on each of two drugs. R's
   * documented example {@code t.test(extra ~ group, data = sleep)} (Welch, the default) prints
   * t = -1.8608, df = 17.776, p-value = 0.07939, 95 percent confidence interval -3.3654832
   * 0.2054832, means 0.75 and 2.33.
   */
  @Test
  void welchMatchesRsSleepExample() {
    double[] group1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    double[] group2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
    // Group 1 minus group 2, as R reports it: the second argument is the one subtracted from.
    Difference d = Differences.welch(sum(group2), sumSq(group2), 10, sum(group1), sumSq(group1), 10, 0.95);
    assertThat(d.estimate()).isCloseTo(0.75 - 2.33, within(1e-12));
    assertThat(d.statistic()).isCloseTo(-1.8608, within(5e-5));
    assertThat(d.df()).isCloseTo(17.776, within(5e-4));
    assertThat(d.pValue()).isCloseTo(0.07939, within(5e-6));
    assertThat(d.lower()).isCloseTo(-3.3654832, within(5e-7));
    assertThat(d.upper()).isCloseTo(0.2054832, within(5e-7));
  }

  /**
   * The Physicians' Health Study (Steering Committee of the Physicians' Health Study Research
   * Group, 1989, N Engl J Med 321: 129-135): myocardial infarction in 189 of 11,034 physicians on
   * placebo and 104 of 11,037 on aspirin. Agresti (An Introduction to Categorical Data Analysis,
   * 2nd ed., 2007, Section 2.2.3) gives the difference of proportions 0.0171 - 0.0094 = 0.0077
   * with standard error 0.0015 and the 95% Wald interval (0.005, 0.011).
   */
  @Test
  void twoProportionsMatchAgrestisAspirinExample() {
    Difference d = Differences.twoProportions(104, 11_037, 189, 11_034, 0.95);
    assertThat(d.estimate()).isCloseTo(0.0077, within(5e-5));
    assertThat((d.upper() - d.lower()) / 2 / 1.959964).isCloseTo(0.0015, within(5e-5));
    assertThat(d.lower()).isCloseTo(0.005, within(5e-4));
    assertThat(d.upper()).isCloseTo(0.011, within(5e-4));
    // The pooled z squared is Pearson's chi-squared of the 2x2 table; far beyond 0.001.
    assertThat(d.statistic() * d.statistic()).isCloseTo(25.01, within(5e-3));
    assertThat(d.pValue()).isLessThan(1e-6);
  }

  @Test
  void noDifferenceAndDegenerateGroups() {
    Difference same = Differences.twoProportions(30, 100, 30, 100, 0.95);
    assertThat(same.estimate()).isZero();
    assertThat(same.pValue()).isEqualTo(1.0);
    Difference flat = Differences.welch(10, 50, 2, 10, 50, 2, 0.95);
    assertThat(flat.pValue()).isEqualTo(1.0);
    assertThatThrownBy(() -> Differences.welch(1, 1, 1, 2, 4, 2, 0.95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Differences.twoProportions(5, 4, 1, 2, 0.95)).isInstanceOf(IllegalArgumentException.class);
  }

  private static double sum(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s;
  }

  private static double sumSq(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x * x;
    }
    return s;
  }
}
