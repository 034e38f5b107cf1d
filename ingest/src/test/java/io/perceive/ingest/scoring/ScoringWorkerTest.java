package io.perceive.ingest.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.followup.FollowUpOpener;
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
        null, "Desk Team", i % 2 == 0 ? "Rude R." : "Kind K.", null, null, null, Instant.parse("2026-11-16T10:00:00Z"));
  }

  private static List<ScoreRollupRepository.SegmentMeasureTotals> courtesyByAgent(MongoScoreRollupRepository scoreRollups)
      throws Exception {
    return await(scoreRollups.segmentTotals("courtesy", io.perceive.ingest.rollup.RollupRepository.Segment.AGENT, 0, Long.MAX_VALUE));
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

  /** A score whose courtesy mention carries the sentiment the comment's text says. */
  private static JsonObject courtesyScore(String comment, int rating) {
    double s = comment.contains("rude") ? -0.8 : 0.6;
    return new JsonObject()
        .put("sentiment", new JsonObject().put("score", s).put("label", "x"))
        .put("competency", new JsonObject().put("courtesy", s))
        .put("language", "en");
  }

  private void runUntil(ScoringWorker worker, java.util.function.BooleanSupplier done) throws Exception {
    worker.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      await(vertx.timer(50));
    }
    worker.stop();
  }

  private List<ScoreRollupRepository.MeasureTotals> courtesy(ScoreRollupRepository rollups) throws Exception {
    return await(rollups.totals("courtesy", Interval.MONTH, Set.of("Scored"), 0, Long.MAX_VALUE));
  }

  @Test
  void aCommentEditedWhileItIsScoredIsScoredAgain() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    MongoScoreRollupRepository scoreRollups = new MongoScoreRollupRepository(store.client());
    IngestService ingest = new IngestService(responses, rollups, ZoneOffset.UTC);
    SurveyResponse r = response(1, "polite and quick");
    await(ingest.accept(r));
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    CommentScoring editedMeanwhile =
        (comment, rating) -> {
          if (calls.incrementAndGet() == 1) {
            // The customer edits the comment while the first text is being scored.
            try {
              await(ingest.revise(r.id(), null, true, "the engineer was rude"));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return courtesyScore(comment, rating);
        };
    ScoringWorker worker = new ScoringWorker(vertx, responses, editedMeanwhile, Durability.NONE, scoreRollups, rollups, FollowUpOpener.NONE);
    runUntil(worker, () -> worker.scored() >= 2);
    assertThat(calls.get()).as("the edited text was scored too").isEqualTo(2);
    JsonObject stored = await(store.client().findOne("responses", new JsonObject().put("_id", r.id()), null));
    assertThat(stored.getBoolean("scored")).isTrue();
    assertThat(stored.getJsonObject("score").getJsonObject("competency").getDouble("courtesy")).isEqualTo(-0.8);
    List<ScoreRollupRepository.MeasureTotals> totals = courtesy(scoreRollups);
    assertThat(totals).hasSize(1);
    assertThat(totals.get(0).n()).as("one comment, counted once").isEqualTo(1);
    assertThat(totals.get(0).sum()).isCloseTo(-0.8, org.assertj.core.api.Assertions.within(1e-9));
    List<ScoreRollupRepository.SegmentMeasureTotals> agent = courtesyByAgent(scoreRollups);
    assertThat(agent).hasSize(1);
    assertThat(agent.get(0).n()).as("its agent's bucket: the first score taken out again").isEqualTo(1);
    assertThat(agent.get(0).sum()).isCloseTo(-0.8, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(await(rollups.pendingIntents())).isEmpty();
  }

  @Test
  void aRevisedRatingMovesTheSatisfiedSumsAndARemovedCommentLeavesTheRollups() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    MongoScoreRollupRepository scoreRollups = new MongoScoreRollupRepository(store.client());
    IngestService ingest =
        new IngestService(responses, rollups, ZoneOffset.UTC, Durability.NONE, () -> {}, java.util.Optional.of(scoreRollups), FollowUpOpener.NONE);
    SurveyResponse r = response(1, "polite and quick");
    assertThat(r.rating()).isEqualTo(2);
    await(ingest.accept(r));
    ScoringWorker worker = new ScoringWorker(vertx, responses, ScoringWorkerTest::courtesyScore, Durability.NONE, scoreRollups, rollups, FollowUpOpener.NONE);
    runUntil(worker, () -> worker.scored() >= 1);
    ScoreRollupRepository.MeasureTotals t = courtesy(scoreRollups).get(0);
    assertThat(List.of(t.n(), t.satisfied())).containsExactly(1L, 0L);

    await(ingest.revise(r.id(), 5, false, null));
    t = courtesy(scoreRollups).get(0);
    assertThat(List.of(t.n(), t.satisfied())).as("the same mention, now in a satisfied answer").containsExactly(1L, 1L);
    assertThat(t.sumSatisfied()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-9));

    await(ingest.revise(r.id(), null, true, null));
    assertThat(courtesy(scoreRollups)).as("a removed comment counts for nothing").isEmpty();
    assertThat(courtesyByAgent(scoreRollups)).isEmpty();
    JsonObject stored = await(store.client().findOne("responses", new JsonObject().put("_id", r.id()), null));
    assertThat(stored.containsKey("score")).as("its score goes with it").isFalse();
    // A recount of the bucket agrees.
    await(rollups.recordIntent(List.of(ingest.keyOf(r))));
    assertThat(await(ingest.recoverRollups())).isEqualTo(1);
    assertThat(courtesy(scoreRollups)).isEmpty();
    assertThat(await(rollups.totals(Interval.MONTH, Set.of("Scored"), 0, Long.MAX_VALUE)).get(0).totals().satisfied()).isEqualTo(1);
  }

  @Test
  void aCommentRemovedWhileItIsScoredIsNotCounted() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    MongoScoreRollupRepository scoreRollups = new MongoScoreRollupRepository(store.client());
    IngestService ingest =
        new IngestService(responses, rollups, ZoneOffset.UTC, Durability.NONE, () -> {}, java.util.Optional.of(scoreRollups), FollowUpOpener.NONE);
    SurveyResponse r = response(1, "the engineer was rude");
    await(ingest.accept(r));
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    CommentScoring removedMeanwhile =
        (comment, rating) -> {
          calls.incrementAndGet();
          try {
            await(ingest.revise(r.id(), null, true, null));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return courtesyScore(comment, rating);
        };
    ScoringWorker worker = new ScoringWorker(vertx, responses, removedMeanwhile, Durability.NONE, scoreRollups, rollups, FollowUpOpener.NONE);
    runUntil(worker, () -> worker.scored() >= 1);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(courtesy(scoreRollups)).as("nothing to count").isEmpty();
    JsonObject stored = await(store.client().findOne("responses", new JsonObject().put("_id", r.id()), null));
    assertThat(stored.containsKey("score")).isFalse();
    assertThat(await(responses.findUnscored(10))).as("nothing left to score").isEmpty();
    assertThat(await(rollups.pendingIntents())).isEmpty();
  }

  @Test
  void scoresStoredButNotCountedAreRecountedAtStart() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    MongoScoreRollupRepository scoreRollups = new MongoScoreRollupRepository(store.client());
    IngestService ingest = new IngestService(responses, rollups, ZoneOffset.UTC);
    await(ingest.acceptBatch(List.of(response(1, "polite"), response(2, "rude on the phone"), response(3, "polite again"))));
    // The store goes away after the scores were stored and before the rollups took them.
    ScoreRollupRepository failing =
        (ScoreRollupRepository)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ScoreRollupRepository.class},
                (proxy, method, args) ->
                    method.getName().equals("add")
                        ? Future.failedFuture(new io.perceive.ingest.store.StoreUnavailableException("gone", null))
                        : method.invoke(scoreRollups, args));
    ScoringWorker crashing = new ScoringWorker(vertx, responses, ScoringWorkerTest::courtesyScore, Durability.NONE, failing, rollups, FollowUpOpener.NONE);
    runUntil(crashing, () -> {
      try {
        return await(responses.findUnscored(10)).isEmpty();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(await(responses.findUnscored(10))).as("scores stored").isEmpty();
    assertThat(courtesy(scoreRollups)).as("but not counted").isEmpty();
    assertThat(courtesyByAgent(scoreRollups)).as("nor per agent").isEmpty();
    assertThat(await(rollups.pendingIntents())).as("the batch's intent stays").isNotEmpty();

    IngestService restarted =
        new IngestService(responses, rollups, ZoneOffset.UTC, Durability.NONE, () -> {}, java.util.Optional.of(scoreRollups), FollowUpOpener.NONE);
    assertThat(await(restarted.recoverRollups())).isEqualTo(1);
    List<ScoreRollupRepository.MeasureTotals> totals = courtesy(scoreRollups);
    assertThat(totals).hasSize(1);
    assertThat(totals.get(0).n()).isEqualTo(3);
    assertThat(totals.get(0).negative()).isEqualTo(1);
    assertThat(totals.get(0).sum()).isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(await(rollups.pendingIntents())).isEmpty();
    // Per agent too: "rude on the phone" was Rude R.'s (S2), the two polite ones Kind K.'s.
    List<ScoreRollupRepository.SegmentMeasureTotals> agents = courtesyByAgent(scoreRollups);
    assertThat(agents).extracting(ScoreRollupRepository.SegmentMeasureTotals::name).containsExactly("Kind K.", "Rude R.");
    assertThat(agents.get(0).n()).isEqualTo(2);
    assertThat(agents.get(0).negative()).isZero();
    assertThat(agents.get(1).n()).isEqualTo(1);
    assertThat(agents.get(1).negative()).isEqualTo(1);
    assertThat(await(rollups.totals(Interval.MONTH, Set.of("Scored"), 0, Long.MAX_VALUE)).get(0).totals().n())
        .as("the rating rollup recounted alike")
        .isEqualTo(3);
  }

  static <T> T await(Future<T> future) throws Exception {
    return TestStore.await(future);
  }
}
