package io.perceive.ingest.response;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.CommentScoring;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.scoring.ScoringWorker;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recount that reads a few months at a time rebuilds every rollup exactly as ingestion and the
 * scorer maintained them, answer by answer: rating and comment-score rollups, per service, support
 * group, agent, ticket type and provider.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PagedRecountTest {

  static final List<String> ROLLUPS =
      List.of(
          MongoRollupRepository.COLLECTION,
          MongoRollupRepository.SEGMENTS,
          MongoScoreRollupRepository.COLLECTION,
          MongoScoreRollupRepository.SEGMENTS);

  @TempDir Path dataDir;

  /** Scores as a scorer might: sentiment and a dimension or two that follow the rating, with noise. */
  private static final CommentScoring SCORER =
      (comment, rating) -> {
        SplittableRandom r = new SplittableRandom(comment.hashCode());
        JsonObject competency = new JsonObject().put("timeliness", (rating - 3) / 2.0 + r.nextDouble(-0.3, 0.3));
        if (r.nextBoolean()) {
          competency.put("courtesy", r.nextDouble(-1, 1));
        }
        return new JsonObject()
            .put("language", "en")
            .put("sentiment", new JsonObject().put("score", r.nextDouble(-1, 1)).put("label", "x"))
            .put("competency", competency);
      };

  @Test
  void aRecountInPagesOfMonthsEqualsWhatIngestionAndTheScorerMaintained() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      MongoClient client = store.client();
      MongoResponseRepository responses = new MongoResponseRepository(client, ZoneOffset.UTC);
      MongoRollupRepository rollups = new MongoRollupRepository(client);
      MongoScoreRollupRepository scoreRollups = new MongoScoreRollupRepository(client);
      IngestService ingest =
          new IngestService(responses, rollups, ZoneOffset.UTC, Durability.NONE, () -> {}, Optional.of(scoreRollups), io.perceive.ingest.followup.FollowUpOpener.NONE);
      SplittableRandom random = new SplittableRandom(7);
      List<SurveyResponse> answers = new ArrayList<>();
      int commented = 0;
      for (int i = 0; i < 600; i++) {
        boolean comment = random.nextInt(10) < 4;
        commented += comment ? 1 : 0;
        answers.add(new SurveyResponse(
            ResponseIds.of("paged", "P" + i), "paged", "P" + i, "Service " + random.nextInt(3), 1 + random.nextInt(5),
            random.nextBoolean() ? random.nextInt(11) : null, random.nextInt(3) == 0 ? 1 + random.nextInt(7) : null,
            comment ? "comment " + i : null, "T" + i, "Group " + random.nextInt(2), "Agent " + random.nextInt(5),
            random.nextBoolean(), null, null,
            // Five months, so a page of 150 answers is one or two months.
            Instant.parse("2026-06-01T00:00:00Z").plus(Duration.ofMinutes(random.nextLong(150L * 24 * 60))),
            random.nextInt(4) == 0 ? 15 * random.nextInt(9) : null,
            random.nextInt(5) == 0 ? null : List.of("incident", "request", "change").get(random.nextInt(3)),
            random.nextInt(3) == 0 ? null : "Provider " + random.nextInt(2)));
      }
      for (int from = 0; from < answers.size(); from += 100) {
        await(ingest.acceptBatch(answers.subList(from, from + 100)));
      }
      ScoringWorker worker = new ScoringWorker(store.vertx(), responses, SCORER, Durability.NONE, scoreRollups, rollups, io.perceive.ingest.followup.FollowUpOpener.NONE);
      worker.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (worker.scored() < commented && System.nanoTime() < deadline) {
        await(store.vertx().timer(50));
      }
      await(worker.stop());
      assertThat(worker.scored()).isEqualTo(commented);
      Map<String, Map<String, Object>> maintained = snapshot(client);
      assertThat(maintained).hasSizeGreaterThan(100);
      // Every kind of segment is there, ratings and comment scores, to be rebuilt below.
      for (String kind : List.of("group", "agent", "type", "provider")) {
        assertThat(maintained.keySet()).as(kind).anyMatch(id -> id.startsWith(MongoRollupRepository.SEGMENTS + "/" + kind + "|"));
        assertThat(maintained.keySet()).as(kind).anyMatch(id -> id.startsWith(MongoScoreRollupRepository.SEGMENTS + "/" + kind + "|"));
      }

      assertThat(await(responses.months())).as("June to October").hasSize(5);
      for (String collection : ROLLUPS) {
        await(client.removeDocuments(collection, new JsonObject()));
      }
      FullRecount recount = new FullRecount(responses, rollups, Optional.of(scoreRollups), Durability.NONE, 150);
      IngestService.RecountReport report = await(recount.run(Long.MAX_VALUE, read -> {}));
      assertThat(recount.pages()).as("about 120 answers a month: a month a page").isEqualTo(5);
      assertThat(report.responses()).isEqualTo(600);
      assertThat(report.busy()).isZero();
      Map<String, Map<String, Object>> recounted = snapshot(client);
      assertThat(differences(recounted, maintained)).isEmpty();
      assertThat(recounted).isEqualTo(maintained);
    }
  }

  @Test
  void aCommitThatFindsTheStoreBusyIsTriedAgainAndOnlySoOften() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
      MongoRollupRepository rollups = new MongoRollupRepository(store.client());
      IngestService ingest = new IngestService(responses, rollups, ZoneOffset.UTC);
      await(ingest.acceptBatch(List.of(
          new SurveyResponse(ResponseIds.of("busy", "B1"), "busy", "B1", "VPN", 4, null, null, null, "T1", "Desk", "Ann",
              true, null, null, Instant.parse("2026-06-03T10:00:00Z")))));
      java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
      Durability busyTwice = () -> syncs.incrementAndGet() <= 2
          ? io.vertx.core.Future.failedFuture(new io.perceive.ingest.store.StoreUnavailableException("the store could not commit", null))
          : io.vertx.core.Future.succeededFuture();
      IngestService.RecountReport report =
          await(new FullRecount(responses, rollups, Optional.empty(), busyTwice, 150).run(Long.MAX_VALUE, read -> {}));
      assertThat(report.responses()).isEqualTo(1);
      assertThat(report.busy()).isZero();
      assertThat(syncs.get()).as("the page's commit twice refused, then taken; then the end's").isEqualTo(4);

      Durability alwaysBusy = () -> {
        syncs.incrementAndGet();
        return io.vertx.core.Future.failedFuture(new io.perceive.ingest.store.StoreUnavailableException("the store could not commit", null));
      };
      syncs.set(0);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> await(new FullRecount(responses, rollups, Optional.empty(), alwaysBusy, 150).run(Long.MAX_VALUE, read -> {})))
          .hasRootCauseInstanceOf(io.perceive.ingest.store.StoreUnavailableException.class);
      assertThat(syncs.get()).isEqualTo(FullRecount.SYNC_TRIES);
    }
  }

  @Test
  void aPageTakesTheMonthsThatFitAtTheDensityOfThePageBeforeAndAtLeastOne() {
    assertThat(FullRecount.monthsPerPage(100_000, 40_000)).isEqualTo(2);
    assertThat(FullRecount.monthsPerPage(100_000, 250_000)).as("a month larger than a page").isEqualTo(1);
    assertThat(FullRecount.monthsPerPage(100_000, 0)).as("months that held nothing").isEqualTo(1);
    assertThat(FullRecount.monthsPerPage(100_000, 0.001)).as("a sparse store in one page").isEqualTo(100_000_000);
  }

  /** The fields that name a rollup document's bucket rather than count anything. */
  private static final java.util.Set<String> KEYS =
      java.util.Set.of("_id", "service", "kind", "name", "day", "dayStart", "weekStart", "monthStart");

  /**
   * Every rollup document of every rollup collection by collection and id, without its version
   * (which counts writes, not answers), with numbers to 9 decimals: a sum's last bits depend on
   * the order it was added in. A counter at zero is left out, and so is a document that counts
   * nothing: an increment creates a field (and a document) only when it adds to it, a recount
   * writes every counter, and readers take an absent counter for zero.
   */
  static Map<String, Map<String, Object>> snapshot(MongoClient client) throws Exception {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (String collection : ROLLUPS) {
      for (JsonObject doc : await(client.find(collection, new JsonObject()))) {
        Map<String, Object> fields = new TreeMap<>();
        doc.forEach(e -> fields.put(e.getKey(), rounded(e.getValue())));
        fields.remove("v");
        fields.values().removeIf(v -> v instanceof BigDecimal d && d.signum() == 0);
        if (!KEYS.containsAll(fields.keySet())) {
          out.put(collection + "/" + doc.getValue("_id"), fields);
        }
      }
    }
    return out;
  }

  /** The documents that differ, each with both sides (for a readable failure). */
  static List<String> differences(Map<String, Map<String, Object>> actual, Map<String, Map<String, Object>> expected) {
    java.util.Set<String> ids = new java.util.TreeSet<>(actual.keySet());
    ids.addAll(expected.keySet());
    return ids.stream()
        .filter(id -> !java.util.Objects.equals(actual.get(id), expected.get(id)))
        .limit(5)
        .map(id -> id + ": " + actual.get(id) + " but maintained " + expected.get(id))
        .toList();
  }

  private static Object rounded(Object value) {
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(((Number) value).doubleValue()).setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
    if (value instanceof Number n) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (value instanceof JsonObject o) {
      Map<String, Object> m = new TreeMap<>();
      o.forEach(e -> m.put(e.getKey(), rounded(e.getValue())));
      return m;
    }
    return value;
  }
}
