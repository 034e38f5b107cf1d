package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SurveyWordsTest {

  /** Neutral answers say "nothing to say", negative ones "rude", positive ones "lovely". */
  private static SurveyWords fitted() {
    List<String> texts = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      texts.add("the staff were rude " + i);
      labels.add(0);
      texts.add("nothing to say " + i);
      labels.add(1);
      texts.add("lovely staff " + i);
      labels.add(2);
    }
    return SurveyWords.fit(texts, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int best(double[] s) {
    int b = 0;
    for (int i = 1; i < s.length; i++) {
      b = s[i] > s[b] ? i : b;
    }
    return b;
  }

  @Test
  void eachLabelIsReadFromItsOwnWords() {
    SurveyWords words = fitted();
    assertThat(best(words.scores("Rude staff."))).isEqualTo(0);
    assertThat(best(words.scores("Nothing to say."))).isEqualTo(1);
    assertThat(best(words.scores("Lovely."))).isEqualTo(2);
  }

  @Test
  void writtenWeightsReadBackTheSame() throws Exception {
    SurveyWords words = fitted();
    StringWriter out = new StringWriter();
    words.write(out, "test rows");
    assertThat(out.toString()).startsWith("# fitted by perceive evaluate --fit; test rows");
    SurveyWords read = SurveyWords.read(new BufferedReader(new StringReader(out.toString())));
    // Weights are written to five decimals.
    assertThat(read.scores("nothing to say")[1]).isCloseTo(words.scores("nothing to say")[1], org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void theShippedWordsLoadAndAMalformedLineFailsWithItsNumber() {
    assertThat(SurveyWords.load().scores("Nothing.")).hasSize(3);
    assertThatThrownBy(() -> SurveyWords.read(new BufferedReader(new StringReader("# c\nneutral\tx\n"))))
        .hasMessageContaining("line 2");
  }
}
