package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.competency.Mention;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClauseCuesTest {

  /** Tokens as CoreNLP splits them, lower-cased. */
  private static List<String> tokens(String s) {
    return Arrays.asList(s.split(" "));
  }

  /** A mention of the given token, found by its text. */
  private static Mention at(List<String> tokens, String word, int prior) {
    int i = tokens.indexOf(word);
    assertThat(i).as("token %s", word).isNotNegative();
    return new Mention("courtesy", i, i + 1, prior, word);
  }

  private static boolean wished(String sentence, String word, String... tags) {
    List<String> t = tokens(sentence);
    return ClauseCues.wished(t, tags.length == 0 ? null : Arrays.asList(tags), at(t, word, 1));
  }

  /** Whether the topic {@code word} is denied, its clause starting at token {@code clauseStart}. */
  private static boolean deniedTopic(String sentence, int clauseStart, String word) {
    List<String> t = tokens(sentence);
    return ClauseCues.deniedTopic(t, clauseStart, t.indexOf(word));
  }

  @Test
  void aTopicThatDidNotHappenIsDenied() {
    assertThat(deniedTopic("nobody called me back for two weeks", 0, "called")).isTrue();
    assertThat(deniedTopic("no one gave me any updates", 0, "updates")).isTrue();
    assertThat(deniedTopic("no issues with the communication", 0, "communication")).isFalse();
    assertThat(deniedTopic("no issues with the communication", 0, "issues")).isFalse();
    assertThat(deniedTopic("they called me back the same day", 0, "called")).isFalse();
    assertThat(deniedTopic("it was not fixed , they called me back though", 5, "called")).isFalse();
  }

  @Test
  void asksForWhatWasMissing() {
    assertThat(wished("could have been more kind and gentle .", "kind")).isTrue();
    assertThat(wished("i would have liked more updates .", "updates")).isTrue();
    assertThat(wished("better communication needed .", "communication")).isTrue();
    assertThat(wished("staff should be more polite .", "polite")).isTrue();
    assertThat(wished("it would be nice to get updates .", "updates")).isTrue();
    assertThat(wished("updates would be appreciated .", "updates")).isTrue();
    assertThat(wished("not enough communication .", "communication")).isTrue();
  }

  @Test
  void aWishEndsAtAContrast() {
    assertThat(wished("they were quick but it would be nice to have more updates .", "quick")).isFalse();
    assertThat(wished("they were quick but it would be nice to have more updates .", "updates")).isTrue();
  }

  @Test
  void praiseAndThanksAreNotWishes() {
    assertThat(wished("i would like to thank the engineer for being so polite .", "polite")).isFalse();
    assertThat(wished("i must say the staff were very helpful .", "helpful")).isFalse();
    assertThat(wished("much more helpful than the last engineer .", "helpful")).isFalse();
    assertThat(wished("they could not have been more helpful .", "helpful")).isFalse();
    assertThat(wished("the engineer was very polite .", "polite")).isFalse();
  }

  @Test
  void imperativesAskButEncouragementDoesNot() {
    assertThat(wished("listen to the customer .", "listen", "VB", "TO", "DT", "NN", ".")).isTrue();
    assertThat(wished("please keep me informed .", "informed", "UH", "VB", "PRP", "VBN", ".")).isTrue();
    assertThat(wished("keep up the good communication .", "communication", "VB", "RP", "DT", "JJ", "NN", "."))
        .isFalse();
    assertThat(wished("thank you for the updates .", "updates", "VB", "PRP", "IN", "DT", "NNS", ".")).isFalse();
    // Without tags there is no imperative to find, and no guess is made.
    assertThat(wished("listen to the customer .", "listen")).isFalse();
  }

  @Test
  void counterfactualPraise() {
    List<String> t = tokens("the engineer could n't have been more helpful .");
    assertThat(ClauseCues.counterfactualPraise(t, 0, t.size())).isTrue();
    t = tokens("nothing could be better .");
    assertThat(ClauseCues.counterfactualPraise(t, 0, t.size())).isTrue();
    t = tokens("it could have been more helpful .");
    assertThat(ClauseCues.counterfactualPraise(t, 0, t.size())).isFalse();
    t = tokens("they could not fix it .");
    assertThat(ClauseCues.counterfactualPraise(t, 0, t.size())).isFalse();
  }

  @Test
  void negationsAfterATermWithinItsClause() {
    List<String> t = tokens("the fix did not last .");
    assertThat(ClauseCues.negatedAfter(t, 2, 5)).isTrue();
    t = tokens("updates never came .");
    assertThat(ClauseCues.negatedAfter(t, 1, 3)).isTrue();
    t = tokens("the fix held and nothing broke since , not once .");
    assertThat(ClauseCues.negatedAfter(t, 2, 3)).isFalse();
  }

  @Test
  void wishPhrasingIsNotAMention() {
    List<String> t = tokens("it would be nice to have more updates .");
    assertThat(ClauseCues.partOfWishPhrase(t, at(t, "nice", 1))).isTrue();
    t = tokens("the staff were nice .");
    assertThat(ClauseCues.partOfWishPhrase(t, at(t, "nice", 1))).isFalse();
  }

  @Test
  void whatIsAwaitedIsMissing() {
    assertThat(wished("i am still waiting for a proper fix .", "fix")).isTrue();
    assertThat(wished("the fix came in a day .", "fix")).isFalse();
  }

  @Test
  void whatWentWrongNamesTheProblem() {
    List<String> t = tokens("a clear explanation of what went wrong");
    assertThat(ClauseCues.isProblem(t, t.indexOf("wrong"))).isTrue();
    t = tokens("they gave me the wrong advice");
    assertThat(ClauseCues.isProblem(t, t.indexOf("wrong"))).isFalse();
    assertThat(ClauseCues.isProblem(tokens("the problem"), 1)).isTrue();
  }

  @Test
  void nobodyNegates() {
    List<String> t = tokens("nobody explained what had changed");
    assertThat(ClauseCues.negatedBefore(t, 0, 1)).isTrue();
  }

  @Test
  void aDeniedWishIsNoWish() {
    // "Nothing to improve" is the commonest answer to "what could we do better?".
    assertThat(wished("nothing to improve , staff were friendly .", "friendly")).isFalse();
    assertThat(wished("no improvement needed , the engineer was polite .", "polite")).isFalse();
    assertThat(ClauseCues.wish(tokens("nothing to improve ."), null)).isFalse();
    assertThat(ClauseCues.wish(tokens("could be improved ."), null)).isTrue();
  }
}
