package io.perceive.ingest.response;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.store.MongoStore;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one store: one serves traffic into a service's day while the other sweeps
 * that same day for writes a crash interrupted. Every response must end up counted exactly once,
 * by service and by segment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentRecoveryTest {

  private static final String SERVICE = "VPN";
  private static final String DAY_AT = "2026-11-16T10:00:00Z";

  @TempDir Path dataDir;

  private static SurveyResponse response(String ticket, int rating) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, SERVICE, rating, null, null, null, ticket, "Desk", "Ann",
        true, null, null, Instant.parse(DAY_AT), null, "incident", "Internal IT");
  }

  private static IngestService ingest(MongoClient client) {
    return new IngestService(
        new MongoResponseRepository(client, ZoneOffset.UTC), new MongoRollupRepository(client), ZoneOffset.UTC);
  }

  private static SurveyResponse withId(String id, String service) {
    return new SurveyResponse(
        id, "test", id, service, 4, null, null, null, id, "Desk", "Ann", true, null, null, Instant.parse(DAY_AT));
  }

  @Test
  void aBusyBucketOnTheFirstPageDoesNotHoldUpThePagesAfterIt() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
      MongoRollupRepository rollups = new MongoRollupRepository(store.client());
      IngestService sweeper = ingest(store.client());
      sweeper.recoveryBatch = 2;
      // Writes a crash left uncounted: two in a VPN day, whose ids come first, three in an Email day.
      for (String id : List.of("r_a1", "r_a2")) {
        await(responses.insert(withId(id, SERVICE)));
      }
      for (String id : List.of("r_b1", "r_b2", "r_b3")) {
        await(responses.insert(withId(id, "Email")));
      }
      Duration grace = Duration.ofMillis(300);
      awaitInterrupted(responses, grace, List.of("r_a1", "r_a2", "r_b1", "r_b2", "r_b3"));
      // Another instance's write into the VPN day, in flight: that bucket is busy.
      await(responses.insert(withId("r_c1", SERVICE)));

      await(sweeper.recoverRollups(grace));

      assertThat(counted(rollups, "Email"))
          .as("the Email day, on the second page, is recounted in the same sweep")
          .isEqualTo(3);
      assertThat(counted(rollups, SERVICE)).as("the busy VPN day waits").isZero();

      awaitInterrupted(responses, grace, List.of("r_c1"));
      await(sweeper.recoverRollups(grace));
      assertThat(counted(rollups, SERVICE)).as("once quiet, the next sweep counts it").isEqualTo(3);
    }
  }

  /** Waits until these uncounted responses are older than the grace: a sweep takes them as interrupted. */
  private static void awaitInterrupted(MongoResponseRepository responses, Duration grace, List<String> ids)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!await(responses.findNotRolledUp(System.currentTimeMillis() - grace.toMillis(), null, 100)).stream()
        .map(StoredResponse::id)
        .toList()
        .containsAll(ids)) {
      assertThat(System.nanoTime()).as("%s older than the grace within 10 s", ids).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static long counted(MongoRollupRepository rollups, String service) throws Exception {
    return await(rollups.totals(Interval.DAY, Set.of(service), 0, Long.MAX_VALUE)).stream()
        .mapToLong(b -> b.totals().n())
        .sum();
  }

  @Test
  void aSweepBesideLiveTrafficOnTheSameBucketCountsEveryResponseOnce() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      MongoStore other = store.connectAnother();
      MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
      MongoRollupRepository rollups = new MongoRollupRepository(store.client());
      IngestService live = ingest(store.client());
      IngestService sweeper = ingest(other.client());
      BucketKey day = live.keyOf(response("x", 5));

      // What a crashed instance left: single responses stored but never counted, and a batch
      // stored under its intent with none of its increments made.
      for (int i = 0; i < 20; i++) {
        await(responses.insert(response("crashed-" + i, i % 5 + 1)));
      }
      await(rollups.recordIntent(List.of(day)));
      List<SurveyResponse> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        batch.add(response("crashed-batch-" + i, 5));
      }
      await(responses.insertEachCounted(batch));
      // The sweep takes a write as interrupted once it is older than the grace, so the grace must
      // outlast any live write (two minutes in production; here a write takes milliseconds).
      Duration grace = Duration.ofSeconds(3);
      long traffic = System.currentTimeMillis() + grace.toMillis();
      while (System.currentTimeMillis() < traffic) {
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
      }

      ExecutorService threads = Executors.newFixedThreadPool(5);
      AtomicBoolean trafficDone = new AtomicBoolean();
      AtomicInteger sweeps = new AtomicInteger();
      try {
        List<Future<?>> streams = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
          int stream = s;
          streams.add(threads.submit(() -> {
            for (int i = 0; i < 40; i++) {
              String ticket = "live-" + stream + "-" + i;
              if (i % 8 == 0) {
                await(live.acceptBatch(List.of(response(ticket + "a", 2), response(ticket + "b", 4))));
              } else {
                await(live.accept(response(ticket, i % 5 + 1)));
              }
              if (i % 5 == 0) {
                await(live.revise(ResponseIds.of("test", "crashed-" + (i % 20)), (i + stream) % 5 + 1, false, null));
              }
            }
            return null;
          }));
        }
        Future<?> sweeping = threads.submit(() -> {
          while (!trafficDone.get()) {
            await(sweeper.recoverRollups(grace));
            sweeps.incrementAndGet();
          }
          return null;
        });
        for (Future<?> f : streams) {
          f.get(90, TimeUnit.SECONDS);
        }
        trafficDone.set(true);
        sweeping.get(30, TimeUnit.SECONDS);
      } finally {
        threads.shutdownNow();
      }
      assertThat(sweeps.get()).as("sweeps raced the traffic").isPositive();

      // Quiet now: what the racing sweeps left for later is recounted by the next ones.
      for (int i = 0; i < 5 && !settled(store.client()); i++) {
        await(sweeper.recoverRollups(grace));
      }
      assertThat(settled(store.client())).as("no interrupted write left").isTrue();

      List<StoredResponse> docs = await(responses.findInBucket(SERVICE, day.day()));
      assertThat(docs).hasSize(20 + 10 + 4 * 40 + 4 * 5);
      long satisfied = docs.stream().filter(d -> d.rating() >= 4).count();
      Totals service = await(rollups.totals(Interval.DAY, Set.of(SERVICE), 0, Long.MAX_VALUE)).get(0).totals();
      assertThat(service.n()).as("every response once").isEqualTo(docs.size());
      assertThat(service.satisfied()).isEqualTo(satisfied);
      for (RollupRepository.Segment kind : RollupRepository.Segment.values()) {
        Totals segment = await(rollups.segmentTotals(kind, 0, Long.MAX_VALUE)).get(0).totals();
        assertThat(segment.n()).as(kind + " once each").isEqualTo(docs.size());
        assertThat(segment.satisfied()).isEqualTo(satisfied);
      }
      await(other.close());
    }
  }

  private static boolean settled(MongoClient client) throws Exception {
    return await(client.count(MongoRollupRepository.INTENTS, new JsonObject())) == 0
        && await(client.count(MongoResponseRepository.COLLECTION, new JsonObject().put("rolledUp", false))) == 0;
  }
}
