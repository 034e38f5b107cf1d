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
  void serviceFeedbackWordsFillTheLexiconsGaps() {
    // Not in VADER's lexicon; in Perceive's supplement.
    assertThat(c("The engineer was quick and knowledgeable")).isPositive();
    assertThat(c("The response was slow")).isNegative();
    // VADER's own values win where it has one.
    assertThat(VADER.valence("helpful")).isEqualTo(1.8);
  }

  @Test
  void praiseByDenial() {
    assertThat(c("Couldn't fault the engineer")).isPositive();
    assertThat(c("No complaints at all")).isPositive();
  }

  @Test
  void aResolvedProblemIsNotANegativeWord() {
    assertThat(c("They fixed the problem quickly")).isPositive();
    assertThat(c("My problem was solved")).isPositive();
    assertThat(c("They did not fix the problem")).isNegative();
    assertThat(c("The problem is still there")).isNegative();
  }

  @Test
  void positiveWordsInAWishAreWhatWasMissing() {
    assertThat(c("Could have been more kind and gentle.")).isNegative();
    assertThat(c("Please keep me informed.")).isNegative();
    assertThat(c("I would have liked more helpful answers.")).isNegative();
    // A wish ends with its sentence or at "but".
    assertThat(c("Should have been quicker. The engineer was great and friendly.")).isPositive();
    // Thanks, a recommendation, or a denied comparison are praise.
    assertThat(c("I would like to thank the friendly engineer.")).isPositive();
    assertThat(c("Could not have been more helpful.")).isPositive();
    assertThat(c("I would recommend this great team.")).isPositive();
    // A denied wish: nothing was missing.
    assertThat(c("Nothing to improve, staff were friendly.")).isPositive();
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
