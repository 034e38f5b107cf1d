package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SurveyContextTest {

  private static final double[] WEAK = {0.2, 0.5, 0.3};
  private static final double[] NEGATIVE_TEXT = {0.85, 0.10, 0.05};

  @Test
  void classifiesQuestions() {
    assertThat(SurveyContext.kind("What could we have done better?"))
        .isEqualTo(SurveyContext.QuestionKind.IMPROVEMENT);
    assertThat(SurveyContext.kind("What did we do well?")).isEqualTo(SurveyContext.QuestionKind.PRAISE);
    assertThat(SurveyContext.kind("Any other comments?")).isEqualTo(SurveyContext.QuestionKind.OTHER);
    assertThat(SurveyContext.kind(null)).isEqualTo(SurveyContext.QuestionKind.OTHER);
  }

  @Test
  void nothingToImproveIsPraiseAndNothingGoodIsNot() {
    double[] improve = SurveyContext.apply(WEAK, true, 0.1, null, "What could we have done better?");
    double[] good = SurveyContext.apply(WEAK, true, 0.1, null, "What did we do well?");
    assertThat(improve[2]).isGreaterThan(0.5);
    assertThat(good[0]).isGreaterThan(0.5);
  }

  @Test
  void ratingDecidesWeakText() {
    double[] low = SurveyContext.apply(WEAK, false, 0.1, 1, null);
    assertThat(low[0]).isGreaterThan(low[1]).isGreaterThan(low[2]);
    double[] high = SurveyContext.apply(WEAK, false, 0.1, 5, null);
    assertThat(high[2]).isGreaterThan(high[0]);
  }

  @Test
  void clearTextKeepsItsLabelAgainstTheRating() {
    double[] p = SurveyContext.apply(NEGATIVE_TEXT, false, 0.6, 5, null);
    assertThat(p[0]).isGreaterThan(p[1]).isGreaterThan(p[2]);
  }

  @Test
  void mildPraiseNextToAOneIsNotPraise() {
    double[] fine = {0.05, 0.15, 0.80};
    double[] p = SurveyContext.apply(fine, false, 0.2, 1, null);
    assertThat(p[2]).isLessThan(Math.max(p[0], p[1]));
  }

  @Test
  void withoutContextNothingChanges() {
    assertThat(SurveyContext.apply(WEAK, true, 0.1, null, null)).containsExactly(WEAK);
  }

  @Test
  void rejectsRatingsOutsideOneToFive() {
    assertThatThrownBy(() -> SurveyContext.apply(WEAK, false, 0.1, 6, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
