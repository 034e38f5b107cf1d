package io.perceive.ingest.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scoring catches up on worker threads; without a scorer nothing changes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScoringWorkerTest {

  @TempDir Path dataDir;
  private TestStore store;
  private Vertx vertx;
  private MongoResponseRepository responses;

  @BeforeEach
  void start() throws Exception {
    store = TestStore.start(dataDir);
    vertx = store.vertx();
    responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  private static SurveyResponse response(int i, String comment) {
    return new SurveyResponse(
        ResponseIds.of("test", "S" + i), "test", "S" + i, "Scored", 1 + i % 5, null, null, comment,
        null, null, null, null, null, null, Instant.parse("2026-11-16T10:00:00Z"));
  }

  @Test
  void storedCommentsAreScoredOffTheEventLoopAndRatingOnlyOnesAreLeft() throws Exception {
    IngestService ingest = new IngestService(responses, new MongoRollupRepository(store.client()), ZoneOffset.UTC);
    List<SurveyResponse> batch = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      batch.add(response(i, i % 2 == 0 ? "comment number " + i : null));
    }
    await(ingest.acceptBatch(batch));

    Set<Boolean> onEventLoop = ConcurrentHashMap.newKeySet();
    AtomicReference<String> lastText = new AtomicReference<>();
    CommentScoring fake =
        (comment, rating) -> {
          onEventLoop.add(Context.isOnEventLoopThread());
          lastText.set(comment);
          if (comment.endsWith(" 4")) {
            throw new IllegalStateException("the scorer chokes on this one");
          }
          return new JsonObject().put("sentiment", rating >= 4 ? 1 : -1).put("length", comment.length());
        };
    ScoringWorker worker = new ScoringWorker(vertx, responses, fake, Durability.NONE);
    worker.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (worker.scored() < 60 && System.nanoTime() < deadline) {
      await(vertx.timer(50));
    }
    worker.stop();
    assertThat(worker.scored()).isEqualTo(60);
    assertThat(onEventLoop).containsExactly(false);
    assertThat(lastText.get()).startsWith("comment number");

    assertThat(await(responses.findUnscored(1000))).isEmpty();
    JsonObject scored = await(store.client().findOne("responses", new JsonObject().put("_id", ResponseIds.of("test", "S2")), null));
    assertThat(scored.getBoolean("scored")).isTrue();
    assertThat(scored.getJsonObject("score")).isEqualTo(new JsonObject().put("sentiment", -1).put("length", 16));
    JsonObject failed = await(store.client().findOne("responses", new JsonObject().put("_id", ResponseIds.of("test", "S4")), null));
    assertThat(failed.getJsonObject("score").getBoolean("failed")).isTrue();
    assertThat(await(store.client().count("responses", new JsonObject().put("scored", false)))).as("rating-only responses").isEqualTo(60);
  }

  @Test
  void withoutAScorerResponsesStayUnscored() throws Exception {
    IngestService ingest = new IngestService(responses, new MongoRollupRepository(store.client()), ZoneOffset.UTC);
    await(ingest.accept(response(1, "no scorer here")));
    assertThat(await(responses.findUnscored(10))).hasSize(1);
  }

  static <T> T await(Future<T> future) throws Exception {
    return TestStore.await(future);
  }
}
