package io.perceive.api;

import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingest throughput, not a test: rating-only responses per second through HTTP into the embedded
 * store, against the raw bulk-insert rate of the same store (an embedded server of the same kind,
 * in a data directory of its own) measured in the same run, without and with the one file commit
 * that makes its inserts durable. Run with
 * {@code ./mvnw -q -pl api -am test-compile} then
 * {@code java -cp "api/target/test-classes:api/target/classes:$(cat api/target/bench.cp)" io.perceive.api.IngestBenchmark RUNS N [attributed]}
 * (see docs/benchmarks.md for the classpath line). With {@code attributed} every answer names a
 * support group (of 40), an agent (of 400), a ticket type and a provider (of 6), so each one
 * also moves four segment rollups; the floor's documents carry the same fields.
 */
public final class IngestBenchmark {

  static final int BATCH = 1_000;
  private static boolean attributed;

  /** Rates in responses per second; {@code durableRawPerSecond} includes the floor's commit. */
  record Run(double rawPerSecond, double durableRawPerSecond, double batchPerSecond, double singlePerSecond) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int singles = Math.max(1_000, n / 5);
    attributed = args.length > 2 && args[2].equals("attributed");
    List<Run> results = new ArrayList<>();
    // One discarded run first: the JIT (of Perceive and of the embedded server) warms up.
    once(Files.createTempDirectory("perceive-bench"), n / 2, singles / 2);
    for (int run = 1; run <= runs; run++) {
      Path dir = Files.createTempDirectory("perceive-bench");
      Run r = once(dir, n, singles);
      results.add(r);
      System.out.printf(
          Locale.ROOT,
          "run %d: raw bulk insert %.0f/s (with its commit %.0f/s), HTTP batches %.0f/s (ratio %.2f; %.2f to the durable floor), HTTP single posts %.0f/s (ratio %.2f)%n",
          run, r.rawPerSecond(), r.durableRawPerSecond(), r.batchPerSecond(), r.batchPerSecond() / r.rawPerSecond(),
          r.batchPerSecond() / r.durableRawPerSecond(), r.singlePerSecond(), r.singlePerSecond() / r.rawPerSecond());
    }
    System.out.printf(
        Locale.ROOT,
        "median of %d runs (%d responses, %d single posts%s): raw %.0f/s, raw with commit %.0f/s, batches %.0f/s, batch ratio %.2f, to the durable floor %.2f, singles %.0f/s, single ratio %.2f%n",
        runs, n, singles, attributed ? ", attributed" : "",
        median(results.stream().mapToDouble(Run::rawPerSecond).toArray()),
        median(results.stream().mapToDouble(Run::durableRawPerSecond).toArray()),
        median(results.stream().mapToDouble(Run::batchPerSecond).toArray()),
        median(results.stream().mapToDouble(r -> r.batchPerSecond() / r.rawPerSecond()).toArray()),
        median(results.stream().mapToDouble(r -> r.batchPerSecond() / r.durableRawPerSecond()).toArray()),
        median(results.stream().mapToDouble(Run::singlePerSecond).toArray()),
        median(results.stream().mapToDouble(r -> r.singlePerSecond() / r.rawPerSecond()).toArray()));
    System.exit(0);
  }

  private static Run once(Path dir, int n, int singles) throws Exception {
    Vertx clientVertx = Vertx.vertx();
    // The floor: unordered bulk inserts of documents of the same shape into an embedded server
    // of its own (so that committing the floor's documents is not charged to the pipeline), then
    // the one file commit that makes them durable, timed apart.
    double rawRate;
    double durableRawRate;
    EmbeddedMongo floorStore = EmbeddedMongo.start(dir.resolve("floor"), 0);
    try {
      MongoClient raw = MongoClient.create(clientVertx, new JsonObject().put("connection_string", floorStore.connectionString()).put("db_name", "perceive"));
      long start = System.nanoTime();
      for (int from = 0; from < n; from += BATCH) {
        List<BulkOperation> ops = new ArrayList<>();
        for (int i = from; i < Math.min(n, from + BATCH); i++) {
          ops.add(BulkOperation.createInsert(rawDocument(i)));
        }
        await(raw.bulkWriteWithOptions("bench_raw", ops, new BulkWriteOptions(false)));
      }
      double insertSeconds = seconds(start);
      long commitStart = System.nanoTime();
      floorStore.commit();
      double commitSeconds = seconds(commitStart);
      rawRate = n / insertSeconds;
      durableRawRate = n / (insertSeconds + commitSeconds);
      await(raw.close());
    } finally {
      floorStore.close();
    }
    try (PerceiveApp app = PerceiveApp.start(
            new io.perceive.api.config.PerceiveConfig(
                new io.perceive.api.config.PerceiveConfig.Http("127.0.0.1", 0, 4 * 1024 * 1024),
                new io.perceive.api.config.PerceiveConfig.Store(Optional.empty(), "perceive", dir.resolve("app")),
                new io.perceive.api.config.PerceiveConfig.Analytics(5, 0.95, java.time.ZoneOffset.UTC)),
            Optional.empty(), TestTime.clock())) {
      long start;
      WebClient client =
          WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
      String at = TestTime.now().minusSeconds(3600).toString();
      // HTTP batches of 1,000, four at a time.
      start = System.nanoTime();
      AtomicInteger nextBatch = new AtomicInteger();
      List<Future<Void>> lanes = new ArrayList<>();
      for (int lane = 0; lane < 4; lane++) {
        lanes.add(batchLane(client, nextBatch, n, at));
      }
      await(Future.all(lanes));
      double batchRate = n / seconds(start);
      // Single posts, 32 in flight.
      start = System.nanoTime();
      AtomicInteger nextSingle = new AtomicInteger();
      List<Future<Void>> singleLanes = new ArrayList<>();
      for (int lane = 0; lane < 32; lane++) {
        singleLanes.add(singleLane(client, nextSingle, singles, at));
      }
      await(Future.all(singleLanes));
      double singleRate = singles / seconds(start);
      client.close();
      return new Run(rawRate, durableRawRate, batchRate, singleRate);
    } finally {
      await(clientVertx.close());
    }
  }

  private static Future<Void> batchLane(WebClient client, AtomicInteger next, int n, String at) {
    int from = next.getAndAdd(BATCH);
    if (from >= n) {
      return Future.succeededFuture();
    }
    JsonArray batch = new JsonArray();
    for (int i = from; i < Math.min(n, from + BATCH); i++) {
      batch.add(attributions(new JsonObject().put("service", "Bench " + (i % 24)).put("rating", 1 + i % 5).put("respondedAt", at).put("source", "bench").put("sourceId", "b-" + i), i));
    }
    return client.post("/api/v1/responses").sendJson(batch).compose(r -> check(r)).compose(v -> batchLane(client, next, n, at));
  }

  private static Future<Void> singleLane(WebClient client, AtomicInteger next, int n, String at) {
    int i = next.getAndIncrement();
    if (i >= n) {
      return Future.succeededFuture();
    }
    JsonObject body = attributions(new JsonObject().put("service", "Bench " + (i % 24)).put("rating", 1 + i % 5).put("respondedAt", at), i);
    return client.post("/api/v1/responses").putHeader("Idempotency-Key", "s-" + i).sendJsonObject(body)
        .compose(r -> check(r)).compose(v -> singleLane(client, next, n, at));
  }

  private static Future<Void> check(HttpResponse<Buffer> r) {
    return r.statusCode() / 100 == 2 ? Future.succeededFuture() : Future.failedFuture("HTTP " + r.statusCode() + ": " + r.bodyAsString());
  }

  /**
   * The document the pipeline stores for batch response {@code i}, id included: the id's length
   * and spread decide the cost of the unique-index lookups that dominate an insert here.
   */
  private static JsonObject rawDocument(int i) {
    return attributions(new JsonObject(), i)
        .put("_id", ResponseIds.of("bench", "b-" + i)).put("source", "bench").put("service", "Bench " + (i % 24)).put("rating", 1 + i % 5)
        .put("respondedAt", 1_790_000_000_000L).put("day", "2026-09-21").put("dayStart", 1_790_000_000_000L)
        .put("weekStart", 1_790_000_000_000L).put("monthStart", 1_790_000_000_000L).put("scored", false).put("rolledUp", false)
        .put("storedAt", 1_790_000_000_000L).put("sourceId", "b-" + i);
  }

  /** {@code json} with the support group, agent, ticket type and provider of answer {@code i}, when attributed. */
  private static JsonObject attributions(JsonObject json, int i) {
    if (!attributed) {
      return json;
    }
    return json.put("supportGroup", "Group " + (i % 40)).put("agent", "Agent " + (i % 400))
        .put("ticketType", io.perceive.ingest.TicketTypes.VALUES.get(i % io.perceive.ingest.TicketTypes.VALUES.size()))
        .put("provider", "Provider " + (i % 6));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
