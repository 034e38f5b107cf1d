package io.perceive.api;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.store.MongoWrites;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Store-level timings on the scale store ({@link ScaleData}) through a tool's client, without a
 * server: the rollup reads the query routes make and the raw aggregation they replace. Not a
 * test: run by hand, see docs/benchmarks.md. Argument: data directory.
 */
final class ScaleStoreProbe {
  public static void main(String[] args) throws Exception {
    long to = ScaleData.END.toEpochMilli();
    long from = ScaleData.END.minus(java.time.Duration.ofDays(365)).toEpochMilli();
    System.out.println("load " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
    try (OfflineStore store = OfflineStore.open(TestApps.config(Path.of(args[0]), Optional.empty(), 5)).orElseThrow()) {
      MongoRollupRepository rollups = new MongoRollupRepository(store.client());
      for (int r = 0; r < 3; r++) {
        time("rollups: weekly totals, all services, a year", () -> StoreServices.await(rollups.totals(Interval.WEEK, Set.of(), from, to)).size());
        time("rollups: weekly totals, one service, a year", () -> StoreServices.await(rollups.totals(Interval.WEEK, Set.of("Service 07"), from, to)).size());
        time("rollups: totals per agent, a year", () -> StoreServices.await(rollups.segmentTotals(RollupRepository.Segment.AGENT, from, to)).size());
      }
      JsonArray weekly = new JsonArray()
          .add(new JsonObject().put("$match", new JsonObject().put("respondedAt", new JsonObject().put("$gte", from).put("$lt", to))))
          .add(new JsonObject().put("$group", new JsonObject()
              .put("_id", new JsonObject().put("service", "$service").put("week", "$weekStart"))
              .put("n", new JsonObject().put("$sum", 1))));
      for (int r = 0; r < 2; r++) {
        time("raw: weekly counts per service over the answers, a year", () -> StoreServices.await(MongoWrites.aggregate(store.client(), "responses", weekly), java.time.Duration.ofMinutes(30)).size());
      }
    }
    System.out.println("load " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
    System.exit(0);
  }

  private static void time(String what, Callable<Integer> call) throws Exception {
    long t0 = System.nanoTime();
    int rows = call.call();
    System.out.printf(java.util.Locale.ROOT, "%s: %.0f ms (%d rows)%n", what, (System.nanoTime() - t0) / 1e6, rows);
  }
}
