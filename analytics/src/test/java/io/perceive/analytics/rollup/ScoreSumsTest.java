package io.perceive.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ScoreSumsTest {

  @Test
  void aCommentCountsItsSentimentAndEachPlainDimensionClamped() {
    ScoreSums sums =
        ScoreSums.of(new ScoredComment(2.0, Map.of("courtesy", -0.5, "bad.name", 0.5, "sentiment", 0.9), 5));
    assertThat(sums.measures()).containsOnlyKeys("sentiment", "courtesy");
    assertThat(sums.measures().get("sentiment")).isEqualTo(new ScoreSums.Sums(1, 1.0, 1.0, 0, 1, 1.0));
    assertThat(sums.measures().get("courtesy")).isEqualTo(new ScoreSums.Sums(1, -0.5, 0.25, 1, 1, -0.5));
    assertThat(ScoreSums.of(new ScoredComment(null, Map.of("timeliness", 0.4), 3)).measures().get("timeliness").satisfied())
        .as("rated 3: not satisfied")
        .isZero();
    assertThat(ScoreSums.of(null)).isEqualTo(ScoreSums.ZERO);
  }

  @Test
  void aChangeIsTheNewCountMinusTheOldAndAddsBackUp() {
    ScoreSums before = ScoreSums.of(new ScoredComment(0.6, Map.of("courtesy", 0.6), 2));
    ScoreSums after = ScoreSums.of(new ScoredComment(0.6, Map.of("knowledge", 0.2), 5));
    ScoreSums delta = after.minus(before);
    assertThat(delta.measures().get("courtesy").n()).isEqualTo(-1);
    assertThat(delta.measures().get("sentiment").n()).as("still one mention").isZero();
    assertThat(delta.measures().get("sentiment").satisfied()).as("now in a satisfied answer").isEqualTo(1);
    ScoreSums back = before.plus(delta);
    assertThat(back.measures().get("courtesy").n()).isZero();
    assertThat(back.measures().get("knowledge").sum()).isCloseTo(0.2, within(1e-12));
    assertThat(back.measures().get("sentiment").sumSatisfied()).isCloseTo(0.6, within(1e-12));
  }
}
