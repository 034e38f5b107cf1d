package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.response.IngestService.RecountReport;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.SurveyResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Writes a large store for the read-side benchmark ({@link ScaleBenchmark}): {@code n} answers
 * over two years up to {@link #END}, for 50 services, 40 support groups and 400 agents; 40% with a
 * comment that has a stored score. The answers are stored as ingestion stores them (its document,
 * marked counted) in unordered bulk inserts of {@link #BATCH}, in no order of bucket, with their
 * scores set in bulk as the scorer would leave them (without running it); then a recount, which
 * reads a few months at a time, builds every rollup from them once, with the arithmetic ingestion
 * uses. {@code ScaleDataTest} checks that this store equals what ingestion and a recount leave.
 * Not a test: run by hand, see docs/benchmarks.md. Arguments: data directory (new), number of
 * answers, seed.
 */
final class ScaleData {

  /** The end of the data: answers fall in the two years before. */
  static final Instant END = Instant.parse("2027-04-15T00:00:00Z");

  static final int SERVICES = 50;
  static final int GROUPS = 40;
  static final int AGENTS = 400;
  static final String[] DIMENSIONS = {"courtesy", "communication", "timeliness", "resolution", "knowledge"};
  static final int BATCH = 10_000;

  private ScaleData() {}

  static String service(int i) {
    return String.format(Locale.ROOT, "Service %02d", i + 1);
  }

  /** Where a batch of answers goes: stored, then their scores set (id to score). */
  interface Sink {
    void store(List<SurveyResponse> answers, Map<String, JsonObject> scores) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-store");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    long started = System.nanoTime();
    RecountReport report = write(dir, n, seed, ScaleData::stored, read -> {
      if (read % 100_000 == 0) {
        System.out.printf(Locale.ROOT, "recount: %,d answers read at %.0f s%n", read, (System.nanoTime() - started) / 1e9);
      }
    });
    System.out.printf(
        Locale.ROOT, "recounted %,d buckets from %,d answers; %,d answers in %.0f s in all%n",
        report.buckets(), report.responses(), n, (System.nanoTime() - started) / 1e9);
  }

  /** Writes the store: {@code n} answers through {@code how} (given the open store), then a recount. */
  static RecountReport write(
      Path dir, int n, long seed, java.util.function.Function<OfflineStore, Sink> how, java.util.function.LongConsumer progress)
      throws Exception {
    if (Files.exists(dir.resolve("perceive.mv.db"))) {
      throw new IllegalStateException(dir + " holds a store already");
    }
    Files.createDirectories(dir);
    PerceiveConfig config = TestApps.config(dir, Optional.empty(), 5);
    long started = System.nanoTime();
    try (OfflineStore store = OfflineStore.open(config).orElseThrow()) {
      Sink sink = how.apply(store);
      answers(n, seed, (answers, scores) -> {
        sink.store(answers, scores);
        long done = Long.parseLong(answers.get(answers.size() - 1).sourceId()) + 1;
        if (done % 100_000 == 0 || done == n) {
          System.out.printf(Locale.ROOT, "%,d answers stored in %.0f s%n", done, (System.nanoTime() - started) / 1e9);
        }
      });
      return StoreServices.await(store.ingest().recountAll(null, progress), StoreRecount.PATIENCE);
    }
  }

  /** Stores answers as ingestion's bulk insert does, marked counted (the recount counts them). */
  static Sink stored(OfflineStore store) {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    return (answers, scores) -> {
      StoreServices.await(responses.insertEachCounted(answers));
      setScores(store.client(), scores);
    };
  }

  /** Stores answers through ingestion's own bulk load, which also increments the rating rollups. */
  static Sink ingested(OfflineStore store) {
    return (answers, scores) -> {
      StoreServices.await(store.ingest().loadAll(answers));
      setScores(store.client(), scores);
    };
  }

  private static void setScores(MongoClient client, Map<String, JsonObject> scores) throws Exception {
    if (scores.isEmpty()) {
      return;
    }
    List<BulkOperation> ops = new ArrayList<>(scores.size());
    scores.forEach((id, score) -> ops.add(BulkOperation.createUpdate(
        new JsonObject().put("_id", id), new JsonObject().put("$set", new JsonObject().put("scored", true).put("score", score)))));
    StoreServices.await(client.bulkWrite(MongoResponseRepository.COLLECTION, ops));
  }

  /** Hands {@code sink} the answers in batches of {@link #BATCH}, the same for the same seed. */
  static void answers(int n, long seed, Sink sink) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    // Each service has its own level of satisfaction and each agent a small offset of their own.
    double[] serviceLevel = new double[SERVICES];
    for (int s = 0; s < SERVICES; s++) {
      serviceLevel[s] = 0.55 + 0.35 * random.nextDouble();
    }
    double[] agentOffset = new double[AGENTS];
    for (int a = 0; a < AGENTS; a++) {
      agentOffset[a] = (random.nextDouble() - 0.5) * 0.2;
    }
    long span = Duration.ofDays(730).toMillis();
    List<SurveyResponse> batch = new ArrayList<>(BATCH);
    Map<String, JsonObject> scores = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int s = random.nextInt(SERVICES);
      int agent = random.nextInt(AGENTS);
      Instant at = END.minusMillis(1 + random.nextLong(span));
      double p = Math.max(0.05, Math.min(0.98, serviceLevel[s] + agentOffset[agent]));
      int rating = random.nextDouble() < p ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
      boolean commented = random.nextDouble() < 0.4;
      String id = "scale-" + i;
      batch.add(new SurveyResponse(
          id, "scale", String.valueOf(i), service(s), rating,
          random.nextDouble() < 0.5 ? Math.min(10, rating * 2 + random.nextInt(2)) : null,
          random.nextDouble() < 0.3 ? 1 + random.nextInt(7) : null,
          commented ? "Comment " + i : null,
          "T" + i, String.format(Locale.ROOT, "Group %02d", agent % GROUPS), String.format(Locale.ROOT, "Agent %03d", agent),
          random.nextDouble() < 0.85, at.minus(Duration.ofHours(30)), at.minus(Duration.ofHours(2)), at));
      if (commented) {
        JsonObject competency = new JsonObject();
        for (String d : DIMENSIONS) {
          if (random.nextDouble() < 0.3) {
            competency.put(d, Math.round((rating - 3) / 2.0 * 0.6 * 1000 + (random.nextDouble() - 0.5) * 600) / 1000.0);
          }
        }
        scores.put(id, new JsonObject()
            .put("language", "en")
            .put("sentiment", new JsonObject().put("score", Math.round(((rating - 3) / 2.0 * 0.7 + (random.nextDouble() - 0.5) * 0.4) * 1000) / 1000.0))
            .put("competency", competency));
      }
      if (batch.size() == BATCH || i == n - 1) {
        // The answers are stored before their scores are set, as the scorer finds them.
        sink.store(List.copyOf(batch), Map.copyOf(scores));
        batch.clear();
        scores.clear();
      }
    }
  }
}
