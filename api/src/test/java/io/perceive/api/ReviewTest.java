package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.auth.AccessTokens;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review pack's JSON: its parts are the other routes' answers for the same period, viewers
 * get no groups, agents, comments or follow-ups, and a bad request names the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReviewTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;
  private String period;
  private String actionId;

  @BeforeAll
  void start() throws Exception {
    Path tokens = dataDir.resolve("tokens.yaml");
    Files.writeString(tokens, "tokens:\n"
        + "  - name: viewer\n    sha256: " + AccessTokens.hashHex("v-token") + "\n    roles: [viewer, ingest]\n"
        + "  - name: manager\n    sha256: " + AccessTokens.hashHex("m-token") + "\n    roles: [manager]\n"
        + "  - name: admin\n    sha256: " + AccessTokens.hashHex("a-token") + "\n    roles: [admin]\n");
    PerceiveConfig config =
        TestApps.config(dataDir.resolve("data"), Optional.empty(), 2).withAuth(new PerceiveConfig.Auth(Optional.of(AccessTokens.load(tokens))));
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    Instant now = TestTime.now();
    for (int i = 0; i < 40; i++) {
      String service = i % 2 == 0 ? "VPN" : "Email";
      batch.add(new JsonObject().put("service", service).put("rating", 1 + i % 5).put("ticketId", "INC-R" + i)
          .put("respondedAt", now.minus(Duration.ofDays(1 + i / 2)).toString()).put("source", "review-test").put("sourceId", "R" + i)
          .put("supportGroup", i % 3 == 0 ? "Network" : "Desk").put("agent", "Agent " + (i % 4)));
      if (i % 2 == 0) {
        // VPN: half its customers lost half an hour, the other half an hour and a half.
        batch.getJsonObject(i).put("lostMinutes", i % 4 == 0 ? 30 : 90);
      }
    }
    HttpResponse<Buffer> posted = ApiTest.await(client.post("/api/v1/responses").putHeader("Authorization", "Bearer v-token").sendJson(batch));
    assertThat(posted.statusCode()).isEqualTo(200);
    JsonObject action = new JsonObject().put("service", "VPN").put("kind", "improvement").put("title", "VPN client update")
        .put("start", now.minus(Duration.ofDays(10)).toString()).put("metrics", new JsonArray().add("csat").add("lostTime"));
    HttpResponse<Buffer> created =
        ApiTest.await(client.post("/api/v1/annotations").putHeader("Authorization", "Bearer a-token").sendJson(action));
    assertThat(created.statusCode()).isEqualTo(201);
    actionId = created.bodyAsJsonObject().getString("id");
    Instant to = now.truncatedTo(ChronoUnit.HOURS);
    period = "from=" + to.minus(Duration.ofDays(90)) + "&to=" + to;
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  @Test
  void thePartsAreTheOtherRoutesAnswers() throws Exception {
    JsonObject pack = get("/api/v1/review?service=VPN&" + period, "m-token").bodyAsJsonObject();
    assertThat(pack.getString("service")).isEqualTo("VPN");
    JsonArray targets = get("/api/v1/targets?metric=csat&service=VPN&" + period, "m-token").bodyAsJsonArray();
    assertThat(pack.getJsonArray("targets").getJsonObject(0)).isEqualTo(targets.getJsonObject(0));
    JsonArray trend = get("/api/v1/trend-tests?metric=csat&interval=month&service=VPN&" + period, "m-token").bodyAsJsonArray();
    assertThat(pack.getJsonArray("trend")).isEqualTo(trend);
    JsonArray drivers = get("/api/v1/key-drivers?service=VPN&" + period, "m-token").bodyAsJsonArray();
    assertThat(pack.getJsonArray("keyDrivers")).isEqualTo(drivers);
    JsonArray weakGroups = get("/api/v1/weak-areas?by=group&" + period, "m-token").bodyAsJsonArray();
    assertThat(pack.getJsonArray("weakGroups")).isEqualTo(weakGroups);
    JsonObject followUps = pack.getJsonObject("followUps");
    assertThat(followUps.getLong("answers")).isEqualTo(targets.getJsonObject(0).getLong("n"));
    assertThat(followUps.getLong("followUps")).as("VPN's answers rated 1-2").isEqualTo(8);
    assertThat(pack.getJsonArray("openFollowUps")).hasSize(8);
    assertThat(pack.getBoolean("manager")).isTrue();
    JsonObject lost = pack.getJsonObject("lostTime");
    assertThat(lost.getDouble("value")).isEqualTo(60.0);
    assertThat(lost.getLong("n")).isEqualTo(20);
    assertThat(lost.getDouble("hoursLost")).as("20 answers, an hour each on average").isEqualTo(20.0);
    assertThat(lost.getDouble("lower")).isLessThan(60.0);
    assertThat(pack.getJsonArray("competency")).hasSize(6);
  }

  /** The period's annotations, one row per metric, with the effect its own route measures. */
  @Test
  void improvementActionsCarryTheirMeasuredEffect() throws Exception {
    JsonArray rows = get("/api/v1/review?service=VPN&" + period, "m-token").bodyAsJsonObject().getJsonArray("improvementActions");
    JsonArray effects = get("/api/v1/annotations/" + actionId + "/effect", "v-token").bodyAsJsonObject().getJsonArray("effects");
    assertThat(rows).hasSize(2);
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      JsonObject effect = effects.getJsonObject(i);
      assertThat(row.getString("annotation")).isEqualTo(actionId);
      assertThat(row.getString("title")).isEqualTo("VPN client update");
      for (String field : new String[] {"metric", "test", "nBefore", "nAfter", "difference", "lower", "upper", "pValue", "verdict"}) {
        assertThat(row.getValue(field)).as("%s of %s", field, effect.getString("metric")).isEqualTo(effect.getValue(field));
      }
      assertThat(row.getLong("nBefore")).isPositive();
    }
    assertThat(rows.getJsonObject(0).getString("metric")).isEqualTo("csat");
    assertThat(get("/api/v1/review?service=Email&" + period, "m-token").bodyAsJsonObject().getJsonArray("improvementActions"))
        .as("another service's action is not in Email's pack").isEmpty();
  }

  @Test
  void viewersGetTheNumbersOnly() throws Exception {
    JsonObject pack = get("/api/v1/review?service=VPN&" + period, "v-token").bodyAsJsonObject();
    assertThat(pack.getBoolean("manager")).isFalse();
    assertThat(pack.fieldNames()).doesNotContain("weakGroups", "weakAgents", "verbatims", "openFollowUps").contains("targets", "followUps");
    HttpResponse<Buffer> page = get("/review?service=VPN&" + period, "v-token");
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.bodyAsString()).contains("id=\"manager-only\"").doesNotContain("id=\"weak-agents\"").doesNotContain("INC-R");
  }

  @Test
  void theOrganisationsPackRanksServicesWorstFirst() throws Exception {
    JsonObject pack = get("/api/v1/review?" + period, "m-token").bodyAsJsonObject();
    JsonArray services = pack.getJsonArray("services");
    assertThat(services).hasSize(2);
    assertThat(services.getJsonObject(0).getInteger("rank")).isEqualTo(1);
    assertThat(services.getJsonObject(0).getDouble("gap")).isLessThanOrEqualTo(services.getJsonObject(1).getDouble("gap"));
    assertThat(pack.getJsonObject("followUps").getLong("followUps")).isEqualTo(16);
  }

  /** A dashboard panel asks for its section only: the same rows as in the whole pack, and nothing else built. */
  @Test
  void aSectionAloneIsTheWholePacksSection() throws Exception {
    JsonObject whole = get("/api/v1/review?service=VPN&" + period, "m-token").bodyAsJsonObject();
    JsonObject targets = get("/api/v1/review?service=VPN&section=targets&" + period, "m-token").bodyAsJsonObject();
    assertThat(targets.fieldNames()).containsExactlyInAnyOrder("service", "from", "to", "confidence", "manager", "targets");
    assertThat(targets.getJsonArray("targets")).isEqualTo(whole.getJsonArray("targets"));
    JsonObject two = get("/api/v1/review?service=VPN&section=competency,improvementActions&section=lostTime&" + period, "m-token")
        .bodyAsJsonObject();
    assertThat(two.fieldNames()).contains("competency", "improvementActions", "lostTime").doesNotContain("targets", "trend", "keyDrivers");
    assertThat(two.getJsonArray("competency")).isEqualTo(whole.getJsonArray("competency"));
    assertThat(two.getJsonObject("lostTime")).isEqualTo(whole.getJsonObject("lostTime"));
    assertThat(get("/api/v1/review?service=VPN&section=verbatims&" + period, "v-token").bodyAsJsonObject().fieldNames())
        .as("a viewer asking for a manager's section gets none").doesNotContain("verbatims");
    HttpResponse<Buffer> bad = get("/api/v1/review?service=VPN&section=targets,gossip&" + period, "m-token");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("section");
  }

  @Test
  void aPackIsOfOneService() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/review?service=VPN&service=Email", "m-token");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("service");
    assertThat(get("/api/v1/review?from=yesterday", "m-token").statusCode()).isEqualTo(400);
  }

  private HttpResponse<Buffer> get(String path, String token) throws Exception {
    return ApiTest.await(client.get(path).putHeader("Authorization", "Bearer " + token).send());
  }
}
