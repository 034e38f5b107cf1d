package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.rollup.MongoRollupRepository;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code perceive recount} rebuilds rollups an older version did not keep, from the responses. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecountTest {

  @TempDir Path dataDir;

  private static long sum(JsonArray rows, String field) {
    return rows.stream().mapToLong(o -> ((JsonObject) o).getLong(field)).sum();
  }

  @Test
  void recountRebuildsMissingRollupsFromTheResponses() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    String at = TestTime.now().minus(3, ChronoUnit.HOURS).toString();
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 200; i++) {
        batch.add(new JsonObject().put("service", "Recount").put("rating", 1 + i % 5).put("respondedAt", at)
            .put("supportGroup", "Desk " + i % 2).put("agent", "Agent " + i % 4).put("source", "test").put("sourceId", "R" + i));
      }
      assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)).statusCode()).isEqualTo(200);
      // What a store from before segment rollups looks like: no group or agent buckets. And a
      // service bucket that went wrong.
      MongoClient mongo =
          MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
      ApiTest.await(mongo.removeDocuments(MongoRollupRepository.SEGMENTS, new JsonObject()));
      ApiTest.await(mongo.updateCollectionWithOptions(MongoRollupRepository.COLLECTION, new JsonObject(),
          new JsonObject().put("$set", new JsonObject().put("n", 7)), new io.vertx.ext.mongo.UpdateOptions().setMulti(true)));
      ApiTest.await(mongo.close());

      assertThat(StoreRecount.run(TestApps.config(dataDir, Optional.empty(), 1), o, e))
          .as("the embedded store is held by the server")
          .isEqualTo(FileImport.STORE_IN_USE);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("in use by a running Perceive");
      client.close();
    }

    assertThat(StoreRecount.run(TestApps.config(dataDir, Optional.empty(), 1), o, e)).isZero();
    // One service day, two desks' and four agents' days.
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("recounted 7 of 7 buckets", "from 200 responses");

    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      HttpResponse<Buffer> trend = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month&service=Recount").send());
      assertThat(sum(trend.bodyAsJsonArray(), "n")).isEqualTo(200);
      HttpResponse<Buffer> agents = ApiTest.await(client.get("/api/v1/weak-areas?by=agent").send());
      assertThat(agents.statusCode()).isEqualTo(200);
      assertThat(agents.bodyAsJsonArray()).hasSize(4);
      assertThat(sum(agents.bodyAsJsonArray(), "n")).as("every answer in its agent's bucket again").isEqualTo(200);
      client.close();
    }
  }

  @Test
  void aSecondRecountOnTheSameStoreWaitsForTheFirstsLease() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      // What a recount running elsewhere on a shared store leaves while it runs.
      MongoClient mongo =
          MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
      ApiTest.await(mongo.insert(io.perceive.ingest.store.JobLeases.COLLECTION, new JsonObject().put("_id", "recount")
          .put("owner", "recount-elsewhere").put("until", TestTime.now().plus(StoreRecount.LEASE).toEpochMilli())));
      ApiTest.await(mongo.close());
    }
    assertThat(StoreRecount.run(TestApps.config(dataDir, Optional.empty(), 1), TestTime.clock(), o, e)).isEqualTo(StoreRecount.RECOUNT_RUNNING);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("another recount is running");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("recounted");
  }
}
