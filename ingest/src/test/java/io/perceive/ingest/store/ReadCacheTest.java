package io.perceive.ingest.store;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's read cache: a kept answer serves only while no write reached its
 * collection through the server, identical reads arriving together share one pass, and rollup
 * answers through it equal those read without it, also for some services out of many.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadCacheTest {

  private static final long DAY = 86_400_000L;

  @TempDir Path dataDir;

  private static final JsonArray COUNT = new JsonArray()
      .add(new JsonObject().put("$group", new JsonObject().put("_id", null).put("n", new JsonObject().put("$sum", "$n"))));

  private static long n(List<JsonObject> answer) {
    return answer.isEmpty() ? 0 : answer.get(0).getLong("n");
  }

  @Test
  void aKeptAnswerServesUntilAWriteReachesItsCollection() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      ReadCache cache = ReadCache.over(store.embedded()::writes, 1_000);
      await(store.client().insert("counted", new JsonObject().put("_id", "a").put("n", 1)));

      assertThat(n(await(cache.aggregate(store.client(), "counted", COUNT)))).isEqualTo(1);
      assertThat(n(await(cache.aggregate(store.client(), "counted", COUNT)))).isEqualTo(1);
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isEqualTo(1);

      await(store.client().insert("elsewhere", new JsonObject().put("_id", "x")));
      assertThat(n(await(cache.aggregate(store.client(), "counted", COUNT)))).isEqualTo(1);
      assertThat(cache.hits()).as("a write to another collection keeps the answer").isEqualTo(2);

      await(store.client().updateCollection("counted", new JsonObject().put("_id", "a"),
          new JsonObject().put("$inc", new JsonObject().put("n", 4))));
      assertThat(n(await(cache.aggregate(store.client(), "counted", COUNT)))).as("read again after the write").isEqualTo(5);
      assertThat(cache.misses()).isEqualTo(2);

      await(store.client().removeDocuments("counted", new JsonObject()));
      assertThat(n(await(cache.aggregate(store.client(), "counted", COUNT)))).isZero();
    }
  }

  @Test
  void identicalReadsArrivingTogetherShareOnePass() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      ReadCache cache = ReadCache.over(store.embedded()::writes, 1_000);
      await(store.client().insert("counted", new JsonObject().put("_id", "a").put("n", 3)));
      Future<List<JsonObject>> first = cache.aggregate(store.client(), "counted", COUNT);
      Future<List<JsonObject>> second = cache.aggregate(store.client(), "counted", COUNT);
      assertThat(n(await(first))).isEqualTo(3);
      assertThat(n(await(second))).isEqualTo(3);
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isEqualTo(1);
    }
  }

  @Test
  void rollupAnswersThroughTheCacheEqualThoseWithout() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      ReadCache cache = ReadCache.over(store.embedded()::writes, 1_000);
      MongoRollupRepository plain = new MongoRollupRepository(store.client());
      MongoRollupRepository cached = new MongoRollupRepository(store.client(), cache);
      for (int s = 0; s < 5; s++) {
        for (int d = 0; d < 20; d++) {
          long day = 1_700_006_400_000L + d * DAY;
          await(plain.add(new BucketKey("S" + s, "d" + d, day, day - (d % 7) * DAY, day - d * DAY), Totals.of(1 + (s + d) % 5, null, null, false, true, null)));
        }
      }
      long from = 1_700_006_400_000L + 3 * DAY;
      long to = from + 10 * DAY;
      for (Set<String> services : List.of(Set.<String>of(), Set.of("S1"), Set.of("S2", "S4"), Set.of("none"))) {
        for (Interval interval : List.of(Interval.DAY, Interval.WEEK, Interval.MONTH)) {
          assertThat(await(cached.totals(interval, services, from, to)))
              .as("%s %s", services, interval)
              .isEqualTo(await(plain.totals(interval, services, from, to)));
        }
      }
      assertThat(cache.hits()).as("the services share the pass of every service").isPositive();
      long before = sum(await(cached.totals(Interval.WEEK, Set.of("S1"), from, to)));
      await(plain.add(new BucketKey("S1", "d5", from + 2 * DAY, from, from), Totals.of(5, null, null, false, true, null)));
      assertThat(sum(await(cached.totals(Interval.WEEK, Set.of("S1"), from, to)))).isEqualTo(before + 1);
      assertThat(await(cached.services())).isEqualTo(await(plain.services()));
    }
  }

  private static long sum(List<io.perceive.ingest.rollup.RollupRepository.BucketTotals> rows) {
    return rows.stream().mapToLong(r -> r.totals().n()).sum();
  }
}
