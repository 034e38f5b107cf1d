package io.perceive.analytics.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TextNormalizerTest {

  @Test
  void removesLinksAddressesAndTicketNumbers() {
    String s =
        TextNormalizer.normalize(
            "See https://help.example.com/kb/123?x=1 or mail it@example.com about INC0012345 and #4567");
    assertThat(s).doesNotContain("http", "example", "0012345", "4567").contains("ticket");
  }

  @Test
  void turnsEmojisIntoWordsAndDropsOtherPictographs() {
    assertThat(TextNormalizer.normalize("Great job \uD83D\uDC4D\uD83D\uDE80")).isEqualTo("Great job good");
    assertThat(TextNormalizer.normalize("\uD83D\uDE21")).isEqualTo("angry");
  }

  @Test
  void typographicApostrophesBecomePlain() {
    // Phones type them; negations are found by "n't".
    assertThat(TextNormalizer.normalize("They weren\u2019t told")).isEqualTo("They weren't told");
  }

  @Test
  void lowersShoutingButNotAcronyms() {
    assertThat(TextNormalizer.normalize("WORST SUPPORT EVER")).isEqualTo("worst support ever");
    assertThat(TextNormalizer.normalize("The VPN is down")).isEqualTo("The VPN is down");
  }

  @Test
  void repairsCapitalIInsideWords() {
    assertThat(TextNormalizer.normalize("Contact made wIth patIent. I am fine"))
        .isEqualTo("Contact made with patient. I am fine");
  }

  @Test
  void boundsLength() {
    String rant = "word ".repeat(5_000);
    assertThat(TextNormalizer.normalize(rant).length()).isLessThanOrEqualTo(TextNormalizer.MAX_CHARS);
    assertThat(TextNormalizer.normalize("x".repeat(20_000))).hasSize(TextNormalizer.MAX_CHARS);
  }

  @Test
  void nullAndBlankBecomeEmpty() {
    assertThat(TextNormalizer.normalize(null)).isEmpty();
    assertThat(TextNormalizer.normalize(" \n\t ")).isEmpty();
  }
}
