package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WordModelTest {

  @Test
  void splitsNegationsOffTheirVerbAndKeepsSentencePunctuation() {
    assertThat(WordModel.tokens("they didn't call back, ever!"))
        .containsExactly("they", "did", "n't", "call", "back", ",", "ever", "!");
    // Other symbols (emoticon parts, dashes, brackets) carry no feature of their own.
    assertThat(WordModel.tokens("it's ok :-) ")).containsExactly("it's", "ok", ":");
  }

  @Test
  void wordsAfterANegationAreMarkedUpToPunctuationOrBut() {
    List<String> f = WordModel.features("Not helpful at all, but quick");
    assertThat(f).contains("not", "not_helpful", "not_at", "not_all", "quick", "<s> not", "not helpful", "but quick");
    assertThat(f).doesNotContain("helpful", "not_quick", "but");
  }

  @Test
  void aFixedProblemStandsAsResolvedUnlessTheFixIsDenied() {
    assertThat(WordModel.features("my problem was solved"))
        .contains(WordModel.RESOLVED, "my " + WordModel.RESOLVED)
        .doesNotContain("problem");
    assertThat(WordModel.features("they did not fix the problem")).contains("not_problem");
    assertThat(WordModel.features("a problem with the printer")).contains("problem");
  }

  @Test
  void scoreIsTheBiasPlusTheWeightsOfTheFeaturesPresent() {
    WordModel m =
        new WordModel(java.util.Map.of(WordModel.BIAS, 0.5, "rude", -2.0, "not_rude", 1.0, "<s> very", 0.25));
    assertThat(m.score("Very rude")).isEqualTo(0.5 + 0.25 - 2.0);
    assertThat(m.score("never rude")).isEqualTo(0.5 + 1.0);
    assertThat(m.score("")).isEqualTo(0.5);
  }

  @Test
  void fitSeparatesTwoVocabulariesAndIgnoresWordsSeenOnce() {
    Random random = new Random(3);
    String[] good = {"helpful", "quick", "friendly", "sorted"};
    String[] bad = {"rude", "slow", "ignored", "waiting"};
    String[] filler = {"the", "engineer", "was", "and", "very"};
    List<List<String>> rows = new ArrayList<>();
    boolean[] positive = new boolean[400];
    double[] weight = new double[400];
    for (int i = 0; i < 400; i++) {
      positive[i] = i % 2 == 0;
      String[] words = positive[i] ? good : bad;
      String text =
          filler[random.nextInt(filler.length)] + " " + words[random.nextInt(words.length)] + " "
              + filler[random.nextInt(filler.length)] + (i == 0 ? " unique" : "");
      rows.add(WordModel.features(text));
      weight[i] = 1;
    }
    WordModel m = WordModel.fit(rows, positive, weight, 2, 5);
    assertThat(m.score("so helpful")).isPositive();
    assertThat(m.score("so rude")).isNegative();
    assertThat(m.score("unique")).isEqualTo(m.score(""));
    // The same rows give the same model: the shuffle is seeded.
    assertThat(WordModel.fit(rows, positive, weight, 2, 5).score("friendly but slow"))
        .isEqualTo(m.score("friendly but slow"));
  }

  @Test
  void writtenWeightsReadBackTheSame() throws Exception {
    WordModel shipped = WordModel.load();
    assertThat(shipped.size()).isGreaterThan(1000);
    StringWriter out = new StringWriter();
    shipped.write(out, "test");
    WordModel read = WordModel.read(new BufferedReader(new StringReader(out.toString())));
    String text = "The engineer was not very helpful and I waited two weeks";
    assertThat(read.score(text))
        .isCloseTo(shipped.score(text), org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void shippedModelReadsServiceFeedback() {
    WordModel shipped = WordModel.load();
    assertThat(shipped.score("very helpful and friendly staff")).isPositive();
    assertThat(shipped.score("rude staff and a long wait")).isNegative();
  }

  @Test
  void aBadLineIsNamedByItsNumber() {
    String bad = "# header\nrude\t-1.0\nhelpful\tmuch\n";
    assertThatThrownBy(() -> WordModel.read(new BufferedReader(new StringReader(bad))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3");
  }
}
