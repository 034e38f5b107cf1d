package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one store share the scoring: each claims its batch, so every comment is scored
 * exactly once. The first instance's scorer holds its first comment until the second instance
 * has scored one, so both must be at work at once, on different comments.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScoringLeaseTest {

  private static final int COMMENTS = 400;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path first;
  @TempDir Path second;

  @Test
  void twoInstancesScoreEachCommentExactlyOnce() throws Exception {
    MongoServer mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    Map<String, AtomicInteger> scored = new ConcurrentHashMap<>();
    AtomicInteger byFirst = new AtomicInteger();
    AtomicInteger bySecond = new AtomicInteger();
    CountDownLatch secondAtWork = new CountDownLatch(1);
    CommentScoring firstScorer = (comment, rating) -> {
      try {
        // Held until the other instance scores too (bounded, so a broken claim fails the counts below instead).
        secondAtWork.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scored.computeIfAbsent(comment, c -> new AtomicInteger()).incrementAndGet();
      byFirst.incrementAndGet();
      return new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", 0.1));
    };
    CommentScoring secondScorer = (comment, rating) -> {
      scored.computeIfAbsent(comment, c -> new AtomicInteger()).incrementAndGet();
      bySecond.incrementAndGet();
      secondAtWork.countDown();
      return new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", 0.1));
    };
    try (PerceiveApp a = PerceiveApp.start(TestApps.config(first, Optional.of(uri), 1), Optional.empty(), CLOCK, Optional.of(firstScorer));
        PerceiveApp b = PerceiveApp.start(TestApps.config(second, Optional.of(uri), 1), Optional.empty(), CLOCK, Optional.of(secondScorer))) {
      // Half through each instance, so each one's scorer is woken by its own posts.
      post(a, 0, COMMENTS / 2);
      post(b, COMMENTS / 2, COMMENTS);
      MongoClient direct = MongoClient.create(a.vertx(), new JsonObject().put("connection_string", uri).put("db_name", "perceive"));
      TestApps.until(a.vertx(), Duration.ofSeconds(150), "every comment scored", () -> ApiTest.await(direct.count(
          MongoResponseRepository.COLLECTION, new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true)))) == 0);
      ApiTest.await(direct.close());
    } finally {
      mongo.shutdownNow();
    }
    assertThat(scored).hasSize(COMMENTS);
    assertThat(scored.values()).as("each comment scored once").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(byFirst.get()).as("the first instance scored its share").isPositive();
    assertThat(bySecond.get()).as("the second instance scored its share").isPositive();
    assertThat(byFirst.get() + bySecond.get()).isEqualTo(COMMENTS);
  }

  private static void post(PerceiveApp app, int from, int to) throws Exception {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    for (int i = from; i < to; i++) {
      batch.add(new JsonObject().put("service", "Lease").put("rating", 1 + i % 5).put("comment", "Comment number " + i)
          .put("respondedAt", "2026-05-30T10:00:00Z").put("source", "lease-test").put("sourceId", "L" + i));
    }
    assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)).statusCode()).isEqualTo(200);
    client.close();
  }
}
