package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trends and targets per support group and per agent: the same rows as per service, keyed by
 * segment, across services, with the minimum n: Ann's 20 answers are shown, Bob's 2 are suppressed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentTrendsTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 20; i++) {
      batch.add(answer(i % 2 == 0 ? "VPN" : "Wi-Fi", "Network", "Ann", i, i < 15 ? 5 : 2, at, 60));
    }
    batch.add(answer("VPN", "Network", "Bob", 100, 1, at, null));
    batch.add(answer("Email", "Messaging", "Bob", 101, 1, at, null));
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject answer(String service, String group, String agent, int i, int rating, String at, Integer lost) {
    return new JsonObject()
        .put("service", service).put("supportGroup", group).put("agent", agent).put("rating", rating).put("respondedAt", at)
        .put("lostMinutes", lost).put("source", "test").put("sourceId", "seg-" + i);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private static JsonObject segment(JsonArray rows, String name) {
    return rows.stream().map(JsonObject.class::cast).filter(x -> x.getString("segment").equals(name)).findFirst().orElseThrow();
  }

  @Test
  void byGroupAndByAgentAcrossServicesWithTheMinimumN() throws Exception {
    JsonArray groups = TestApps.rows(client, "/api/v1/trends?metric=csat&interval=month&by=group");
    JsonObject network = segment(groups, "Network");
    assertThat(network.getString("by")).isEqualTo("group");
    assertThat(network.getLong("n")).isEqualTo(21);
    assertThat(network.getDouble("value")).isEqualTo(15 / 21.0);
    assertThat(segment(groups, "Messaging").getBoolean("suppressed")).isTrue();

    JsonArray agents = TestApps.rows(client, "/api/v1/trends?metric=lostTime&interval=month&by=agent");
    JsonObject ann = segment(agents, "Ann");
    assertThat(ann.getDouble("value")).isEqualTo(60.0);
    assertThat(ann.getDouble("hoursLost")).isEqualTo(20.0);
    JsonObject bob = segment(agents, "Bob");
    assertThat(bob.getBoolean("suppressed")).isTrue();
    assertThat(bob.getValue("value")).as("nobody is ranked on two answers").isNull();
    assertThat(agents.stream().map(x -> ((JsonObject) x).getString("segment")).toList()).isEqualTo(List.of("Ann", "Bob"));
  }

  /** Each group or agent against the organisation's target (CSAT 80% without a targets file), worst first. */
  @Test
  void targetsByGroupAndByAgentWithTheMinimumN() throws Exception {
    JsonArray groups = TestApps.rows(client, "/api/v1/targets?metric=csat&by=group");
    JsonObject network = segment(groups, "Network");
    assertThat(network.getString("by")).isEqualTo("group");
    assertThat(network.containsKey("service")).isFalse();
    assertThat(network.getLong("n")).isEqualTo(21);
    assertThat(network.getDouble("target")).isEqualTo(0.80);
    assertThat(network.getDouble("gap")).isCloseTo(15 / 21.0 - 0.80, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(network.getString("status")).isIn("below", "breached");
    JsonObject messaging = segment(groups, "Messaging");
    assertThat(messaging.getString("status")).isEqualTo("suppressed");
    assertThat(messaging.getValue("value")).isNull();
    assertThat(groups.getJsonObject(0).getString("segment")).as("the one below target first").isEqualTo("Network");

    JsonArray agents = TestApps.rows(client, "/api/v1/targets?metric=csat&by=agent&breachedOnly=true");
    assertThat(segment(TestApps.rows(client, "/api/v1/targets?metric=csat&by=agent"), "Ann").getString("status")).isEqualTo("below");
    assertThat(agents).as("Ann's interval reaches the target: not a breach").noneMatch(x -> ((JsonObject) x).getString("segment").equals("Ann"));
    HttpResponse<Buffer> bad = ApiTest.await(client.get("/api/v1/targets?by=team").send());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("by");
  }

  @Test
  void unknownSegmentsAre400() throws Exception {
    for (String path : List.of("/api/v1/trends?by=team", "/api/v1/trends?metric=courtesy&by=team")) {
      HttpResponse<Buffer> r = ApiTest.await(client.get(path).send());
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("by");
    }
  }
}
