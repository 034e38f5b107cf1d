package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

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
}
