package io.perceive.analytics.competency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CompetencyLexiconTest {

  private static List<String> tokens(String s) {
    return Arrays.asList(s.toLowerCase().split(" "));
  }

  @Test
  void defaultLexiconCoversEveryDimension() {
    CompetencyLexicon lexicon = CompetencyLexicon.load();
    assertThat(lexicon.find(tokens("the engineer was rude"))).extracting(Mention::dimension).contains("courtesy");
    assertThat(lexicon.find(tokens("nobody kept me informed"))).extracting(Mention::dimension).contains("communication");
    assertThat(lexicon.find(tokens("i waited three days"))).extracting(Mention::dimension).contains("timeliness");
    assertThat(lexicon.find(tokens("it is still broken"))).extracting(Mention::dimension).contains("resolution");
    assertThat(lexicon.find(tokens("she was clueless"))).extracting(Mention::dimension).contains("knowledge");
  }

  @Test
  void matchesPrefixesAndPhrasesPreferringTheLongest() throws Exception {
    CompetencyLexicon lexicon =
        CompetencyLexicon.parse(
            new StringReader("# test\ncommunication\tinform*\t0\ncommunication\tkept me informed\t1\n"), "test");
    List<Mention> found = lexicon.find(tokens("they kept me informed"));
    assertThat(found).containsExactly(new Mention("communication", 1, 4, 1, "kept me informed"));
    assertThat(lexicon.find(tokens("information was poor"))).hasSize(1);
    assertThat(lexicon.find(tokens("nothing here"))).isEmpty();
  }

  @Test
  void reportsTheLineOfABadEntry() {
    assertThatThrownBy(
            () -> CompetencyLexicon.parse(new StringReader("courtesy\tpolite\t1\ncourtesy\trude\n"), "mine.tsv"))
        .hasMessageContaining("mine.tsv line 2");
    assertThatThrownBy(() -> CompetencyLexicon.parse(new StringReader("courtesy\trude\t-2\n"), "mine.tsv"))
        .hasMessageContaining("prior");
  }

  @Test
  void numbersMatchTheirPlaceholder() {
    CompetencyLexicon lexicon = CompetencyLexicon.load();
    assertThat(lexicon.find(tokens("it took 3 weeks to get a reply")))
        .contains(new Mention("timeliness", 1, 4, -1, "took <n> weeks"));
    assertThat(lexicon.find(tokens("fixed within two hours")))
        .extracting(Mention::dimension, Mention::prior)
        .contains(org.assertj.core.groups.Tuple.tuple("timeliness", 1));
    assertThat(lexicon.find(tokens("it took the engineer weeks")))
        .extracting(Mention::dimension)
        .doesNotContain("timeliness");
  }

  @Test
  void aLongerTermSwallowsAShorterOneInsideIt() {
    // "had to explain" is knowledge (negative); its "explain" is not also communication.
    CompetencyLexicon lexicon = CompetencyLexicon.load();
    List<Mention> found = lexicon.find(tokens("i had to explain the problem twice"));
    assertThat(found).extracting(Mention::dimension).contains("knowledge").doesNotContain("communication");
    assertThat(lexicon.find(tokens("they explained it well"))).extracting(Mention::dimension).contains("communication");
  }

  @Test
  void knowledgeIsCriticisedInWordsOfItsOwn() {
    // Issue 16's second pass: wrong information and a lack of skill are knowledge, against it.
    CompetencyLexicon lexicon = CompetencyLexicon.load();
    for (String text : List.of("i was misinformed", "they misdiagnosed me", "the driver gave wrong information",
        "the crew seemed out of their depth", "the staff were inept")) {
      assertThat(lexicon.find(tokens(text)))
          .as(text)
          .extracting(Mention::dimension, Mention::prior)
          .contains(org.assertj.core.groups.Tuple.tuple("knowledge", -1));
    }
  }
}
