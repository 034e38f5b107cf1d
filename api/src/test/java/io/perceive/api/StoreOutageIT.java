package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the store stops mid-load; clients get 503 with Retry-After within seconds (no
 * hang), and once it is back, Perceive serves again without a restart and every acknowledged
 * response is there. A wire-protocol server on a fixed port stands in for MongoDB.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreOutageIT {

  @TempDir Path storeDir;
  @TempDir Path appDir;

  @Test
  void clientsGet503DuringAnOutageAndNothingAcknowledgedIsLost() throws Exception {
    EmbeddedMongo store = EmbeddedMongo.start(storeDir, 0);
    int storePort = store.port();
    String uri = store.connectionString();
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    String at = TestTime.now().minus(Duration.ofHours(1)).toString();
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(appDir, Optional.of(uri), 1), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()).setIdleTimeout(30));
      int next = 0;
      // before: everything is stored
      for (; next < 300; next++) {
        assertThat(post(client, next, at).statusCode()).isEqualTo(201);
        acked.add(next);
      }
      store.close();
      // during: 503 + Retry-After, each answer within a few seconds
      int unavailable = 0;
      long outageEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
      while (System.nanoTime() < outageEnds) {
        long started = System.nanoTime();
        HttpResponse<Buffer> r = post(client, next, at);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(tookMs).as("no request hangs").isLessThan(10_000);
        if (r.statusCode() == 201) {
          acked.add(next);
        } else {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(r.getHeader("Retry-After")).isNotBlank();
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
          unavailable++;
        }
        next++;
      }
      assertThat(unavailable).as("503 answers during the outage").isPositive();
      HttpResponse<Buffer> notReady = ApiTest.await(client.get("/ready").send());
      assertThat(notReady.statusCode()).isEqualTo(503);

      store = startOn(storeDir, storePort);
      // after: the same Perceive recovers by itself
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean recovered = false;
      while (!recovered && System.nanoTime() < deadline) {
        recovered = ApiTest.await(client.get("/ready").send()).statusCode() == 200;
      }
      assertThat(recovered).as("ready again without a restart").isTrue();
      int total = next;
      for (int i = 0; i < total; i++) {
        HttpResponse<Buffer> r = post(client, i, at);
        if (acked.contains(i)) {
          assertThat(r.statusCode()).as("acknowledged %d is stored", i).isEqualTo(200);
        } else {
          assertThat(r.statusCode()).isIn(200, 201);
        }
      }
      client.close();
    } finally {
      store.close();
    }
  }

  private static HttpResponse<Buffer> post(WebClient client, int n, String at) throws Exception {
    return ApiTest.await(
        client.post("/api/v1/responses")
            .putHeader("Idempotency-Key", "outage-" + n)
            .timeout(20_000)
            .sendJsonObject(new JsonObject().put("service", "Outage").put("rating", 1 + n % 5).put("respondedAt", at)));
  }

  /** Rebinds the same port; a socket in TIME_WAIT may delay that briefly. */
  private static EmbeddedMongo startOn(Path dir, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return EmbeddedMongo.start(dir, port);
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }
}
