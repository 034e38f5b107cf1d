package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class FeaturesTest {

  @ParameterizedTest
  @ValueSource(strings = {"Nothing.", "nothing", "No", "n/a", "None!", "Nothing at all", "Can't think of anything"})
  void nullAnswers(String text) {
    assertThat(Features.isNullAnswer(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Nothing worked and nobody called me back for a week, but at least it is fixed now", "Not good", "Nobody answered"})
  void notNullAnswers(String text) {
    assertThat(Features.isNullAnswer(text)).isFalse();
  }

  private static SentenceAnalysis sentence(int tokens, double positive, Map<String, Double> competency, boolean wish) {
    double[] p = {0, 0, 1 - positive, positive, 0};
    return new SentenceAnalysis("s", p, p, tokens, competency, wish);
  }

  private static double feature(double[] x, String name) {
    return x[Features.NAMES.indexOf(name)];
  }

  @Test
  void wishesWeighByLengthAndCarryHowPositiveTheyRead() {
    VaderScorer.Result none = new VaderScorer.Result(0, 0, 1, 0);
    double[] x =
        Features.of(
            List.of(sentence(6, 0.8, Map.of(), true), sentence(2, 0.1, Map.of(), false)), none, false, 1.5);
    assertThat(x).hasSize(Features.NAMES.size());
    assertThat(feature(x, "wish")).isEqualTo(0.75);
    assertThat(feature(x, "wish_pos")).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(feature(x, "words")).isEqualTo(1.5);
  }

  @Test
  void competencyMeanIsTheMeanOfEveryMention() {
    VaderScorer.Result none = new VaderScorer.Result(0, 0, 1, 0);
    double[] x =
        Features.of(
            List.of(
                sentence(4, 0.5, Map.of("courtesy", -0.4, "timeliness", 0.3), false),
                sentence(4, 0.5, Map.of("resolution", 0.7), false)),
            none,
            false,
            0);
    assertThat(feature(x, "competency_mean")).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(feature(Features.of(List.of(sentence(4, 0.5, Map.of(), false)), none, false, 0), "competency_mean"))
        .isZero();
  }
}
