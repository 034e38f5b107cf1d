package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: while responses are being posted, the server is killed with SIGKILL and restarted;
 * every response that got a 2xx is stored exactly once, and re-posting the rest with their
 * idempotency keys completes the set, with rollups that count each response once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KillRecoveryIT {

  static final int TOTAL = 2_500;
  static final int KILL_AFTER_ACKS = 1_000;
  static final String SERVICE = "Kill Test";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String respondedAt = TestTime.now().minus(Duration.ofHours(1)).toString();

  @Test
  void everyAcknowledgedResponseSurvivesSigkillExactlyOnce() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "kill-it", String.valueOf(System.currentTimeMillis()))).toAbsolutePath();
    Path dataDir = dir.resolve("data");
    Path jar = Path.of("target", "perceive.jar").toAbsolutePath();
    Map<String, String> env = Map.of("PERCEIVE_DATA_DIR", dataDir.toString(), "PERCEIVE_HTTP_HOST", "127.0.0.1");
    int port = PerceiveProcess.freePort();

    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    PerceiveProcess first = PerceiveProcess.start(jar, port, env, dir.resolve("perceive.log"));
    AtomicBoolean killed = new AtomicBoolean();
    Semaphore window = new Semaphore(16);
    // Singles and batches of 25 (the batch path's intent records must survive the kill too).
    for (int i = 0; i < TOTAL && !killed.get(); ) {
      window.acquire();
      int from = i;
      int count = (i / 25) % 4 == 3 ? Math.min(25, TOTAL - i) : 1;
      i += count;
      (count == 1 ? post(port, from) : postBatch(port, from, count))
          .whenComplete(
              (status, err) -> {
                if (err == null && status >= 200 && status < 300) {
                  for (int k = from; k < from + count; k++) {
                    acked.add(k);
                  }
                }
                window.release();
              });
      if (acked.size() >= KILL_AFTER_ACKS && killed.compareAndSet(false, true)) {
        first.kill();
      }
    }
    window.acquire(16);
    window.release(16);
    assertThat(killed).as("killed while posting").isTrue();
    Set<Integer> ackedBeforeKill = Set.copyOf(acked);
    assertThat(ackedBeforeKill.size()).isGreaterThanOrEqualTo(KILL_AFTER_ACKS);

    Path restartLog = dir.resolve("restart.log");
    try (PerceiveProcess second = PerceiveProcess.start(jar, port, env, restartLog)) {
      assertThat(Files.readString(restartLog)).as("a killed store leaves no clean-stop mark: every answer is looked at")
          .contains("the store was not stopped cleanly");
      int alreadyStored = 0;
      for (int i = 0; i < TOTAL; i++) {
        int status = post(port, i).get(30, TimeUnit.SECONDS);
        assertThat(status).as("re-post %d", i).isIn(200, 201);
        if (ackedBeforeKill.contains(i)) {
          assertThat(status).as("acknowledged response %d is still stored", i).isEqualTo(200);
          alreadyStored++;
        }
      }
      assertThat(alreadyStored).isEqualTo(ackedBeforeKill.size());
      System.out.printf("kill test: %d of %d acknowledged before SIGKILL, all found after restart; %d stored by the re-post%n",
          ackedBeforeKill.size(), TOTAL, TOTAL - ackedBeforeKill.size());
      assertThat(trendTotal(port)).as("each response counted once in the rollups").isEqualTo(TOTAL);
    }

    Vertx vertx = Vertx.vertx();
    try (EmbeddedMongo store = EmbeddedMongo.start(dataDir, 0)) {
      MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", store.connectionString()).put("db_name", "perceive"));
      assertThat(ApiTest.await(mongo.count("responses", new JsonObject().put("service", SERVICE)))).isEqualTo(TOTAL);
      assertThat(ApiTest.await(mongo.count("responses", new JsonObject().put("rolledUp", false)))).isZero();
      ApiTest.await(mongo.close());
    } finally {
      ApiTest.await(vertx.close());
    }
  }

  private JsonObject body(int n) {
    JsonObject body = new JsonObject().put("service", SERVICE).put("rating", 1 + n % 5).put("respondedAt", respondedAt);
    if (n % 3 == 0) {
      body.put("comment", "response number " + n);
    }
    return body;
  }

  /** The same records as single posts would be: source "api", sourceId = the idempotency key. */
  private CompletableFuture<Integer> postBatch(int port, int from, int count) {
    JsonArray batch = new JsonArray();
    for (int n = from; n < from + count; n++) {
      batch.add(body(n).put("source", "api").put("sourceId", "kill-" + n));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/responses"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(batch.encode()))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
  }

  private CompletableFuture<Integer> post(int port, int n) {
    JsonObject body = body(n);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/responses"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "kill-" + n)
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
  }

  private long trendTotal(int port) throws Exception {
    String from = String.valueOf(TestTime.now().minus(Duration.ofDays(3)).toEpochMilli());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/trends?metric=csat&interval=month&service=Kill%20Test&from=" + from)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = new JsonArray(r.body());
    long n = 0;
    for (int i = 0; i < rows.size(); i++) {
      n += rows.getJsonObject(i).getLong("n");
    }
    return n;
  }
}
