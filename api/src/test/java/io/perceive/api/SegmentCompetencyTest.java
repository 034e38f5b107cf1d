package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
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
 * Competency weak areas by agent and support group, through the whole path: responses posted,
 * comments scored by the scoring worker (a keyword scorer stands in for CoreNLP), segment score
 * rollups, the weak-areas query. Rude R. draws "rude" in 20 of 30 comments, the others in 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SegmentCompetencyTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  static JsonObject courtesyScore(String comment, int rating) {
    double s = comment.contains("rude") ? -0.7 : 0.6;
    return new JsonObject()
        .put("sentiment", new JsonObject().put("score", s).put("label", "x"))
        .put("competency", new JsonObject().put("courtesy", s))
        .put("language", "en");
  }

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock(), Optional.of(SegmentCompetencyTest::courtesyScore));
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    JsonArray batch = new JsonArray();
    String[] agents = {"Rude R.", "Kind K.", "Calm C.", "Fair F."};
    for (int a = 0; a < agents.length; a++) {
      for (int i = 0; i < 30; i++) {
        boolean rude = a == 0 ? i < 20 : i < 2;
        batch.add(
            new JsonObject()
                .put("service", i % 2 == 0 ? "VPN" : "Email")
                .put("rating", rude ? 2 : 5)
                .put("comment", rude ? "the agent was rude" : "friendly and patient")
                .put("agent", agents[a])
                .put("supportGroup", a < 2 ? "Network Team" : "Mail Team")
                // The rude agent works requests for an outsourcer; everyone else incidents in-house.
                .put("ticketType", a == 0 ? "request" : "incident")
                .put("provider", a == 0 ? "Vendor V" : "Internal IT")
                .put("respondedAt", at)
                .put("source", "test")
                .put("sourceId", agents[a] + "-" + i));
      }
    }
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "all 120 comments scored", () -> scoredComments() == 120);
    assertThat(scoredComments()).as("comments scored").isEqualTo(120);
    // The service rollups and the agent and group rollups are written one after the other: wait
    // for the segments too (a loaded machine showed 26 of the rude agent's 30 a moment earlier).
    TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "all 120 comments in the agent rollups", () -> scoredInSegments("agent") == 120);
    TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "all 120 comments in the group rollups", () -> scoredInSegments("group") == 120);
    TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "all 120 comments in the type rollups", () -> scoredInSegments("type") == 120);
    TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "all 120 comments in the provider rollups", () -> scoredInSegments("provider") == 120);
  }

  private long scoredInSegments(String by) throws Exception {
    JsonArray rows = ApiTest.await(client.get("/api/v1/weak-areas?by=" + by + "&metric=courtesy").send()).bodyAsJsonArray();
    return rows.stream().mapToLong(x -> ((JsonObject) x).getLong("n")).sum();
  }

  private long scoredComments() throws Exception {
    JsonArray rows = ApiTest.await(client.get("/api/v1/trends?metric=courtesy&interval=month").send()).bodyAsJsonArray();
    return rows.stream().mapToLong(x -> ((JsonObject) x).getLong("n")).sum();
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
  void providersAndTypesAreRankedAndTrendedOnWhatCustomersSayAndTheirCommentsRead() throws Exception {
    JsonArray providers = ApiTest.await(client.get("/api/v1/weak-areas?by=provider&metric=courtesy").send()).bodyAsJsonArray();
    JsonObject vendor = providers.getJsonObject(0);
    assertThat(vendor.getString("segment")).isEqualTo("Vendor V");
    assertThat(vendor.getString("by")).isEqualTo("provider");
    assertThat(vendor.getLong("n")).isEqualTo(30);
    assertThat(vendor.getBoolean("weak")).isTrue();
    assertThat(segment(providers, "Internal IT").getBoolean("weak")).isFalse();

    JsonArray types = ApiTest.await(client.get("/api/v1/trends?by=type&metric=courtesy&interval=month").send()).bodyAsJsonArray();
    JsonObject requests = segment(types, "request");
    assertThat(requests.getLong("n")).isEqualTo(30);
    assertThat(requests.getDouble("negativeShare")).isCloseTo(20 / 30.0, org.assertj.core.data.Offset.offset(1e-9));

    JsonObject page =
        ApiTest.await(client.get("/api/v1/comments?dimension=courtesy&polarity=negative&type=request&limit=100").send()).bodyAsJsonObject();
    assertThat(page.getJsonArray("rows")).hasSize(20);
    assertThat(page.getJsonArray("rows").stream().map(JsonObject.class::cast))
        .allMatch(row -> row.getString("ticketType").equals("request") && row.getString("provider").equals("Vendor V"));
    page = ApiTest.await(client.get("/api/v1/comments?dimension=courtesy&polarity=negative&provider=Internal%20IT&limit=100").send()).bodyAsJsonObject();
    assertThat(page.getJsonArray("rows")).as("the others' two rude comments each").hasSize(6);
    HttpResponse<Buffer> bad = ApiTest.await(client.get("/api/v1/comments?type=outage").send());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("type");
  }

  @Test
  void theAgentCustomersCallRudeIsTheWeakAreaOnCourtesy() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/weak-areas?by=agent&metric=courtesy").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    JsonObject rude = rows.getJsonObject(0);
    assertThat(rude.getString("segment")).isEqualTo("Rude R.");
    assertThat(rude.getString("by")).isEqualTo("agent");
    assertThat(rude.getString("share")).isEqualTo("mentions not negative");
    assertThat(rude.getLong("n")).as("across both services").isEqualTo(30);
    assertThat(rude.getDouble("value")).isCloseTo(10 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rude.getBoolean("weak")).isTrue();
    assertThat(segment(rows, "Kind K.").getBoolean("weak")).isFalse();
    assertThat(rows.stream().map(JsonObject.class::cast).filter(x -> x.getBoolean("weak")).count()).isEqualTo(1);
  }

  @Test
  void groupsAreRankedOnWhatTheirCustomersSayToo() throws Exception {
    JsonArray rows = ApiTest.await(client.get("/api/v1/weak-areas?by=group&metric=courtesy").send()).bodyAsJsonArray();
    JsonObject network = segment(rows, "Network Team");
    assertThat(network.getLong("n")).isEqualTo(60);
    assertThat(network.getLong("n") + segment(rows, "Mail Team").getLong("n")).isEqualTo(120);
    assertThat(network.getDouble("value")).isCloseTo(38 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(network.getBoolean("weak")).isTrue();
    JsonArray sentiment = ApiTest.await(client.get("/api/v1/weak-areas?by=agent&metric=sentiment").send()).bodyAsJsonArray();
    assertThat(segment(sentiment, "Rude R.").getBoolean("weak")).isTrue();
  }

  /** Trends of what comments say per agent: the mean with its interval and the negative share per bucket. */
  @Test
  void trendsByAgentOnWhatCommentsSay() throws Exception {
    JsonArray rows = TestApps.rows(client, "/api/v1/trends?metric=courtesy&interval=month&by=agent");
    assertThat(rows).hasSize(4);
    JsonObject rude = segment(rows, "Rude R.");
    assertThat(rude.getString("by")).isEqualTo("agent");
    assertThat(rude.getString("metric")).isEqualTo("courtesy");
    assertThat(rude.getLong("n")).isEqualTo(30);
    assertThat(rude.getDouble("value")).isCloseTo((20 * -0.7 + 10 * 0.6) / 30, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rude.getDouble("negativeShare")).isCloseTo(20 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rude.getDouble("upper")).isLessThan(segment(rows, "Kind K.").getDouble("lower"));
    JsonArray groups = TestApps.rows(client, "/api/v1/trends?metric=sentiment&interval=week&by=group");
    assertThat(groups.stream().mapToLong(x -> ((JsonObject) x).getLong("n")).sum()).isEqualTo(120);
  }

  @Test
  void theCommentsBehindTheWeakAreaAreOneQueryAway() throws Exception {
    HttpResponse<Buffer> r =
        ApiTest.await(client.get("/api/v1/comments?agent=Rude%20R.&dimension=courtesy&polarity=negative&limit=100").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonObject().getJsonArray("rows");
    assertThat(rows).hasSize(20);
    assertThat(r.bodyAsJsonObject().getValue("next")).as("one page holds them all").isNull();
    for (Object o : rows) {
      JsonObject row = (JsonObject) o;
      assertThat(row.getString("agent")).isEqualTo("Rude R.");
      assertThat(row.getString("comment")).isEqualTo("the agent was rude");
      assertThat(row.getDouble("score")).isNegative();
      assertThat(row.getString("dimension")).isEqualTo("courtesy");
      assertThat(row.getInteger("rating")).isEqualTo(2);
    }
    // A group, one service, the positive side, a limit
    JsonArray kind =
        ApiTest.await(client.get("/api/v1/comments?group=Mail%20Team&service=VPN&dimension=courtesy&polarity=positive&limit=5").send())
            .bodyAsJsonObject().getJsonArray("rows");
    assertThat(kind).hasSize(5);
    assertThat(kind.stream().map(JsonObject.class::cast).allMatch(x -> x.getString("service").equals("VPN")
        && x.getString("supportGroup").equals("Mail Team") && x.getDouble("score") > 0)).isTrue();
    JsonArray none = ApiTest.await(client.get("/api/v1/comments?agent=Kind%20K.&dimension=timeliness&polarity=any").send()).bodyAsJsonObject().getJsonArray("rows");
    assertThat(none).as("nobody spoke about timeliness").isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/comments?dimension=rudeness   | dimension",
        "/api/v1/comments?polarity=angry       | polarity",
        "/api/v1/comments?limit=0              | limit",
        "/api/v1/comments?limit=1001           | limit",
        "/api/v1/comments?cursor=bm90LWEtY3Vyc29y | cursor",
        "/api/v1/comments?limit=ten            | limit",
        "/api/v1/comments?from=yesterday       | from",
      })
  void badCommentQueriesAre400NamingTheField(String path, String field) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get(path).send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }
}
