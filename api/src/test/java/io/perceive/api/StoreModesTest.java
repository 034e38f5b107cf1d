package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Embedded store versus a configured MongoDB URI, and what survives a restart. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreModesTest {

  @TempDir Path appDir;
  @TempDir Path externalDir;

  @Test
  void withAMongoUriPerceiveUsesThatServerAndStartsNothingEmbedded() throws Exception {
    // A second wire-protocol server on its own port stands in for an external MongoDB.
    try (EmbeddedMongo external = EmbeddedMongo.start(externalDir, 0)) {
      Path unused = appDir.resolve("should-stay-empty");
      try (PerceiveApp app = PerceiveApp.start(TestApps.config(unused, Optional.of(external.connectionString()), 1), Optional.empty(), TestTime.clock())) {
        WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
        HttpResponse<Buffer> r =
            ApiTest.await(
                client.post("/api/v1/responses")
                    .sendJsonObject(new JsonObject().put("service", "External").put("rating", 5).put("ticketId", "E-1")));
        assertThat(r.statusCode()).isEqualTo(201);

        MongoClient direct =
            MongoClient.create(app.vertx(), new JsonObject().put("connection_string", external.connectionString()).put("db_name", "perceive"));
        assertThat(ApiTest.await(direct.count("responses", new JsonObject().put("service", "External")))).isEqualTo(1);
        ApiTest.await(direct.close());
        client.close();
      }
      // The data directory holds the generated survey key, but no embedded store.
      assertThat(Files.exists(unused.resolve("perceive.mv.db"))).as("no embedded store was created").isFalse();
    }
  }

  @Test
  void demoDataIsLoadedOnceAndSurvivesARestart() throws Exception {
    Path dataDir = appDir.resolve("data");
    long firstRows;
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.of(new PerceiveApp.Demo(7, 3000)), TestTime.clock())) {
      JsonArray rows = trend(app);
      assertThat(rows).isNotEmpty();
      firstRows = total(rows);
      assertThat(firstRows).isEqualTo(3000);
    }
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files).isNotEmpty();
    }
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.of(new PerceiveApp.Demo(7, 3000)), TestTime.clock())) {
      assertThat(total(trend(app))).as("no second demo load").isEqualTo(firstRows);
    }
  }

  @Test
  void aCleanStopSparesTheNextStartReadingEveryAnswerAndACrashDoesNot() throws Exception {
    Path dataDir = appDir.resolve("clean");
    Path mark = dataDir.resolve("clean-stop");
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      assertThat(app.startRecovery()).as("a new store has nothing to look through").isEqualTo(StoreServices.StartRecovery.INTENTS_ONLY);
      post(app, "first");
    }
    assertThat(mark).as("a clean stop with every answer counted leaves the mark").exists();

    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      assertThat(app.startRecovery()).as("after a clean stop only the intents are read").isEqualTo(StoreServices.StartRecovery.INTENTS_ONLY);
      assertThat(mark).as("taken at start: a crash from now on finds none").doesNotExist();
      assertThat(total(trend(app))).isEqualTo(1);
    }

    // What a crash between a single write's insert and its increments leaves: the answer stored,
    // marked uncounted. Opening the store by any other way takes the mark too.
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (EmbeddedMongo store = EmbeddedMongo.start(dataDir, 0)) {
      assertThat(store.stoppedCleanly()).isTrue();
      MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", store.connectionString()).put("db_name", "perceive"));
      io.perceive.ingest.response.MongoResponseRepository responses = new io.perceive.ingest.response.MongoResponseRepository(mongo, java.time.ZoneOffset.UTC);
      ApiTest.await(responses.insert(new io.perceive.ingest.response.SurveyResponse(
          "crashed-1", "test", "crashed-1", "Clean", 5, null, null, null, "T1", null, null, null, null, null, TestTime.now().minus(java.time.Duration.ofDays(2)))));
      assertThat(ApiTest.await(mongo.count("responses", new JsonObject().put("rolledUp", false)))).isEqualTo(1);
      ApiTest.await(mongo.close());
    } finally {
      ApiTest.await(vertx.close());
    }
    assertThat(mark).as("closed without saying every answer is counted").doesNotExist();

    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      assertThat(app.startRecovery()).isEqualTo(StoreServices.StartRecovery.EVERY_ANSWER);
      assertThat(total(trend(app))).as("the interrupted answer counted at start").isEqualTo(2);
    }
    assertThat(mark).exists();
  }

  private static void post(PerceiveApp app, String id) throws Exception {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJsonObject(new JsonObject()
          .put("service", "Clean").put("rating", 4).put("source", "test").put("sourceId", id)
          .put("respondedAt", TestTime.now().minus(java.time.Duration.ofDays(1)).toString())));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    } finally {
      client.close();
    }
  }

  private static JsonArray trend(PerceiveApp app) throws Exception {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month&from=" + TestTime.now().minus(java.time.Duration.ofDays(400)).toEpochMilli()).send());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.bodyAsJsonArray();
    } finally {
      client.close();
    }
  }

  private static long total(JsonArray rows) {
    long n = 0;
    for (int i = 0; i < rows.size(); i++) {
      n += rows.getJsonObject(i).getLong("n");
    }
    return n;
  }
}
