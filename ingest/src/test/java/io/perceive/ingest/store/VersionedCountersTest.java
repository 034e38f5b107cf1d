package io.perceive.ingest.store;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.UpdateOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VersionedCountersTest {

  private static final String COLLECTION = "counters";

  @TempDir Path dataDir;
  private TestStore store;

  @BeforeEach
  void start() throws Exception {
    store = TestStore.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  private void increment(String id, int by) throws Exception {
    await(store.client().updateCollectionWithOptions(
        COLLECTION, new JsonObject().put("_id", id),
        VersionedCounters.increment(new JsonObject().put("n", by), new JsonObject().put("key", id)),
        new UpdateOptions(true)));
  }

  private long n(String id) throws Exception {
    return await(store.client().findOne(COLLECTION, new JsonObject().put("_id", id), null)).getLong("n");
  }

  private Long version(String id) throws Exception {
    return await(VersionedCounters.versions(store.client(), COLLECTION, List.of(id))).get(id);
  }

  private boolean replace(String id, Long version, long n) throws Exception {
    return await(VersionedCounters.replaceIfUnchanged(
        store.client(), COLLECTION, id, version, new JsonObject().put("key", id).put("n", n)));
  }

  @Test
  void aReplacementLandsOnlyOnTheVersionItWasCountedAgainst() throws Exception {
    increment("a", 1);
    Long counted = version("a");
    assertThat(counted).isEqualTo(1);
    // Another instance's increment between the count and the replacement.
    increment("a", 1);
    assertThat(replace("a", counted, 5)).as("stale count").isFalse();
    assertThat(n("a")).as("the increment is kept").isEqualTo(2);

    Long fresh = version("a");
    assertThat(replace("a", fresh, 7)).isTrue();
    assertThat(n("a")).isEqualTo(7);
    assertThat(replace("a", fresh, 9)).as("that version is used up").isFalse();
    increment("a", 1);
    assertThat(n("a")).as("later increments add to the recount").isEqualTo(8);
  }

  @Test
  void aBulkReplacementLandsWhereVersionsHeldAndMissesWhereOneMoved() throws Exception {
    increment("a", 1);
    increment("b", 1);
    Long a = version("a");
    Long b = version("b");
    // Another instance's increment on b, and a document c created, after the count.
    increment("b", 1);
    increment("c", 4);
    List<VersionedCounters.Replacement> all = new java.util.ArrayList<>();
    all.add(new VersionedCounters.Replacement("a", a, new JsonObject().put("key", "a").put("n", 10)));
    all.add(new VersionedCounters.Replacement("b", b, new JsonObject().put("key", "b").put("n", 20)));
    all.add(new VersionedCounters.Replacement("c", null, new JsonObject().put("key", "c").put("n", 30)));
    all.add(new VersionedCounters.Replacement("d", null, new JsonObject().put("key", "d").put("n", 40)));
    // More than one bulk write's worth, so the misses are counted per chunk.
    for (int i = 0; i < VersionedCounters.BULK + 5; i++) {
      all.add(new VersionedCounters.Replacement("z" + i, null, new JsonObject().put("key", "z").put("n", i)));
    }
    assertThat(await(VersionedCounters.replaceAll(store.client(), COLLECTION, all, true)))
        .hasSize(all.size() - 2)
        .contains("a", "d", "z0", "z" + (VersionedCounters.BULK + 4))
        .doesNotContain("b", "c");
    assertThat(n("a")).isEqualTo(10);
    assertThat(n("b")).as("the increment is kept").isEqualTo(2);
    assertThat(n("c")).isEqualTo(4);
    assertThat(n("d")).isEqualTo(40);

    // Unguarded (a process with the store to itself): every replacement lands.
    assertThat(await(VersionedCounters.replaceAll(store.client(), COLLECTION, all.subList(0, 4), false))).hasSize(4);
    assertThat(n("b")).isEqualTo(20);
  }

  @Test
  void aDocumentCreatedAfterTheCountIsNotOverwritten() throws Exception {
    assertThat(version("b")).as("no document yet").isNull();
    increment("b", 3);
    assertThat(replace("b", null, 1)).isFalse();
    assertThat(n("b")).isEqualTo(3);
    assertThat(replace("c", null, 4)).as("still absent: created").isTrue();
    assertThat(n("c")).isEqualTo(4);
  }

  @Test
  void documentsFromBeforeVersionsCountAsVersionZero() throws Exception {
    await(store.client().insert(COLLECTION, new JsonObject().put("_id", "old").put("n", 2)));
    Map<String, Long> versions = await(VersionedCounters.versions(store.client(), COLLECTION, List.of("old", "none")));
    assertThat(versions).containsExactly(Map.entry("old", 0L));
    assertThat(replace("old", 0L, 6)).isTrue();
    assertThat(n("old")).isEqualTo(6);
    assertThat(version("old")).isEqualTo(1);
  }

  @Test
  void aMissedTryIsRepeatedABusyOneIsNot() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    VersionedCounters.Outcome outcome =
        await(VersionedCounters.retry(() -> Future.succeededFuture(
            tries.incrementAndGet() < 3 ? VersionedCounters.Outcome.MISSED : VersionedCounters.Outcome.DONE)));
    assertThat(outcome).isEqualTo(VersionedCounters.Outcome.DONE);
    assertThat(tries).hasValue(3);

    tries.set(0);
    outcome = await(VersionedCounters.retry(() -> {
      tries.incrementAndGet();
      return Future.succeededFuture(VersionedCounters.Outcome.BUSY);
    }));
    assertThat(outcome).isEqualTo(VersionedCounters.Outcome.BUSY);
    assertThat(tries).hasValue(1);

    tries.set(0);
    outcome = await(VersionedCounters.retry(() -> {
      tries.incrementAndGet();
      return Future.succeededFuture(VersionedCounters.Outcome.MISSED);
    }));
    assertThat(outcome).as("gives up after a few").isEqualTo(VersionedCounters.Outcome.MISSED);
    assertThat(tries).hasValue(VersionedCounters.TRIES);
  }
}
