package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Segmented regression against a published interrupted time series. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SegmentedRegressionTest {

  /**
   * Monthly birth rate of Oklahoma County, January 1990 to December 1999, around the Oklahoma City
   * bombing of April 1995 (Rodgers, St. John and Coleman, 2005, Psychosomatic Medicine 67:
   * 680-685), as the R package Wats ships it ({@code CountyMonthBirthRate2014Version},
   * {@code BirthRateMonthly}; OuhscBbmc/Wats, Datasets/CountyMonthBirthRate2014Version.csv).
   */
  static final double[] OKLAHOMA_COUNTY = {
    5.95703670596123, 5.29038982309531, 6.18001562441875, 6.071717368876, 5.72667991899975, 5.8067750350449,
    5.95635715876197, 5.9875381320179, 5.86578201160185, 6.1122996138138, 5.64353411573062, 5.54301677011166,
    5.97648233401742, 5.04572398572921, 5.39045584456825, 5.88040747275809, 5.98921249356651, 5.39886104796737,
    6.26887668787429, 6.31518878990586, 6.20934767276229, 6.42154431574091, 5.41052876459595, 6.00277343329512,
    5.71073438525015, 5.48682959598183, 5.83569685187379, 5.65333020791501, 5.67098632440154, 5.76438010244345,
    6.6561352427562, 5.93710997584679, 5.8308102396729, 5.76585739639582, 5.24077455396749, 5.82151362786822,
    5.85958941706005, 5.44462120796533, 5.80455043859649, 5.54079228535423, 5.77017851275873, 5.91035954687244,
    5.90680376285277, 6.20388084176004, 5.60608543646892, 5.92345908172736, 5.50387385421213, 5.50738862533399,
    5.87874659400545, 5.48345512166629, 5.79658811869723, 5.40132785481122, 5.5509770400692, 5.91856020296098,
    5.80256961210639, 6.41528772599503, 5.76810449326487, 5.35931043992993, 5.51573858122946, 5.4678762271654,
    5.42001729503006, 5.15145294337146, 5.3728825855127, 5.22700779293164, 5.86251950210477, 5.66900480111523,
    5.81497916921114, 5.87262639539866, 5.86243276275332, 5.6219540693126, 5.71346047964186, 5.50717545270131,
    5.19294354702386, 5.08317617396359, 5.7911274791364, 5.70150846782093, 5.75376324479832, 5.53593972576845,
    5.9864074131566, 6.42984853085045, 6.40087413412833, 6.23706230993817, 4.96113998368756, 5.66041550145217,
    6.02243255077638, 5.20723983729339, 5.7932223789037, 5.79313782615871, 5.71221997435787, 5.65151251494554,
    6.40585216020693, 5.98140241883063, 6.10929371535318, 5.93407851708658, 5.65783565334529, 6.45253268643364,
    6.03484855628372, 5.61409492352982, 6.1827926847045, 5.44640335659822, 5.64494631700852, 6.27311560264001,
    6.26959247648903, 6.23923787373928, 6.70509430715145, 6.15182544362837, 5.69964033996913, 6.17171009474,
    5.53269777554775, 5.40548375623143, 5.82015065493418, 5.87355795121201, 5.79317172807326, 6.00043481411695,
    6.56222406550183, 6.40824822262532, 6.475017447318, 6.3009822709623, 5.69886959042163, 5.97299776932277,
  };

  /**
   * Lecy and Fusi, Foundations of Program Evaluation (DS4PS, pe4ps-textbook, chapter "Interrupted
   * time series", section 3.2) fit {@code lm(BirthRateMonthly ~ time + treatment + timeSince)} on
   * this series with 64 months before (treatment from May 1995) and publish: constant 5.924
   * (0.085), time -0.005 (0.002), treatment 0.054 (0.123), time since treatment 0.014 (0.004).
   */
  @Test
  void matchesThePublishedOklahomaFit() {
    double[] t = new double[120];
    for (int i = 0; i < t.length; i++) {
      t[i] = i + 1;
    }
    SegmentedRegression.Fit fit = SegmentedRegression.fit(t, OKLAHOMA_COUNTY, 64, 0.95);
    assertThat(fit.points()).isEqualTo(120);
    assertThat(fit.intercept().estimate()).isCloseTo(5.924, within(5e-4));
    assertThat(fit.intercept().standardError()).isCloseTo(0.085, within(5e-4));
    assertThat(fit.slope().estimate()).isCloseTo(-0.005, within(5e-4));
    assertThat(fit.slope().standardError()).isCloseTo(0.002, within(5e-4));
    assertThat(fit.levelChange().estimate()).isCloseTo(0.054, within(5e-4));
    assertThat(fit.levelChange().standardError()).isCloseTo(0.123, within(5e-4));
    assertThat(fit.slopeChange().estimate()).isCloseTo(0.014, within(5e-4));
    assertThat(fit.slopeChange().standardError()).isCloseTo(0.004, within(5e-4));
    // The table's stars: the slope change at p < 0.01, the level change not at 0.1.
    assertThat(fit.slopeChange().pValue()).isLessThan(0.01);
    assertThat(fit.levelChange().pValue()).isGreaterThan(0.1);
    assertThat(fit.levelChange().lower()).isLessThan(0).isGreaterThan(-0.25);
  }

  @Test
  void aBrokenLineWithoutNoiseIsRecoveredExactly() {
    double[] t = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] y = new double[8];
    for (int i = 0; i < 8; i++) {
      y[i] = 10 + 0.5 * t[i] + (t[i] > 4 ? 3 + 1.5 * (t[i] - 4) : 0);
    }
    SegmentedRegression.Fit fit = SegmentedRegression.fit(t, y, 4, 0.95);
    assertThat(fit.levelChange().estimate()).isCloseTo(3.0, within(1e-9));
    assertThat(fit.slopeChange().estimate()).isCloseTo(1.5, within(1e-9));
    assertThatThrownBy(() -> SegmentedRegression.fit(new double[] {1, 2, 3, 4, 5, 6}, new double[6], 5, 0.95))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
