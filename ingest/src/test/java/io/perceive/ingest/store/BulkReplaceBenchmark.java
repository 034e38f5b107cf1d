package io.perceive.ingest.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The write phase of {@code perceive recount} on the embedded store, one by one (as before) and
 * in bulk ({@link VersionedCounters#replaceAll}), alternating in one JVM: rollup-like documents
 * upserted under spread ids into fresh collections. Not a test: run by hand (docs/benchmarks.md).
 *
 * <pre>java -cp ... io.perceive.ingest.store.BulkReplaceBenchmark [documents] [rounds]</pre>
 */
public final class BulkReplaceBenchmark {

  private BulkReplaceBenchmark() {}

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.MINUTES);
  }

  public static void main(String[] args) throws Exception {
    int documents = args.length > 0 ? Integer.parseInt(args[0]) : 15_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("perceive-bulk-bench");
    Vertx vertx = Vertx.vertx();
    try (EmbeddedMongo embedded = EmbeddedMongo.start(dir, 0)) {
      MongoStore store = MongoStore.connect(vertx, embedded.connectionString(), "perceive", true);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        ids.add("agent|" + UUID.nameUUIDFromBytes(("a" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "|2025-01-01");
      }
      JsonObject counters = new JsonObject().put("kind", "agent").put("n", 3).put("satisfied", 2).put("ratingSum", 12);
      for (int round = 0; round < rounds; round++) {
        String one = "bench_one_" + round;
        String bulk = "bench_bulk_" + round;
        long t0 = System.nanoTime();
        await(InTurn.each(ids, id -> VersionedCounters.replace(store.client(), one, id, null, counters, false)));
        long t1 = System.nanoTime();
        List<VersionedCounters.Replacement> all = ids.stream().map(id -> new VersionedCounters.Replacement(id, null, counters)).toList();
        await(VersionedCounters.replaceAll(store.client(), bulk, all, false));
        long t2 = System.nanoTime();
        System.out.printf(
            Locale.ROOT, "round %d: %d documents, one by one %.2f s, in bulk %.2f s, ratio %.2f, load %s%n",
            round, documents, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t1) / (double) (t1 - t0),
            Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
      }
      await(store.close());
    } finally {
      await(vertx.close());
    }
  }
}
