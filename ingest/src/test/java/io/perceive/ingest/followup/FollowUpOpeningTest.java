package io.perceive.ingest.followup;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.StoreUnavailableException;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One follow-up per unhappy answer, whichever way the answer gets in: a write interrupted before
 * its follow-up was opened gets it from the client's retry or from recovery, and neither ever
 * opens a second.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FollowUpOpeningTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-04-15T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private TestStore store;
  private MongoResponseRepository responses;
  private MongoRollupRepository rollups;
  private MongoFollowUpRepository followUps;

  @BeforeEach
  void start() throws Exception {
    store = TestStore.start(dir);
    responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    rollups = new MongoRollupRepository(store.client());
    followUps = new MongoFollowUpRepository(store.client(), CLOCK, Duration.ofDays(30), false);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  @Test
  void aRetryOpensTheFollowUpAnInterruptedWriteDidNot() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // The store goes away just as the first try would open the follow-up.
    FollowUpOpener flaky = answers -> calls.incrementAndGet() == 1
        ? Future.failedFuture(new StoreUnavailableException("store unreachable", null))
        : followUps.open(answers);
    IngestService ingest = service(flaky);
    SurveyResponse unhappy = response("r1", 1);
    Throwable failed = ingest.accept(unhappy).toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(30, TimeUnit.SECONDS);
    assertThat(failed).as("the first try failed").isNotNull();
    assertThat(count()).isZero();
    assertThat(await(ingest.accept(unhappy))).isEqualTo(IngestService.Outcome.ALREADY_STORED);
    assertThat(count()).isEqualTo(1);
    await(ingest.accept(unhappy));
    await(ingest.recoverRollups());
    assertThat(count()).as("never a second one").isEqualTo(1);
  }

  @Test
  void recoveryOpensTheFollowUpOfAnAnswerStoredBeforeACrash() throws Exception {
    // Stored, then the process died: not counted, no follow-up.
    await(responses.insert(response("r2", 2)));
    await(responses.insert(response("r3", 5)));
    assertThat(count()).isZero();
    IngestService ingest = service(followUps);
    assertThat(await(ingest.recoverRollups())).isEqualTo(1);
    List<JsonObject> opened = await(followUps.list(new MongoFollowUpRepository.Query(0, Long.MAX_VALUE, null, Set.of(), 0)));
    assertThat(opened).extracting(f -> f.getString("_id")).containsExactly("r2");
    assertThat(opened.get(0).getString("reason")).isEqualTo("rating");
    assertThat(opened.get(0).getString("ticketId")).isEqualTo("T-r2");
    await(ingest.accept(response("r2", 2)));
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void oldAnswersOpenNone() throws Exception {
    SurveyResponse old = new SurveyResponse(
        "r4", "test", "r4", "VPN", 1, null, null, null, "T-r4", "Network", "Omar F.", null, null, null,
        CLOCK.instant().minus(Duration.ofDays(31)));
    await(service(followUps).accept(old));
    assertThat(count()).isZero();
  }

  private IngestService service(FollowUpOpener opener) {
    return new IngestService(responses, rollups, ZoneOffset.UTC, Durability.NONE, () -> {}, Optional.empty(), opener);
  }

  private long count() throws Exception {
    return await(store.client().count(MongoFollowUpRepository.COLLECTION, new JsonObject()));
  }

  private static SurveyResponse response(String id, int rating) {
    return new SurveyResponse(
        id, "test", id, "VPN", rating, null, null, null, "T-" + id, "Network", "Omar F.", null, null, null,
        CLOCK.instant().minus(Duration.ofDays(1)));
  }
}
