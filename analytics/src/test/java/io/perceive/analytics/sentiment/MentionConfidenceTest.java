package io.perceive.analytics.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MentionConfidenceTest {

  private static final MentionConfidence COUNTS =
      MentionConfidence.of(
          Map.of(
              "knowledge",
              Map.of("knowledg*", new int[] {20, 19}, "professional*", new int[] {100, 5}, "trained", new int[] {1, 1})));

  @Test
  void aTermSeenOftenKeepsItsShareAndARareOneLeansOnTheDimension() {
    // share over all terms: 25 of 121
    double share = 25 / 121.0;
    assertThat(COUNTS.of("knowledge", List.of("knowledg*"))).isCloseTo((19 + 4 * share) / 24, Offset.offset(1e-9));
    assertThat(COUNTS.of("knowledge", List.of("professional*"))).isLessThan(0.1);
    assertThat(COUNTS.of("knowledge", List.of("trained"))).isLessThan(0.5).isGreaterThan(share);
    assertThat(COUNTS.of("knowledge", List.of("unseen"))).isCloseTo(share, Offset.offset(1e-9));
  }

  @Test
  void theSurestTermDecides() {
    assertThat(COUNTS.of("knowledge", List.of("professional*", "knowledg*")))
        .isEqualTo(COUNTS.of("knowledge", List.of("knowledg*")));
  }

  @Test
  void aDimensionWithoutCountsHasNoConfidence() {
    assertThat(COUNTS.covers("resolution")).isFalse();
    assertThat(COUNTS.of("resolution", List.of("fixed"))).isNaN();
  }

  @Test
  void writtenCountsReadBackTheSame() throws Exception {
    StringWriter out = new StringWriter();
    COUNTS.write(out, "test rows");
    assertThat(out.toString()).startsWith("# fitted by perceive evaluate --fit; test rows");
    MentionConfidence read = MentionConfidence.read(new BufferedReader(new StringReader(out.toString())));
    assertThat(read.of("knowledge", List.of("trained"))).isEqualTo(COUNTS.of("knowledge", List.of("trained")));
  }

  @Test
  void operatingPointsDefaultToOneHalfAndReadBackAsWritten() throws Exception {
    assertThat(COUNTS.threshold("knowledge")).isEqualTo(MentionConfidence.DEFAULT_THRESHOLD);
    MentionConfidence lowered = COUNTS.withThresholds(Map.of("knowledge", 0.15));
    StringWriter out = new StringWriter();
    lowered.write(out, "test rows");
    MentionConfidence read = MentionConfidence.read(new BufferedReader(new StringReader(out.toString())));
    assertThat(read.threshold("knowledge")).isEqualTo(0.15);
    assertThat(read.threshold("courtesy")).isEqualTo(MentionConfidence.DEFAULT_THRESHOLD);
    assertThat(read.of("knowledge", List.of("trained"))).isEqualTo(COUNTS.of("knowledge", List.of("trained")));
  }

  @Test
  void theShippedCountsCoverTheThemedDimensions() {
    MentionConfidence shipped = MentionConfidence.load();
    assertThat(shipped.covers("courtesy")).isTrue();
    assertThat(shipped.covers("knowledge")).isTrue();
    assertThat(shipped.of("courtesy", List.of("polite*"))).isGreaterThan(0.5);
  }

  @Test
  void aMalformedLineNamesItsNumber() {
    assertThatThrownBy(
            () -> MentionConfidence.read(new BufferedReader(new StringReader("dimension\tterm\tmentions\tthemed\nx\ty\n"))))
        .hasMessageContaining("line 2");
  }
}
