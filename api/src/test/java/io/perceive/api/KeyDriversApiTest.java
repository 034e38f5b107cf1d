package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Key drivers on twelve desks in one week: their CSAT follows what customers say about courtesy,
 * not what they say about timeliness; knowledge is mentioned at two desks only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyDriversApiTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;
  private final Instant at = TestTime.now().minus(10, ChronoUnit.DAYS);

  /** Per seeded mention: courtesy score, timeliness score, satisfied (1) or not (0). */
  private static final List<double[]> ANSWERS = new java.util.ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    MongoClient mongo =
        MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
    MongoScoreRollupRepository scores = new MongoScoreRollupRepository(mongo);
    Buckets b = Buckets.of(at, ZoneOffset.UTC);
    // timeliness means in an order unrelated to the desks' CSAT
    double[] timeliness = {0.2, -0.4, 0.5, -0.1, 0.0, 0.4, -0.3, 0.1, -0.5, 0.3, -0.2, 0.6};
    for (int desk = 0; desk < 12; desk++) {
      String service = "Desk " + desk;
      int satisfied = 6 + desk;
      for (int i = 0; i < 20; i++) {
        batch.add(
            new JsonObject().put("service", service).put("rating", i < satisfied ? 5 : 2).put("respondedAt", at.toString())
                .put("source", "test").put("sourceId", service + "-" + i));
      }
      double courtesy = -0.6 + 0.1 * desk;
      BucketKey key = new BucketKey(service, b.day(), b.dayStart(), b.weekStart(), b.monthStart());
      for (int m = 0; m < 6; m++) {
        JsonObject competency = new JsonObject().put("courtesy", courtesy).put("timeliness", timeliness[desk]);
        if (desk < 2) {
          competency.put("knowledge", 0.5);
        }
        // Per answer: the higher the desk, the more of its commenting answers are a 4-5.
        int rating = m < desk / 2.0 ? 5 : 2;
        ANSWERS.add(new double[] {courtesy, timeliness[desk], rating >= 4 ? 1 : 0});
        ApiTest.await(scores.add(key, new Scored(new JsonObject()
            .put("sentiment", new JsonObject().put("score", courtesy).put("label", "x"))
            .put("competency", competency).put("language", "en"), rating), null));
      }
    }
    ApiTest.await(mongo.close());
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private JsonObject row(JsonArray rows, String dimension) {
    return rows.stream().map(JsonObject.class::cast).filter(x -> x.getString("dimension").equals(dimension)).findFirst().orElseThrow();
  }

  @Test
  void courtesyDrivesCsatAndTimelinessDoesNot() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/key-drivers?unit=cell&interval=week&from=now-30d").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    assertThat(rows.getJsonObject(0).getString("dimension")).isEqualTo("courtesy");
    JsonObject courtesy = row(rows, "courtesy");
    assertThat(courtesy.getString("unit")).isEqualTo("cell");
    assertThat(courtesy.getInteger("cells")).isEqualTo(12);
    assertThat(courtesy.getDouble("r")).isGreaterThan(0.99);
    assertThat(courtesy.getBoolean("driver")).isTrue();
    // +0.1 courtesy sentiment per desk goes with one more satisfied answer in 20
    assertThat(courtesy.getDouble("slopePerTenth")).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-6));
    JsonObject timeliness = row(rows, "timeliness");
    assertThat(timeliness.getBoolean("driver")).isFalse();
    assertThat(timeliness.getDouble("lower")).isNegative();
    JsonObject knowledge = row(rows, "knowledge");
    assertThat(knowledge.getBoolean("suppressed")).isTrue();
    assertThat(knowledge.getValue("r")).isNull();
    assertThat(row(rows, "resolution").getInteger("cells")).isZero();
  }

  @Test
  void perAnswerTheKinderTheWordsTheLikelierA4Or5() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/key-drivers?from=now-30d").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    JsonObject courtesy = row(rows, "courtesy");
    assertThat(rows.getJsonObject(0).getString("dimension")).isEqualTo("courtesy");
    assertThat(courtesy.getString("unit")).isEqualTo("answer");
    assertThat(courtesy.getInteger("n")).isEqualTo(72);
    // The same figures from the 72 answers themselves.
    org.apache.commons.math3.stat.regression.SimpleRegression direct = new org.apache.commons.math3.stat.regression.SimpleRegression();
    ANSWERS.forEach(a -> direct.addData(a[0], a[2]));
    assertThat(courtesy.getDouble("r")).isCloseTo(direct.getR(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(courtesy.getDouble("slopePerTenth")).isCloseTo(direct.getSlope() * 0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(courtesy.getBoolean("driver")).isTrue();
    assertThat(courtesy.containsKey("cells")).isFalse();
    assertThat(row(rows, "timeliness").getDouble("r")).isLessThan(courtesy.getDouble("r"));
    assertThat(row(rows, "resolution").getBoolean("suppressed")).isTrue();
    assertThat(row(rows, "resolution").getInteger("n")).isZero();
  }

  @Test
  void badParametersAre400NamingThem() throws Exception {
    HttpResponse<Buffer> u = ApiTest.await(client.get("/api/v1/key-drivers?unit=team").send());
    assertThat(u.statusCode()).isEqualTo(400);
    assertThat(u.bodyAsJsonObject().getString("field")).isEqualTo("unit");
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/key-drivers?fdr=2").send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("fdr");
    HttpResponse<Buffer> i = ApiTest.await(client.get("/api/v1/key-drivers?interval=year").send());
    assertThat(i.statusCode()).isEqualTo(400);
    assertThat(i.bodyAsJsonObject().getString("field")).isEqualTo("interval");
  }
}
