package io.perceive.ingest.response;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.store.StoreUnavailableException;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.Future;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a process has the store to itself, its sweep looks only at the writes it left
 * unfinished, read by id, never through every answer (the embedded store would read them all):
 * an answer stored whose increments an outage stopped is counted by the next sweep, one that was
 * never stored is forgotten, and once none is left a clean stop may say so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrackedRecoveryTest {

  private static final String SERVICE = "VPN";

  @TempDir Path dataDir;

  /** The real repository, except that chosen inserts fail (after storing, or without) and nothing searches every answer. */
  private static ResponseRepository failing(ResponseRepository real, Set<String> storeThenFail, Set<String> failUnstored) {
    return (ResponseRepository) Proxy.newProxyInstance(
        ResponseRepository.class.getClassLoader(),
        new Class<?>[] {ResponseRepository.class},
        (proxy, method, args) -> {
          if (method.getName().equals("findNotRolledUp")) {
            throw new AssertionError("the sweep searched every answer");
          }
          if (method.getName().equals("insert") && args[0] instanceof SurveyResponse r) {
            if (failUnstored.remove(r.id())) {
              return Future.failedFuture(new StoreUnavailableException("outage before the insert", null));
            }
            if (storeThenFail.remove(r.id())) {
              return real.insert(r).compose(v -> Future.failedFuture(new StoreUnavailableException("outage after the insert", null)));
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static SurveyResponse response(String id, int rating) {
    return new SurveyResponse(
        id, "test", id, SERVICE, rating, null, null, null, id, "Desk", "Ann", true, null, null, Instant.parse("2026-11-16T10:00:00Z"));
  }

  @Test
  void theSweepCountsWhatAnOutageInterruptedAndForgetsWhatNeverArrived() throws Exception {
    try (TestStore store = TestStore.start(dataDir)) {
      MongoResponseRepository real = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
      MongoRollupRepository rollups = new MongoRollupRepository(store.client());
      Set<String> storeThenFail = new java.util.HashSet<>(Set.of("r2"));
      Set<String> failUnstored = new java.util.HashSet<>(Set.of("r3"));
      IngestService ingest = new IngestService(failing(real, storeThenFail, failUnstored), rollups, ZoneOffset.UTC);

      assertThat(await(ingest.accept(response("r1", 5)))).isEqualTo(IngestService.Outcome.STORED);
      assertThat(ingest.unfinishedWrites()).as("a write that finished").isZero();
      assertThatThrownBy(() -> await(ingest.accept(response("r2", 4)))).hasCauseInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> await(ingest.accept(response("r3", 3)))).hasCauseInstanceOf(StoreUnavailableException.class);
      assertThat(ingest.unfinishedWrites()).as("stored uncounted, and perhaps stored").isEqualTo(2);
      assertThat(counted(rollups)).as("r2's increments never ran").isEqualTo(1);

      // Young: may still be live writes, so the sweep leaves them.
      await(ingest.recoverTracked(Duration.ofDays(1)));
      assertThat(ingest.unfinishedWrites()).isEqualTo(2);
      assertThat(counted(rollups)).isEqualTo(1);

      // Nothing else writes: every tracked write is interrupted.
      await(ingest.recoverTracked());
      assertThat(counted(rollups)).as("r2 counted by the sweep").isEqualTo(2);
      assertThat(await(real.findAmong(List.of("r1", "r2", "r3"))))
          .as("r2 marked counted; r3 never stored")
          .extracting(StoredResponse::id, StoredResponse::rolledUp)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("r1", true), org.assertj.core.groups.Tuple.tuple("r2", true));
      assertThat(ingest.unfinishedWrites()).as("nothing left: a clean stop may say so").isZero();

      // A retry of an answer counted before is not taken as unfinished.
      assertThat(await(ingest.accept(response("r1", 5)))).isEqualTo(IngestService.Outcome.ALREADY_STORED);
      assertThat(ingest.unfinishedWrites()).isZero();
      assertThat(counted(rollups)).isEqualTo(2);
    }
  }

  private static long counted(MongoRollupRepository rollups) throws Exception {
    return await(rollups.totals(Interval.DAY, Set.of(SERVICE), 0, Long.MAX_VALUE)).stream().mapToLong(b -> b.totals().n()).sum();
  }
}
