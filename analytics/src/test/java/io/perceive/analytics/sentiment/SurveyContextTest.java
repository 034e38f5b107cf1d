package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SurveyContextTest {

  private static final SurveyContext SHIPPED = SurveyContext.load();

  private static final String IMPROVE = "What could we have done better?";
  private static final String GOOD = "What did we do well?";

  /** A sentence's score as its label says. */
  private static final Map<String, Double> SENTENCE_SCORES = Map.of("negative", -0.8, "neutral", 0.0, "positive", 0.8);

  private static CommentScore text(double neg, double neu, double pos, Map<String, Double> competency, String... labels) {
    List<SentenceScore> sentences =
        java.util.Arrays.stream(labels).map(l -> new SentenceScore("s", SENTENCE_SCORES.get(l), l, Map.of())).toList();
    return new CommentScore(
        pos - neg,
        "neutral",
        Map.of(CommentScore.NEGATIVE, neg, CommentScore.NEUTRAL, neu, CommentScore.POSITIVE, pos),
        competency,
        "en",
        sentences);
  }

  private static final CommentScore WEAK = text(0.2, 0.5, 0.3, Map.of(), "neutral");
  private static final CommentScore NEGATIVE_TEXT =
      text(0.9, 0.07, 0.03, Map.of("courtesy", -0.8), "negative");

  /** What the text combiner read: only whether it is a null answer matters to these tests. */
  private static double[] read(boolean nullAnswer) {
    double[] x = new double[Features.NAMES.size()];
    x[0] = 1;
    x[Features.NAMES.indexOf("null_answer")] = nullAnswer ? 1 : 0;
    return x;
  }

  private static int best(double[] p) {
    int b = 0;
    for (int i = 1; i < 3; i++) {
      b = p[i] > p[b] ? i : b;
    }
    return b;
  }

  // How the fitted model reads whole comments ("Nothing." to an improvement question, a rude
  // engineer next to a 5) is tested on the real scorer: CoreNlpCommentScorerTest.

  @Test
  void classifiesQuestions() {
    assertThat(SurveyContext.kind(IMPROVE)).isEqualTo(SurveyContext.QuestionKind.IMPROVEMENT);
    assertThat(SurveyContext.kind(GOOD)).isEqualTo(SurveyContext.QuestionKind.PRAISE);
    assertThat(
            SurveyContext.kind(
                "Please describe any things about the 111 service that\nyou were particularly satisfied and/or dissatisfied with"))
        .isEqualTo(SurveyContext.QuestionKind.BOTH);
    assertThat(SurveyContext.kind("Any other comments?")).isEqualTo(SurveyContext.QuestionKind.OTHER);
    assertThat(SurveyContext.kind(null)).isEqualTo(SurveyContext.QuestionKind.OTHER);
  }

  @Test
  void withoutContextTheTextDecides() {
    assertThat(SHIPPED.apply("s", WEAK, read(true), null, null)).containsExactly(0.2, 0.5, 0.3);
    assertThat(SHIPPED.apply("s", WEAK, read(true), null, " ")).containsExactly(0.2, 0.5, 0.3);
  }

  @Test
  void clearComplaintStaysNegativeNextToAGoodRating() {
    assertThat(best(SHIPPED.apply("s", NEGATIVE_TEXT, read(false), 4, "FFT Why?"))).isEqualTo(0);
  }

  @Test
  void probabilitiesSumToOne() {
    double[] p = SHIPPED.apply("s", WEAK, read(false), 3, IMPROVE);
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void rejectsRatingsOutsideOneToFive() {
    assertThatThrownBy(() -> SurveyContext.features(WEAK, read(false), new double[3], 6, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
