package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Targets;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue targets on what comments say (sentiment and each competency dimension, -1 to 1):
 * kept with the entry, and used where targets are: {@code /targets}, trend rows, the review pack.
 * Kind Desk's customers write warmly (+0.9), Curt Desk's coldly (-0.9); both are held to +0.5.
 * The organisation holds everyone else to 0 on courtesy (the targets file's): each desk's support
 * group by {@code by=group}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommentTargetsTest {

  /** Sentiment and courtesy from the rating alone. */
  private static final CommentScoring SCORER = (comment, rating) -> {
    double s = rating >= 4 ? 0.9 : -0.9;
    return new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", s))
        .put("competency", new JsonObject().put("courtesy", s));
  };

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    PerceiveConfig config = TestApps.config(dataDir, 5, Targets.DEFAULT.withOrganisationComments(Map.of("courtesy", 0.0)));
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock(), Optional.of(SCORER));
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 20; i++) {
      batch.add(answer("Kind Desk", 5, "The agent was friendly and quick", at, i));
      batch.add(answer("Curt Desk", 1, "The agent was rude and slow", at, i));
    }
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    TestApps.until(app.vertx(), Duration.ofSeconds(30), "every comment scored", () -> TestApps
        .rows(client, "/api/v1/trends?metric=sentiment&interval=month").stream().mapToLong(x -> ((JsonObject) x).getLong("n")).sum() == 40);
    JsonObject targets = new JsonObject().put("csat", 0.8).put("sentiment", 0.5).put("courtesy", 0.5);
    for (String service : new String[] {"Kind%20Desk", "Curt%20Desk"}) {
      HttpResponse<Buffer> put = ApiTest.await(client.put("/api/v1/catalogue/services/" + service)
          .sendJson(new JsonObject().put("owner", "Sam").put("targets", targets)));
      assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
      assertThat(put.bodyAsJsonObject().getJsonObject("targets").getDouble("sentiment")).isEqualTo(0.5);
    }
  }

  private static JsonObject answer(String service, int rating, String comment, String at, int i) {
    return new JsonObject().put("service", service).put("rating", rating).put("comment", comment).put("respondedAt", at)
        .put("source", "test").put("sourceId", service + "-" + i).put("supportGroup", service.replace("Desk", "Group"));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  @Test
  void targetsOnWhatCommentsSayJudgeEachServiceWithItsInterval() throws Exception {
    for (String measure : new String[] {"sentiment", "courtesy"}) {
      JsonArray rows = TestApps.rows(client, "/api/v1/targets?metric=" + measure);
      assertThat(rows).hasSize(2);
      JsonObject curt = rows.getJsonObject(0);
      assertThat(curt.getString("service")).as("the breach first").isEqualTo("Curt Desk");
      assertThat(curt.getString("metric")).isEqualTo(measure);
      assertThat(curt.getDouble("value")).isCloseTo(-0.9, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(curt.getDouble("target")).isEqualTo(0.5);
      assertThat(curt.getString("status")).isEqualTo("breached");
      assertThat(TestApps.row(rows, "Kind Desk").getString("status")).isEqualTo("met");
    }
    assertThat(TestApps.rows(client, "/api/v1/targets?metric=sentiment&breachedOnly=true")).hasSize(1);
    assertThat(TestApps.rows(client, "/api/v1/targets?metric=knowledge")).as("no target on knowledge").isEmpty();
  }

  @Test
  void trendRowsAndTheReviewPackCarryThem() throws Exception {
    JsonArray trend = TestApps.rows(client, "/api/v1/trends?metric=courtesy&interval=month&service=Kind%20Desk");
    assertThat(trend).isNotEmpty().allMatch(x -> ((JsonObject) x).getDouble("target") == 0.5);
    JsonObject pack = ApiTest.await(client.get("/api/v1/review?service=Curt%20Desk").send()).bodyAsJsonObject();
    JsonArray targets = pack.getJsonArray("targets");
    assertThat(targets.stream().map(x -> ((JsonObject) x).getString("metric")).toList()).containsExactly("csat", "sentiment", "courtesy");
    assertThat(targets.getJsonObject(1)).isEqualTo(TestApps.row(TestApps.rows(client, "/api/v1/targets?metric=sentiment"), "Curt Desk"));
  }

  @Test
  void aTargetOffTheSentimentScaleOrOnNoMeasureIs400NamingIt() throws Exception {
    for (JsonObject targets : new JsonObject[] {new JsonObject().put("sentiment", 2), new JsonObject().put("happiness", 0.1)}) {
      HttpResponse<Buffer> r = ApiTest.await(client.put("/api/v1/catalogue/services/Kind%20Desk").sendJson(new JsonObject().put("targets", targets)));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("targets/" + targets.fieldNames().iterator().next());
    }
    HttpResponse<Buffer> bySegment = ApiTest.await(client.get("/api/v1/targets?metric=courtesy&by=team").send());
    assertThat(bySegment.statusCode()).isEqualTo(400);
    assertThat(bySegment.bodyAsJsonObject().getString("field")).isEqualTo("by");
  }

  /** A support group has no catalogue entry: it is held to the organisation's target, here on courtesy only. */
  @Test
  void eachGroupIsHeldToTheOrganisationsTargetOnWhatCommentsSay() throws Exception {
    JsonArray rows = TestApps.rows(client, "/api/v1/targets?metric=courtesy&by=group");
    assertThat(rows).hasSize(2);
    JsonObject curt = rows.getJsonObject(0);
    assertThat(curt.getString("segment")).as("the breach first").isEqualTo("Curt Group");
    assertThat(curt.getString("by")).isEqualTo("group");
    assertThat(curt.getDouble("value")).isCloseTo(-0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(curt.getDouble("target")).isEqualTo(0.0);
    assertThat(curt.getString("status")).isEqualTo("breached");
    assertThat(rows.getJsonObject(1).getString("status")).isEqualTo("met");
    assertThat(TestApps.rows(client, "/api/v1/targets?metric=courtesy&by=group&breachedOnly=true")).hasSize(1);
    assertThat(TestApps.rows(client, "/api/v1/targets?metric=sentiment&by=group")).as("no organisation target on sentiment").isEmpty();
  }
}
