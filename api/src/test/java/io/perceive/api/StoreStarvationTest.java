package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.CommentScoring;
import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loaded machine can keep the embedded store busy for longer than a commit waits (5 s) or the
 * driver waits for an answer (8 s). Here the store is held still for longer than both while the
 * demo data loads and comments are scored: Perceive keeps answering {@code /health}, answers
 * {@code /ready} with 503 meanwhile, waits the store out, and finishes loading with every
 * response stored once, rollups that count each once, and every comment scored.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StoreStarvationTest {

  private static final int RESPONSES = 4_000;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;

  @Test
  void aStoreHeldBusyDuringDemoLoadingAndScoringIsWaitedOut() throws Exception {
    AtomicLong progress = new AtomicLong();
    CommentScoring fake = (comment, rating) -> new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", rating >= 4 ? 0.5 : -0.5));
    try (PerceiveApp app =
        PerceiveApp.launch(
            TestApps.config(dataDir, Optional.empty(), 5), Optional.of(new PerceiveApp.Demo(7, RESPONSES)), CLOCK,
            Optional.of(fake), progress::set)) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      assertThat(ApiTest.await(client.get("/health").send()).statusCode()).isEqualTo(200);
      EmbeddedMongo store = app.embeddedStore().orElseThrow();

      // Once the first batch is in (so the scorer has comments too), hold the store until a
      // background job has found it busy and had to wait: that takes longer than 5 s.
      TestApps.until(app.vertx(), Duration.ofSeconds(120), "the first demo batch stored", () -> progress.get() > 0);
      CompletableFuture<Void> held =
          CompletableFuture.runAsync(
              () -> {
                try {
                  store.whileStill(() -> {
                    TestApps.until(app.vertx(), Duration.ofSeconds(60), "the demo loading and the scorer waited for the store",
                        () -> app.storeRetries() > 0 && failedScoringPasses(client) > 0);
                    return null;
                  });
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      TestApps.until(app.vertx(), Duration.ofSeconds(60), "the store held and waited for", () -> app.storeRetries() > 0);
      assertThat(ApiTest.await(client.get("/health").send()).statusCode()).as("alive while the store is held").isEqualTo(200);
      assertThat(ApiTest.await(client.get("/ready").send()).statusCode()).as("not ready while loading").isEqualTo(503);
      held.get(60, TimeUnit.SECONDS);

      TestApps.until(app.vertx(), Duration.ofSeconds(150), "the demo loaded", () -> app.ready().isComplete());
      assertThat(app.ready().succeeded()).as("loading finished: %s", app.ready().cause()).isTrue();
      assertThat(ApiTest.await(client.get("/ready").send()).statusCode()).isEqualTo(200);
      MongoClient mongo =
          MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
      assertThat(ApiTest.await(mongo.count(MongoResponseRepository.COLLECTION, new JsonObject()))).isEqualTo(RESPONSES);
      long counted =
          ApiTest.await(mongo.find(MongoRollupRepository.COLLECTION, new JsonObject())).stream().mapToLong(d -> d.getLong("n", 0L)).sum();
      assertThat(counted).as("every stored response counted once in the rollups").isEqualTo(RESPONSES);
      TestApps.until(app.vertx(), Duration.ofSeconds(120), "every comment scored after the store came back",
          () -> ApiTest.await(mongo.count(MongoResponseRepository.COLLECTION, new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true)))) == 0);
      ApiTest.await(mongo.close());
      client.close();
    }
  }

  private static double failedScoringPasses(WebClient client) throws Exception {
    String metrics = ApiTest.await(client.get("/metrics").send()).bodyAsString();
    return metrics.lines().filter(l -> l.startsWith("perceive_scoring_passes_failed_total")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
