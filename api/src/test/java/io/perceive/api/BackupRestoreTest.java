package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of the embedded store taken while 16 clients post responses: restored into another
 * data directory, it holds every response acknowledged before the backup started, and its
 * rollups equal a recount of its responses, bucket by bucket.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BackupRestoreTest {

  private static final int CLIENTS = 16;

  @TempDir Path serving;
  @TempDir Path restored;
  @TempDir Path backup;

  @Test
  void aBackupTakenWhileClientsPostRestoresEveryAcknowledgedAnswerWithMatchingRollups() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> acknowledgedBefore;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    String at = TestTime.now().minus(2, ChronoUnit.DAYS).toString();
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(serving, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      for (int batch = 0; batch < 4; batch++) {
        JsonArray first = new JsonArray();
        for (int i = 0; i < 250; i++) {
          first.add(response("seed", batch * 250 + i, at));
        }
        assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(first)).statusCode()).isEqualTo(200);
      }
      AtomicBoolean posting = new AtomicBoolean(true);
      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Promise<Void> done = Promise.promise();
        post(client, "c" + c, 0, at, posting, acknowledged, done);
        clients.add(done.future());
      }
      TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "clients posting", () -> acknowledged.size() >= 200);
      acknowledgedBefore = Set.copyOf(acknowledged);
      assertThat(StoreBackup.backup(TestApps.config(serving, Optional.empty(), 1), backup, print, print)).as(out.toString(StandardCharsets.UTF_8)).isZero();
      int afterBackup = acknowledged.size();
      TestApps.until(app.vertx(), java.time.Duration.ofSeconds(60), "clients still posting after the backup", () -> acknowledged.size() > afterBackup + 50);
      posting.set(false);
      ApiTest.await(Future.all(clients));
      client.close();
    }

    assertThat(StoreBackup.restore(TestApps.config(restored, Optional.empty(), 1), backup, print, print))
        .as(out.toString(StandardCharsets.UTF_8)).isZero();
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(restored, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      MongoClient mongo = MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
      List<JsonObject> responses = ApiTest.await(mongo.find(MongoResponseRepository.COLLECTION, new JsonObject()));
      Set<String> ids = new java.util.HashSet<>();
      Map<String, Long> counted = new HashMap<>();
      for (JsonObject r : responses) {
        ids.add(r.getString("_id"));
        counted.merge(r.getString("service") + "|" + r.getString("day"), 1L, Long::sum);
      }
      assertThat(ids).as("every answer acknowledged before the backup started").containsAll(acknowledgedBefore);
      assertThat(responses.size()).isGreaterThanOrEqualTo(1_000 + acknowledgedBefore.size());
      Map<String, Long> rolledUp = new HashMap<>();
      for (JsonObject b : ApiTest.await(mongo.find(MongoRollupRepository.COLLECTION, new JsonObject()))) {
        if (b.getLong("n", 0L) > 0) {
          rolledUp.put(b.getString("service") + "|" + b.getString("day"), b.getLong("n"));
        }
      }
      assertThat(rolledUp).as("rollups equal a recount of the restored responses").isEqualTo(counted);
      ApiTest.await(mongo.close());
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("backed up", "restored");
  }

  private static JsonObject response(String client, int i, String at) {
    return new JsonObject()
        .put("service", "Backup " + (i % 3)).put("rating", 1 + i % 5).put("respondedAt", at)
        .put("source", "backup-test").put("sourceId", client + "-" + i);
  }

  /** One client: posts one response after another until told to stop, keeping the acknowledged ids. */
  private static void post(WebClient client, String name, int i, String at, AtomicBoolean posting, Set<String> acknowledged, Promise<Void> done) {
    if (!posting.get()) {
      done.complete();
      return;
    }
    client.post("/api/v1/responses").sendJsonObject(response(name, i, at))
        .onComplete(ar -> {
          if (ar.succeeded() && (ar.result().statusCode() == 201 || ar.result().statusCode() == 200)) {
            acknowledged.add(ar.result().bodyAsJsonObject().getString("id"));
          }
          post(client, name, i + 1, at, posting, acknowledged, done);
        });
  }
}
