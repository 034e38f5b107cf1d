package io.perceive.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One instance at a time runs a job; the others take over once its lease has run out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobLeasesTest {

  private static final Duration TTL = Duration.ofMinutes(3);

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    private Instant now = Instant.parse("2027-04-15T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void theHolderRunsAndRenewsTheOthersSkipUntilItsLeaseRunsOut(@TempDir Path dir) throws Exception {
    try (TestStore store = TestStore.start(dir)) {
      Hands clock = new Hands();
      JobLeases a = new JobLeases(store.client(), "a", clock);
      JobLeases b = new JobLeases(store.client(), "b", clock);
      AtomicInteger runsOfA = new AtomicInteger();
      AtomicInteger runsOfB = new AtomicInteger();

      assertThat(TestStore.await(a.runIfHeld("sweep", TTL, () -> Future.succeededFuture(runsOfA.incrementAndGet())))).contains(1);
      assertThat(TestStore.await(b.runIfHeld("sweep", TTL, () -> Future.succeededFuture(runsOfB.incrementAndGet())))).isEmpty();
      // Another job has a lease of its own.
      assertThat(TestStore.await(b.take("purge", TTL))).isTrue();

      // a renews on each run, so b still cannot take it just after a's first lease would have ended.
      clock.now = clock.now.plus(Duration.ofMinutes(2));
      assertThat(TestStore.await(a.take("sweep", TTL))).isTrue();
      clock.now = clock.now.plus(Duration.ofMinutes(2));
      assertThat(TestStore.await(b.take("sweep", TTL))).isFalse();

      // a stops renewing (it died): once its lease has run out, b takes over and a is out.
      clock.now = clock.now.plus(TTL);
      assertThat(TestStore.await(b.runIfHeld("sweep", TTL, () -> Future.succeededFuture(runsOfB.incrementAndGet())))).contains(1);
      assertThat(TestStore.await(a.take("sweep", TTL))).isFalse();
      JsonObject lease = TestStore.await(store.client().findOne(JobLeases.COLLECTION, new JsonObject().put("_id", "sweep"), null));
      assertThat(lease.getString("owner")).isEqualTo("b");
      assertThat(runsOfA).hasValue(1);
    }
  }

  @Test
  void ofManyInstancesRacingForAFreeOrExpiredLeaseExactlyOneWins(@TempDir Path dir) throws Exception {
    try (TestStore store = TestStore.start(dir)) {
      Hands clock = new Hands();
      for (int round = 0; round < 2; round++) {
        // Round 0: no lease yet (inserts race); round 1: an expired one (updates race).
        List<Future<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          takes.add(new JobLeases(store.client(), "instance-" + round + "-" + i, clock).take("sweep", TTL));
        }
        TestStore.await(Future.join(takes));
        assertThat(takes.stream().filter(Future::result).count()).as("round %d", round).isEqualTo(1);
        clock.now = clock.now.plus(TTL).plusSeconds(1);
      }
      assertThat(Optional.ofNullable(TestStore.await(store.client().count(JobLeases.COLLECTION, new JsonObject())))).contains(1L);
    }
  }
}
