package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("corenlp")
@Timeout(300)
class CoreNlpCommentScorerTest {

  private final CoreNlpCommentScorer scorer = SharedScorer.get();

  private static void assertContract(CommentScore s) {
    assertThat(s.score()).isBetween(-1.0, 1.0);
    assertThat(s.label()).isIn("negative", "neutral", "positive");
    assertThat(s.probabilities()).containsOnlyKeys("negative", "neutral", "positive");
    assertThat(s.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(s.competency().values()).allMatch(v -> v >= -1 && v <= 1);
    assertThat(s.competency().keySet())
        .isSubsetOf("courtesy", "communication", "timeliness", "resolution", "knowledge");
    assertThat(s.language()).isNotBlank();
    assertThat(s.sentences()).allMatch(x -> x.score() >= -1 && x.score() <= 1);
  }

  @Test
  void fastButRudeIsTimelinessPositiveCourtesyNegative() {
    CommentScore s = scorer.score("The engineer was fast but rude.");
    assertContract(s);
    assertThat(s.competency().get("timeliness")).isPositive();
    assertThat(s.competency().get("courtesy")).isNegative();
  }

  @Test
  void neverKeptMeInformedButFixedIt() {
    CommentScore s = scorer.score("They never kept me informed but fixed it.");
    assertThat(s.competency().get("communication")).isNegative();
    assertThat(s.competency().get("resolution")).isPositive();
    assertThat(scorer.score("Nobody called me back for two weeks.").competency().get("communication"))
        .isNegative();
  }

  @Test
  void fixingAProblemIsPraiseForTheFix() {
    // "problem" reads negative to both models; it is what was fixed, not a verdict.
    CommentScore s = scorer.score("They fixed the problem quickly.");
    assertThat(s.competency().get("resolution")).isPositive();
    assertThat(s.competency().get("timeliness")).isPositive();
    assertThat(scorer.score("My problem was solved.").competency().get("resolution")).isPositive();
    assertThat(scorer.score("The fix did not last.").competency().get("resolution")).isNegative();
    assertThat(scorer.score("A useless fix that broke again.").competency().get("resolution")).isNegative();
  }

  @Test
  void whatCustomersAskForWasMissing() {
    assertThat(scorer.score("Could have been more kind.").competency().get("courtesy")).isNegative();
    assertThat(scorer.score("Please keep me informed.").competency().get("communication")).isNegative();
    assertThat(scorer.score("Better communication needed.").competency().get("communication")).isNegative();
    assertThat(scorer.score("I would have liked more updates.").competency().get("communication")).isNegative();
    CommentScore nothingToImprove = scorer.score("Nothing to improve, staff were friendly and quick.");
    assertThat(nothingToImprove.competency().get("courtesy")).isPositive();
    assertThat(nothingToImprove.competency().get("timeliness")).isPositive();
    CommentScore mixed = scorer.score("They were quick, but it would be nice to have more updates.");
    assertThat(mixed.competency().get("timeliness")).isPositive();
    assertThat(mixed.competency().get("communication")).isNegative();
    assertThat(mixed.competency()).doesNotContainKey("courtesy"); // "nice" is the wish's wording
  }

  @Test
  void aChannelIsWhereItHappenedNotWhatWasJudged() {
    CommentScore s = scorer.score("Problem fixed but the engineer was quite rude on the phone.");
    assertThat(s.competency().get("courtesy")).isNegative();
    assertThat(s.competency().get("resolution")).isPositive();
    assertThat(s.competency()).doesNotContainKey("communication");
    // Without a judging term of another dimension, the channel still speaks for communication.
    assertThat(scorer.score("I had to call three times before anyone picked up.").competency().get("communication"))
        .isNegative();
  }

  @Test
  void praiseByCounterfactualAndThanks() {
    assertThat(scorer.score("The engineer could not have been more helpful.").competency().get("courtesy"))
        .isGreaterThan(0.5);
    assertThat(scorer.score("I must say the staff were very helpful.").competency().get("courtesy")).isPositive();
    assertThat(scorer.score("Not rude at all, very patient.").competency().get("courtesy")).isPositive();
    assertThat(scorer.score("The receptionists weren\u2019t very polite.").competency().get("courtesy"))
        .isNegative();
  }

  @Test
  void mentionsAreCreditedToTheirOwnSentence() {
    CommentScore s =
        scorer.score("The technician knew exactly what she was doing. But I waited three weeks for a reply!");
    assertThat(s.sentences()).hasSize(2);
    assertThat(s.sentences().get(0).competency()).containsKey("knowledge");
    assertThat(s.sentences().get(1).competency()).containsKey("timeliness");
    assertThat(s.competency().get("knowledge")).isPositive();
    assertThat(s.competency().get("timeliness")).isNegative();
  }

  @Test
  void clearTextIsReadClearly() {
    assertThat(scorer.score("Excellent service, very helpful and friendly staff.").label()).isEqualTo("positive");
    assertThat(scorer.score("Terrible service, nobody helped me and I am very disappointed.").label())
        .isEqualTo("negative");
    assertThat(scorer.score("WORST SUPPORT EVER!!!").label()).isEqualTo("negative");
    assertThat(scorer.score("The service was not good at all.").label()).isEqualTo("negative");
  }

  @ParameterizedTest
  @ValueSource(strings = {"thanks", "ok", "Very helpful", "\uD83D\uDC4D", "INC0012345", "https://x.example/y"})
  void shortAndOddCommentsFollowTheContract(String text) {
    assertContract(scorer.score(text));
  }

  @Test
  void emptyTextIsNeutralWithoutSentences() {
    for (String text : new String[] {"", "   ", null}) {
      CommentScore s = scorer.score(text);
      assertContract(s);
      assertThat(s.label()).isEqualTo("neutral");
      assertThat(s.score()).isZero();
      assertThat(s.sentences()).isEmpty();
      assertThat(s.language()).isEqualTo("und");
    }
  }

  @Test
  void otherLanguagesAreMarkedNotScored() {
    CommentScore s = scorer.score("Le technicien était très désagréable et le problème n'est pas résolu.");
    assertContract(s);
    assertThat(s.language()).isEqualTo("fr");
    assertThat(s.score()).isZero();
    assertThat(s.sentences()).isEmpty();
    assertThat(s.competency()).isEmpty();
  }

  @Test
  void hugeCommentsHaveBoundedCost() {
    String unpunctuated = "the laptop still does not work and nobody called me back ".repeat(100);
    long start = System.nanoTime();
    CommentScore s = scorer.score(unpunctuated);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertContract(s);
    assertThat(s.label()).isEqualTo("negative");
    assertThat(s.sentences()).isNotEmpty().allMatch(x -> x.text().split(" ").length <= 80);
    assertThat(String.join(" ", s.sentences().stream().map(SentenceScore::text).toList()).length())
        .isLessThanOrEqualTo(io.perceive.analytics.text.TextNormalizer.MAX_CHARS);
    assertThat(seconds).isLessThan(60);
  }

  @Test
  void contextReadsNothingAsPraiseOrNot() {
    CommentScore improve = scorer.score("Nothing.", 5, "What could we have done better?");
    assertThat(improve.label()).isEqualTo("positive");
    CommentScore good = scorer.score("Nothing.", 1, "What did we do well?");
    // Fitted on survey answers, where such answers are coded neutral about as often as negative.
    assertThat(good.label()).isNotEqualTo("positive");
    // The human codes are about the text, so a rating moves mild text but does not decide it.
    assertThat(scorer.score("fine", 1, null).score()).isLessThan(scorer.score("fine", 5, null).score());
  }

  @Test
  void aMentionSaysHowSureItIs() {
    CommentScore knows = scorer.score("The engineer was very knowledgeable.");
    assertThat(knows.confidence().get("knowledge")).isGreaterThan(0.5);
    // Coders read "professional" as praise of staff in general, rarely as knowledge.
    CommentScore professional = scorer.score("Very professional.");
    assertThat(professional.competency()).containsKey("knowledge");
    assertThat(professional.confidence().get("knowledge"))
        .isLessThan(MentionConfidence.load().threshold("knowledge"));
    assertThat(knows.toContract()).containsKey("confidence");
  }

  @Test
  void praiseOfOneDimensionAndCriticismOfAnotherIsTheMixedMiddle() {
    String question = "Why did you give this rating?";
    CommentScore mixed = scorer.score("Friendly staff but I waited three hours.", 4, question);
    CommentScore praise = scorer.score("Friendly staff and I was seen within minutes.", 4, question);
    assertThat(mixed.probabilities().get("positive")).isLessThan(praise.probabilities().get("positive"));
    assertThat(mixed.probabilities().get("neutral") + mixed.probabilities().get("negative"))
        .isGreaterThan(praise.probabilities().get("neutral") + praise.probabilities().get("negative"));
  }

  @Test
  void aHighRatingDoesNotHideARudeEngineer() {
    CommentScore s = scorer.score("The engineer was rude.", 5, "Anything else?");
    assertThat(s.competency().get("courtesy")).isNegative();
    assertThat(s.label()).isEqualTo("negative");
  }

  @Test
  void rejectsRatingsOutsideOneToFive() {
    assertThatThrownBy(() -> scorer.score("ok", 0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyThreadsGetTheSingleThreadedResults() throws Exception {
    List<String> texts = new ArrayList<>();
    String[] parts = {
      "The engineer was fast but rude.", "Nothing.", "Very helpful", "I waited two weeks for a call back.",
      "Great communication, kept me informed throughout.", "Still broken after three visits!!",
      "Polite and knowledgeable, fixed my laptop in minutes.", "no", "It was ok I guess.",
    };
    for (int i = 0; i < 60; i++) {
      texts.add(parts[i % parts.length] + (i % 2 == 0 ? "" : " Thanks " + i + "."));
    }
    try (CoreNlpCommentScorer uncached = scorer.withFreshCache(0)) {
      List<CommentScore> expected = new ArrayList<>();
      for (String t : texts) {
        expected.add(uncached.score(t));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<CommentScore>> futures = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (String t : texts) {
            futures.add(pool.submit(() -> uncached.score(t)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(expected.get(i % texts.size()));
        }
      } finally {
        pool.shutdownNow();
      }
      List<CoreNlpCommentScorer.Comment> batch = texts.stream().map(CoreNlpCommentScorer.Comment::new).toList();
      assertThat(uncached.scoreAll(batch)).isEqualTo(expected);
    }
  }

  @Test
  void cachedResultsEqualFreshOnes() {
    String text = "Quick response, thank you.";
    CommentScore first = scorer.score(text);
    try (CoreNlpCommentScorer uncached = scorer.withFreshCache(0)) {
      assertThat(uncached.score(text)).isEqualTo(first);
    }
    assertThat(scorer.score(text)).isEqualTo(first);
  }

  @Test
  void textOnlyScoresAreTheCombinerOnTheFeatures() {
    // The evaluation computes held-out figures this way; it must equal score(text).
    for (String text : List.of("Nothing.", "Slow, but the fix works.", "The engineer was rude.")) {
      double[] p = scorer.combiner().predict(scorer.features(text));
      CommentScore s = scorer.score(text);
      assertThat(s.probabilities().get("negative")).isEqualTo(p[0]);
      assertThat(s.probabilities().get("positive")).isEqualTo(p[2]);
    }
  }

  @Test
  void contractJsonHasTheDocumentedShape() {
    var json = scorer.score("Fixed quickly, thanks!").toContract();
    assertThat(json).containsOnlyKeys("sentiment", "competency", "confidence", "language", "sentences");
    assertThat(((java.util.Map<?, ?>) json.get("sentiment")).keySet().toString()).isEqualTo("[score, label, probabilities]");
  }
}
