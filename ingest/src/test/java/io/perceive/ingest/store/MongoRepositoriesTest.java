package io.perceive.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.Outcome;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.rollup.RollupRepository.SegmentTotals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The repositories against the embedded H2-backed server over TCP, as in production. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoRepositoriesTest {

  @TempDir Path dataDir;
  private TestStore fixture;
  private MongoStore store;

  @BeforeEach
  void start() throws Exception {
    fixture = TestStore.start(dataDir);
    store = fixture.store();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  static SurveyResponse response(String ticket, String service, int rating, Integer nps, String at) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, service, rating, nps, null,
        rating < 3 ? "slow" : null, ticket, "group", "agent", true, null, null, Instant.parse(at));
  }

  private IngestService ingest() {
    return new IngestService(
        new MongoResponseRepository(store.client(), ZoneOffset.UTC),
        new MongoRollupRepository(store.client()),
        ZoneOffset.UTC);
  }

  @Test
  void storesOnceAndCountsInTheRollup() throws Exception {
    IngestService ingest = ingest();
    SurveyResponse first = response("T1", "VPN", 5, 10, "2026-11-16T10:00:00Z");
    assertThat(await(ingest.accept(first))).isEqualTo(Outcome.STORED);
    assertThat(await(ingest.accept(first))).isEqualTo(Outcome.ALREADY_STORED);
    assertThat(await(ingest.accept(response("T2", "VPN", 2, 3, "2026-11-18T10:00:00Z"))))
        .isEqualTo(Outcome.STORED);
    assertThat(await(ingest.accept(response("T3", "Email", 4, null, "2026-11-18T11:00:00Z"))))
        .isEqualTo(Outcome.STORED);

    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    assertThat(await(responses.count())).isEqualTo(3);

    List<BucketTotals> weeks =
        await(new MongoRollupRepository(store.client()).totals(Interval.WEEK, Set.of("VPN"), 0, Long.MAX_VALUE));
    assertThat(weeks).hasSize(1);
    BucketTotals vpn = weeks.get(0);
    assertThat(vpn.service()).isEqualTo("VPN");
    assertThat(vpn.bucketStart()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z").toEpochMilli());
    assertThat(vpn.totals().n()).isEqualTo(2);
    assertThat(vpn.totals().satisfied()).isEqualTo(1);
    assertThat(vpn.totals().promoters()).isEqualTo(1);
    assertThat(vpn.totals().detractors()).isEqualTo(1);
    assertThat(vpn.totals().comments()).isEqualTo(1);

    List<BucketTotals> days =
        await(new MongoRollupRepository(store.client()).totals(Interval.DAY, Set.of(), 0, Long.MAX_VALUE));
    assertThat(days).extracting(BucketTotals::service).containsExactly("VPN", "Email", "VPN");
    assertThat(await(new MongoRollupRepository(store.client()).services()))
        .containsExactly("Email", "VPN");
  }

  @Test
  void dataSurvivesARestartOfTheEmbeddedStore() throws Exception {
    await(ingest().accept(response("T1", "VPN", 5, null, "2026-11-16T10:00:00Z")));
    fixture.restart();
    store = fixture.store();
    assertThat(await(new MongoResponseRepository(store.client(), ZoneOffset.UTC).count())).isEqualTo(1);
    assertThat(await(ingest().accept(response("T1", "VPN", 5, null, "2026-11-16T10:00:00Z"))))
        .isEqualTo(Outcome.ALREADY_STORED);
  }

  @Test
  void commentTextPastItsRetentionIsPurgedWhileRatingsScoresAndRollupsStay() throws Exception {
    IngestService ingest = ingest();
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    SurveyResponse old = response("R1", "Retain", 2, null, "2026-01-10T10:00:00Z");
    SurveyResponse recent = response("R2", "Retain", 1, null, "2026-11-20T10:00:00Z");
    SurveyResponse unscored = response("R3", "Retain", 2, null, "2026-01-11T10:00:00Z");
    for (SurveyResponse r : List.of(old, recent, unscored)) {
      assertThat(await(ingest.accept(r))).isEqualTo(Outcome.STORED);
    }
    io.vertx.core.json.JsonObject score =
        new io.vertx.core.json.JsonObject()
            .put("sentiment", new io.vertx.core.json.JsonObject().put("score", -0.6).put("label", "negative"))
            .put("sentences", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject().put("text", "slow").put("score", -0.6)));
    await(responses.storeScore(old.id(), "slow", score));
    await(responses.storeScore(recent.id(), "slow", score));
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    List<BucketTotals> before = await(rollups.totals(Interval.DAY, Set.of("Retain"), 0, Long.MAX_VALUE));

    java.time.Clock now = java.time.Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    io.perceive.ingest.response.CommentRetention retention =
        new io.perceive.ingest.response.CommentRetention(responses, io.perceive.ingest.store.Durability.NONE, java.time.Duration.ofDays(180), now);
    assertThat(await(retention.purge())).isEqualTo(1);
    assertThat(await(retention.purge())).as("a second run finds nothing").isZero();

    io.vertx.core.json.JsonObject purged = await(store.client().findOne("responses", new io.vertx.core.json.JsonObject().put("_id", old.id()), null));
    assertThat(purged.getString("comment")).isEqualTo(io.perceive.ingest.response.CommentRetention.PURGED);
    assertThat(purged.getInteger("rating")).isEqualTo(2);
    assertThat(purged.getJsonObject("score").getJsonObject("sentiment").getDouble("score")).isEqualTo(-0.6);
    assertThat(purged.getJsonObject("score").containsKey("sentences")).as("the sentences are comment text too").isFalse();
    assertThat(await(store.client().findOne("responses", new io.vertx.core.json.JsonObject().put("_id", recent.id()), null)).getString("comment"))
        .isEqualTo("slow");
    assertThat(await(store.client().findOne("responses", new io.vertx.core.json.JsonObject().put("_id", unscored.id()), null)).getString("comment"))
        .as("unscored: kept until the scorer has counted it").isEqualTo("slow");

    assertThat(await(rollups.totals(Interval.DAY, Set.of("Retain"), 0, Long.MAX_VALUE))).isEqualTo(before);
    await(ingest.recountAll(null, n -> {}));
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Retain"), 0, Long.MAX_VALUE)))
        .as("a full recount agrees: a purged comment still counts as a comment")
        .isEqualTo(before);
  }

  static <T> T await(Future<T> future) throws Exception {
    return TestStore.await(future);
  }

  @Test
  void aBatchStoresNewOnesOnceAndCountsOnlyThoseEvenWithRepeats() throws Exception {
    IngestService ingest = ingest();
    SurveyResponse a = response("B1", "Batch", 5, null, "2026-11-16T10:00:00Z");
    SurveyResponse b = response("B2", "Batch", 1, null, "2026-11-16T11:00:00Z");
    SurveyResponse c = response("B3", "Batch", 4, null, "2026-11-17T11:00:00Z");
    assertThat(await(ingest.accept(a))).isEqualTo(Outcome.STORED);
    List<Outcome> outcomes = await(ingest.acceptBatch(List.of(a, b, c, b)));
    assertThat(outcomes).containsExactly(Outcome.ALREADY_STORED, Outcome.STORED, Outcome.STORED, Outcome.ALREADY_STORED);
    assertThat(await(ingest.acceptBatch(List.of(a, b, c)))).containsOnly(Outcome.ALREADY_STORED);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    List<BucketTotals> totals = await(rollups.totals(Interval.MONTH, Set.of("Batch"), 0, Long.MAX_VALUE));
    assertThat(totals).hasSize(1);
    assertThat(totals.get(0).totals().n()).isEqualTo(3);
    assertThat(await(store.client().count("responses", new io.vertx.core.json.JsonObject().put("rolledUp", false)))).isZero();
  }

  @Test
  void commentsAreRedactedBeforeTheyAreStored() throws Exception {
    SurveyResponse r =
        new SurveyResponse(
            ResponseIds.of("test", "P1"), "test", "P1", "Privacy", 2, null, null,
            "call me on +44 20 7946 0958 or mail a.b@example.org", null, null, null, null, null, null,
            Instant.parse("2026-11-16T10:00:00Z"));
    await(ingest().accept(r));
    io.vertx.core.json.JsonObject stored = await(store.client().findOne("responses", new io.vertx.core.json.JsonObject().put("_id", r.id()), null));
    assertThat(stored.getString("comment")).isEqualTo("call me on [phone] or mail [email]");
  }

  @Test
  void recoveryRecountsBucketsLeftHalfWayByACrashExactlyOnce() throws Exception {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    SurveyResponse counted = response("C1", "Crash", 5, null, "2026-11-16T10:00:00Z");
    assertThat(await(ingest.accept(counted))).isEqualTo(Outcome.STORED);
    // crash after the insert, before the increment
    SurveyResponse notCounted = response("C2", "Crash", 1, null, "2026-11-16T11:00:00Z");
    await(responses.insert(notCounted));
    // crash after the increment, before the mark
    SurveyResponse countedNotMarked = response("C3", "Crash", 4, null, "2026-11-16T12:00:00Z");
    await(responses.insert(countedNotMarked));
    await(rollups.add(ingest.keyOf(countedNotMarked), io.perceive.analytics.rollup.Totals.of(4, null, null, false)));

    assertThat(await(ingest.recoverRollups())).isEqualTo(1);
    assertThat(await(ingest.recoverRollups())).as("a second run finds nothing").isZero();
    List<BucketTotals> totals = await(rollups.totals(Interval.DAY, Set.of("Crash"), 0, Long.MAX_VALUE));
    assertThat(totals).hasSize(1);
    assertThat(totals.get(0).totals().n()).isEqualTo(3);
    assertThat(totals.get(0).totals().satisfied()).isEqualTo(2);
  }

  @Test
  void writesAnOutageInterruptedAreRecountedOnceAfterTheGracePeriod() throws Exception {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    // The store went away after the insert, before the increment...
    await(responses.insert(response("S1", "Stale", 5, null, "2026-11-16T10:00:00Z")));
    // ...and after the increment, before the mark: counting it again would count it twice.
    SurveyResponse countedNotMarked = response("S2", "Stale", 4, null, "2026-11-16T11:00:00Z");
    await(responses.insert(countedNotMarked));
    await(rollups.add(ingest.keyOf(countedNotMarked), io.perceive.analytics.rollup.Totals.of(4, null, null, false)));

    assertThat(await(ingest.recoverRollups(java.time.Duration.ofMinutes(5)))).as("too young: maybe live").isZero();
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Stale"), 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(1);
    assertThat(await(ingest.recoverRollups(java.time.Duration.ofSeconds(-1)))).isEqualTo(1);
    assertThat(await(ingest.recoverRollups(java.time.Duration.ofSeconds(-1)))).as("nothing left").isZero();
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Stale"), 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(2);
  }

  @Test
  void aSweepLeavesABucketAloneWhileAnotherWriteIsInFlightOnIt() throws Exception {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    SurveyResponse interrupted = response("B1", "Busy", 5, null, "2026-11-16T10:00:00Z");
    await(responses.insert(interrupted));
    RollupRepository.BucketKey day = ingest.keyOf(interrupted);
    // The sweep takes what was stored before the cutoff as interrupted, and what came after as live.
    long cutoff = cutoff();
    // Another instance, halfway through a batch on the same bucket: intent recorded, response
    // stored, increment not made yet. A recount now would count it, and its increment after.
    String live = await(rollups.recordIntent(List.of(day)));
    await(responses.insertEachCounted(List.of(response("B2", "Busy", 4, null, "2026-11-16T11:00:00Z"))));

    java.time.Duration grace = java.time.Duration.ofMillis(System.currentTimeMillis() - cutoff);
    assertThat(await(ingest.recoverRollups(grace))).as("left to the next sweep").isZero();
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Busy"), 0, Long.MAX_VALUE))).isEmpty();

    // The batch finishes: its increment lands, its intent goes. The next sweep recounts.
    await(rollups.add(day, io.perceive.analytics.rollup.Totals.of(4, null, null, false)));
    await(rollups.clearIntent(live));
    assertThat(await(ingest.recoverRollups(java.time.Duration.ofSeconds(-1)))).isEqualTo(1);
    io.perceive.analytics.rollup.Totals t = await(rollups.totals(Interval.DAY, Set.of("Busy"), 0, Long.MAX_VALUE)).get(0).totals();
    assertThat(t.n()).as("each once").isEqualTo(2);
    assertThat(t.satisfied()).isEqualTo(2);
  }

  private static SurveyResponse staffed(String ticket, String service, String group, String agent) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, service, 5, null, null, null, ticket, group, agent, true,
        null, null, Instant.parse("2026-11-16T10:00:00Z"));
  }

  /** Waits until the clock has passed a cutoff taken now, and returns the cutoff. */
  private static long cutoff() {
    long cutoff = System.currentTimeMillis() + 1;
    while (System.currentTimeMillis() <= cutoff) {
      Thread.onSpinWait();
    }
    return cutoff;
  }

  @Test
  void aSegmentRecountWaitsOnlyForWritesNamingThatSegment() throws Exception {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    SurveyResponse interrupted = staffed("A1", "Seg", "Desk A", "Ann");
    await(responses.insert(interrupted));
    RollupRepository.BucketKey day = ingest.keyOf(interrupted);
    RollupRepository.BucketKey otherService = new RollupRepository.BucketKey("Other", day.day(), day.dayStart(), day.weekStart(), day.monthStart());
    long first = cutoff();
    // Another instance is writing the same day for another service, desk and agent.
    String elsewhere = await(rollups.recordIntent(List.of(otherService), Set.of(
        RollupRepository.SegmentKey.of(RollupRepository.Segment.GROUP, "Desk B", day).id(),
        RollupRepository.SegmentKey.of(RollupRepository.Segment.AGENT, "Bob", day).id())));
    assertThat(await(ingest.recoverRollups(java.time.Duration.ofMillis(System.currentTimeMillis() - first))))
        .as("nothing in flight on Seg, Desk A or Ann")
        .isEqualTo(1);
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(1);

    await(responses.insert(staffed("A2", "Seg", "Desk A", "Ann")));
    long second = cutoff();
    // Now a write in flight on Desk A, from another service's batch.
    String sameDesk = await(rollups.recordIntent(List.of(otherService), Set.of(
        RollupRepository.SegmentKey.of(RollupRepository.Segment.GROUP, "Desk A", day).id())));
    assertThat(await(ingest.recoverRollups(java.time.Duration.ofMillis(System.currentTimeMillis() - second))))
        .as("Desk A is being written")
        .isZero();
    await(rollups.clearIntent(sameDesk));
    await(rollups.clearIntent(elsewhere));
    assertThat(await(ingest.recoverRollups(java.time.Duration.ofSeconds(-1)))).isEqualTo(1);
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(2);
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Seg"), 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(2);
  }

  @Test
  void aFullRecountRebuildsEveryRollupAndLeavesWhatIsBeingWritten() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    await(ingest.acceptBatch(List.of(
        response("F1", "Full", 5, null, "2026-11-16T10:00:00Z"), response("F2", "Full", 2, null, "2026-11-16T11:00:00Z"),
        response("O1", "Other", 4, null, "2026-11-16T12:00:00Z"), response("F3", "Full", 4, null, "2026-11-17T10:00:00Z"))));
    // Rollups lost (or never kept by an older version).
    await(store.client().removeDocuments(MongoRollupRepository.COLLECTION, new JsonObject()));
    await(store.client().removeDocuments(MongoRollupRepository.SEGMENTS, new JsonObject()));
    // Another instance is writing Other's 16th: that bucket, and the 16th's group and agent, wait.
    String live = await(rollups.recordIntent(List.of(ingest.keyOf(response("O2", "Other", 1, null, "2026-11-16T13:00:00Z")))));

    IngestService.RecountReport report = await(ingest.recountAll(java.time.Duration.ofMinutes(2), read -> {}));
    assertThat(report).isEqualTo(new IngestService.RecountReport(7, 4, 3, 4));
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Full"), 0, Long.MAX_VALUE)))
        .extracting(b -> b.totals().n())
        .containsExactly(2L, 1L);
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Other"), 0, Long.MAX_VALUE))).isEmpty();
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals().n())
        .as("the 17th only")
        .isEqualTo(1);

    await(rollups.clearIntent(live));
    assertThat(await(ingest.recountAll(null, read -> {}))).isEqualTo(new IngestService.RecountReport(7, 7, 0, 4));
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Other"), 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(1);
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(4);
  }

  @Test
  void aBatchInterruptedAfterItsIntentIsRecountedAtStart() throws Exception {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    SurveyResponse before = response("I0", "Intent", 5, null, "2026-11-16T09:00:00Z");
    assertThat(await(ingest.accept(before))).isEqualTo(Outcome.STORED);
    // crash: intent recorded and responses stored (marked counted), increments never made
    SurveyResponse a = response("I1", "Intent", 1, null, "2026-11-16T10:00:00Z");
    SurveyResponse b = response("I2", "Intent", 4, null, "2026-11-17T10:00:00Z");
    await(rollups.recordIntent(List.of(ingest.keyOf(a), ingest.keyOf(b))));
    await(responses.insertEachCounted(List.of(a, b)));

    assertThat(await(ingest.recoverRollups())).isEqualTo(2);
    assertThat(await(rollups.pendingIntents())).isEmpty();
    assertThat(await(ingest.recoverRollups())).isZero();
    List<BucketTotals> totals = await(rollups.totals(Interval.MONTH, Set.of("Intent"), 0, Long.MAX_VALUE));
    assertThat(totals.get(0).totals().n()).isEqualTo(3);
    assertThat(totals.get(0).totals().satisfied()).isEqualTo(2);
  }

  @Test
  void aRevisionMovesTheRollupAndWaitsForDurability() throws Exception {
    java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
    Durability counting = () -> {
      syncs.incrementAndGet();
      return Future.succeededFuture();
    };
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    java.util.concurrent.atomic.AtomicInteger wakes = new java.util.concurrent.atomic.AtomicInteger();
    IngestService ingest =
        new IngestService(
            new MongoResponseRepository(store.client(), ZoneOffset.UTC), rollups, ZoneOffset.UTC, counting, wakes::incrementAndGet);
    SurveyResponse r = response("R1", "Revise", 2, null, "2026-11-16T10:00:00Z");
    await(ingest.accept(r));
    int afterAccept = syncs.get();
    int wokenByAccept = wakes.get();

    io.perceive.ingest.response.Revision revision = await(ingest.revise(r.id(), 5, true, "Fixed after all"));
    assertThat(revision.changed()).isTrue();
    assertThat(syncs.get()).as("a revision is acknowledged only once durable").isEqualTo(afterAccept + 1);
    assertThat(wakes.get()).as("the new comment wakes the scorer").isEqualTo(wokenByAccept + 1);
    await(ingest.setLostMinutes(r.id(), 30));
    assertThat(syncs.get()).as("so is the lost-time answer").isEqualTo(afterAccept + 2);

    BucketTotals bucket = await(rollups.totals(Interval.DAY, Set.of("Revise"), 0, Long.MAX_VALUE)).get(0);
    assertThat(bucket.totals().n()).isEqualTo(1);
    assertThat(bucket.totals().satisfied()).isEqualTo(1);
    assertThat(bucket.totals().asMap().get("comments")).isEqualTo(1L);
    assertThat(await(rollups.pendingIntents())).isEmpty();
    assertThat(await(ingest.revise(ResponseIds.of("test", "nobody"), 4, false, null))).isNull();
    assertThat(await(rollups.pendingIntents())).isEmpty();
  }

  @Test
  void aRevisionInterruptedBeforeItsRollupDeltaIsRecountedAtStart() throws Exception {
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    SurveyResponse r = response("R2", "Crash", 1, null, "2026-11-16T10:00:00Z");
    await(new IngestService(responses, rollups, ZoneOffset.UTC).accept(r));
    // The store goes away after the answer changed and before the rollup moved.
    RollupRepository failingAdd =
        (RollupRepository)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RollupRepository.class},
                (proxy, method, args) ->
                    method.getName().equals("add")
                        ? Future.failedFuture(new StoreUnavailableException("gone", null))
                        : method.invoke(rollups, args));
    IngestService crashing = new IngestService(responses, failingAdd, ZoneOffset.UTC);
    assertThat(crashing.revise(r.id(), 5, false, null).toCompletionStage().toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(30));
    assertThat(await(responses.find(r.id())).rating()).isEqualTo(5);
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Crash"), 0, Long.MAX_VALUE)).get(0).totals().satisfied())
        .as("the rollup still counts the old rating")
        .isZero();

    assertThat(await(new IngestService(responses, rollups, ZoneOffset.UTC).recoverRollups())).isEqualTo(1);
    BucketTotals bucket = await(rollups.totals(Interval.DAY, Set.of("Crash"), 0, Long.MAX_VALUE)).get(0);
    assertThat(bucket.totals().n()).isEqualTo(1);
    assertThat(bucket.totals().satisfied()).isEqualTo(1);
    assertThat(await(rollups.pendingIntents())).isEmpty();
  }

  @Test
  void groupsAndAgentsAreCountedLikeServicesAndRecountedAfterACrash() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    await(ingest.accept(response("G1", "VPN", 5, null, "2026-11-16T10:00:00Z")));
    await(ingest.acceptBatch(List.of(
        response("G2", "Email", 1, null, "2026-11-16T11:00:00Z"),
        response("G3", "VPN", 4, null, "2026-11-17T09:00:00Z"))));
    List<RollupRepository.SegmentTotals> groups = await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE));
    assertThat(groups).extracting(RollupRepository.SegmentTotals::name).containsExactly("group");
    assertThat(groups.get(0).totals().n()).isEqualTo(3);
    assertThat(groups.get(0).totals().satisfied()).isEqualTo(2);
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.AGENT, 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(3);

    await(ingest.revise(ResponseIds.of("test", "G2"), 5, false, null));
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals().satisfied())
        .as("a revision moves the segment too")
        .isEqualTo(3);

    // A crash lost the 16th's group increment; the batch's intent names the VPN bucket of that day.
    RollupRepository.BucketKey vpn16 = ingest.keyOf(response("G1", "VPN", 5, null, "2026-11-16T10:00:00Z"));
    RollupRepository.SegmentKey group16 = RollupRepository.SegmentKey.of(RollupRepository.Segment.GROUP, "group", vpn16);
    assertThat(await(rollups.replaceSegment(group16, Totals.ZERO, await(rollups.segmentVersion(group16))))).isTrue();
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals().n()).isEqualTo(1);
    await(rollups.recordIntent(List.of(vpn16)));
    assertThat(await(ingest.recoverRollups())).isEqualTo(1);
    RollupRepository.SegmentTotals group = await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0);
    assertThat(group.totals().n()).as("recounted from the responses, Email's included").isEqualTo(3);
    assertThat(group.totals().satisfied()).isEqualTo(3);
  }

  private static SurveyResponse typed(String ticket, String service, int rating, String type, String provider, String at) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, service, rating, null, null, null, ticket, null, null, true, null, null,
        Instant.parse(at), 30, type, provider);
  }

  private static Map<String, Totals> totals(MongoRollupRepository rollups, Segment kind) throws Exception {
    Map<String, Totals> out = new TreeMap<>();
    for (SegmentTotals t : await(rollups.segmentTotals(kind, 0, Long.MAX_VALUE))) {
      out.merge(t.name(), t.totals(), Totals::plus);
    }
    return out;
  }

  /**
   * Ticket types and providers are segments as support groups and agents are: every write moves
   * them (a single answer, a batch, a revision), recovery recounts a crashed day's, and a full
   * recount rebuilds them exactly as ingestion kept them.
   */
  @Test
  void typesAndProvidersAreCountedByEveryWriteRecoveredAndRecounted() throws Exception {
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    IngestService ingest = ingest();
    await(ingest.accept(typed("T1", "VPN", 5, "incident", "Internal IT", "2026-11-16T10:00:00Z")));
    await(ingest.acceptBatch(List.of(
        typed("T2", "Email", 1, "request", "Cloud Co", "2026-11-16T11:00:00Z"),
        typed("T3", "VPN", 4, "request", "Cloud Co", "2026-11-17T09:00:00Z"),
        typed("T4", "VPN", 2, null, null, "2026-11-17T10:00:00Z"))));

    Map<String, Totals> types = totals(rollups, Segment.TYPE);
    assertThat(types).containsOnlyKeys("incident", "request");
    assertThat(types.get("request").n()).isEqualTo(2);
    assertThat(types.get("request").satisfied()).isEqualTo(1);
    assertThat(types.get("request").lostSum()).isEqualTo(60);
    assertThat(totals(rollups, Segment.PROVIDER)).containsOnlyKeys("Cloud Co", "Internal IT");
    assertThat(totals(rollups, Segment.GROUP)).as("no group given, none counted").isEmpty();

    await(ingest.revise(ResponseIds.of("test", "T2"), 5, false, null));
    assertThat(totals(rollups, Segment.TYPE).get("request").satisfied()).as("a revision moves the type").isEqualTo(2);
    assertThat(totals(rollups, Segment.PROVIDER).get("Cloud Co").satisfied()).as("and the provider").isEqualTo(2);
    Map<String, Totals> maintainedTypes = totals(rollups, Segment.TYPE);
    Map<String, Totals> maintainedProviders = totals(rollups, Segment.PROVIDER);

    // A crash lost the 16th's request and provider increments; the intent names the Email bucket of that day.
    RollupRepository.BucketKey email16 = ingest.keyOf(typed("T2", "Email", 5, null, null, "2026-11-16T11:00:00Z"));
    for (SegmentKey lost : List.of(SegmentKey.of(Segment.TYPE, "request", email16), SegmentKey.of(Segment.PROVIDER, "Cloud Co", email16))) {
      assertThat(await(rollups.replaceSegment(lost, Totals.ZERO, await(rollups.segmentVersion(lost))))).isTrue();
    }
    assertThat(totals(rollups, Segment.TYPE).get("request").n()).isEqualTo(1);
    await(rollups.recordIntent(List.of(email16)));
    assertThat(await(ingest.recoverRollups())).isEqualTo(1);
    assertThat(totals(rollups, Segment.TYPE)).as("recovered from the responses").isEqualTo(maintainedTypes);
    assertThat(totals(rollups, Segment.PROVIDER)).isEqualTo(maintainedProviders);

    await(store.client().removeDocuments(MongoRollupRepository.SEGMENTS, new JsonObject()));
    await(ingest.recountAll(null, n -> {}));
    assertThat(totals(rollups, Segment.TYPE)).as("a full recount rebuilds them").isEqualTo(maintainedTypes);
    assertThat(totals(rollups, Segment.PROVIDER)).isEqualTo(maintainedProviders);
  }
}
