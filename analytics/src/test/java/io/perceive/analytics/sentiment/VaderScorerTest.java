package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class VaderScorerTest {

  private static final VaderScorer VADER = VaderScorer.load();

  private static double c(String text) {
    return VADER.score(text).compound();
  }

  @Test
  void readsTheLexicon() {
    assertThat(c("The support was good")).isPositive();
    assertThat(c("The support was terrible")).isNegative();
    assertThat(c("The ticket was closed")).isZero();
  }

  @Test
  void negationFlips() {
    assertThat(c("The engineer was not good")).isNegative();
    assertThat(c("The technician wasn't helpful")).isNegative();
  }

  @Test
  void intensifiersCapitalsAndExclamationsAddWeight() {
    assertThat(c("very good")).isGreaterThan(c("good"));
    assertThat(c("slightly good")).isLessThan(c("good"));
    assertThat(c("the support was GOOD")).isGreaterThan(c("the support was good"));
    assertThat(c("good!!!")).isGreaterThan(c("good"));
  }

  @Test
  void whatFollowsButWeighsMore() {
    assertThat(c("The engineer was friendly but useless")).isNegative();
    assertThat(c("The wait was annoying but the engineer was brilliant")).isPositive();
  }

  @Test
  void emptyTextScoresZero() {
    assertThat(VADER.score("").compound()).isZero();
    assertThat(VADER.score(null)).isEqualTo(VaderScorer.Result.EMPTY);
  }

  @Test
  void sharesAddUpToOne() {
    VaderScorer.Result r = VADER.score("Great help but the wait was awful and the fix is okay");
    assertThat(r.positive() + r.neutral() + r.negative()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
