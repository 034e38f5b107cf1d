package io.perceive.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's follow-ups end in every state, the same ones for the same seed, and contact comes after the answer. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DemoFollowUpsTest {

  private static final Instant END = Instant.parse("2027-04-15T10:00:00Z");

  @Test
  void everyStateIsThereAndContactFollowsTheAnswer() {
    Map<String, Integer> states = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      long respondedAt = END.minus(Duration.ofHours(i * 2L)).toEpochMilli();
      JsonObject followUp = new JsonObject().put("_id", "f" + i).put("service", i % 2 == 0 ? "VPN" : "Email")
          .put("ticketId", "INC" + i).put("respondedAt", respondedAt);
      JsonObject set = DemoFollowUps.stateOf(followUp, 42, END);
      assertThat(DemoFollowUps.stateOf(followUp, 42, END)).as("same seed, same state").isEqualTo(set);
      String state = set == null ? "open" : set.getString("status");
      states.merge(state, 1, Integer::sum);
      if (set != null) {
        assertThat(set.getLong("contactedAt")).isGreaterThan(respondedAt).isLessThan(END.toEpochMilli());
        assertThat(set.getString("owner")).isIn(DemoFollowUps.OWNERS);
      }
      if ("closed".equals(state)) {
        assertThat(set.getLong("closedAt")).isGreaterThan(set.getLong("contactedAt")).isLessThan(END.toEpochMilli());
      }
      if (Duration.ofMillis(END.toEpochMilli() - respondedAt).toHours() < 48) {
        assertThat(state).as("the last two days' are still open").isEqualTo("open");
      }
    }
    assertThat(states).containsOnlyKeys("open", "contacted", "closed");
    assertThat(states.values()).allSatisfy(n -> assertThat(n).isGreaterThan(5));
  }
}
