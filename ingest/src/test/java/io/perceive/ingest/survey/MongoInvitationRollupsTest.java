package io.perceive.ingest.survey;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.TestStore;
import io.perceive.ingest.store.VersionedCounters;
import io.perceive.ingest.survey.MongoInvitationRollups.RateTotals;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoInvitationRollupsTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant MONDAY_EVENING = Instant.parse("2026-11-16T20:00:00Z");

  @TempDir Path dataDir;
  private TestStore store;
  private MongoInvitationRollups rollups;
  private MongoInvitationRepository repo;

  @BeforeEach
  void start() throws Exception {
    store = TestStore.start(dataDir);
    rollups = new MongoInvitationRollups(store.client(), BERLIN);
    repo = new MongoInvitationRepository(store.client(), rollups);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  private static Invitation invitation(String ticket, String service, Instant at, Invitation.Status status) {
    return new Invitation(
        InvitationService.idOf("test", ticket), "test", ticket, "c_x", service, null, null, null, null, null, "en",
        at, at.plus(Duration.ofDays(14)), status, status == Invitation.Status.SKIPPED ? Invitation.SkipReason.FATIGUE : null,
        null, null);
  }

  private List<RateTotals> all() throws Exception {
    return await(rollups.totals(Interval.DAY, Set.of(), 0, Long.MAX_VALUE));
  }

  @Test
  void eachInvitationAndOutcomeCountsOnceInTheBucketOfItsSendingDay() throws Exception {
    Invitation a = invitation("A", "VPN", MONDAY_EVENING, Invitation.Status.OPEN);
    Invitation b = invitation("B", "VPN", MONDAY_EVENING, Invitation.Status.OPEN);
    Invitation c = invitation("C", "VPN", MONDAY_EVENING, Invitation.Status.OPEN);
    assertThat(await(repo.insert(a))).isTrue();
    assertThat(await(repo.insert(a))).as("a resent ticket").isFalse();
    await(repo.insert(b));
    await(repo.insert(c));
    await(repo.insert(invitation("D", "VPN", MONDAY_EVENING, Invitation.Status.SKIPPED)));
    Instant wednesday = MONDAY_EVENING.plus(Duration.ofDays(2));
    assertThat(await(repo.answer(a.id(), wednesday))).isNotNull();
    assertThat(await(repo.answer(a.id(), wednesday))).as("already answered").isNull();
    assertThat(await(repo.cancel(b.id(), wednesday))).isTrue();
    assertThat(await(repo.cancel(b.id(), wednesday))).isFalse();
    assertThat(await(repo.cancel(a.id(), wednesday))).as("answered first").isFalse();

    List<RateTotals> rows = all();
    assertThat(rows).hasSize(1);
    RateTotals t = rows.get(0);
    // 20:00 UTC on Monday is Monday evening in Berlin: the bucket of that Berlin day.
    assertThat(t.bucketStart()).isEqualTo(Instant.parse("2026-11-15T23:00:00Z").toEpochMilli());
    assertThat(List.of(t.sent(), t.skipped(), t.answered(), t.cancelled())).containsExactly(3L, 1L, 1L, 1L);
    assertThat(t.eligible()).isEqualTo(2);
    assertThat(await(store.client().find(MongoInvitationRollups.INTENTS, new JsonObject()))).isEmpty();
  }

  @Test
  void writesACrashInterruptedAreRecountedAtStartFromTheInvitations() throws Exception {
    Invitation a = invitation("A", "Email", MONDAY_EVENING, Invitation.Status.OPEN);
    Invitation b = invitation("B", "Email", MONDAY_EVENING, Invitation.Status.OPEN);
    await(repo.insert(a));
    // A crash after the invitation and its outcome were written, before the counters moved:
    // the intents stay behind and the counters miss both.
    JsonObject bucket = rollups.bucket("Email", MONDAY_EVENING);
    await(store.client().insert(MongoInvitationRollups.INTENTS, new JsonObject().put("_id", "crashed-1").put("bucket", bucket)));
    await(MongoWrites.insertOnce(store.client(), MongoInvitationRepository.COLLECTION, MongoInvitationRepository.toDocument(b)));
    await(store.client().insert(MongoInvitationRollups.INTENTS, new JsonObject().put("_id", "crashed-2").put("bucket", bucket)));
    await(MongoWrites.insertOnce(
        store.client(), MongoInvitationRepository.OUTCOMES,
        new JsonObject().put("_id", a.id()).put("outcome", "answered").put("at", MONDAY_EVENING.toEpochMilli())));
    assertThat(all().get(0).sent()).as("before recovery").isEqualTo(1);

    assertThat(await(rollups.recover())).isEqualTo(2);

    RateTotals t = all().get(0);
    assertThat(List.of(t.sent(), t.skipped(), t.answered(), t.cancelled())).containsExactly(2L, 0L, 1L, 0L);
    assertThat(await(store.client().find(MongoInvitationRollups.INTENTS, new JsonObject()))).isEmpty();
    assertThat(await(rollups.recover())).as("nothing left to recount").isZero();
  }

  @Test
  void whileServingOnlyIntentsMinutesOldAreRecounted() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
    MongoInvitationRollups timed = new MongoInvitationRollups(store.client(), BERLIN, clock);
    Invitation a = invitation("A", "VPN", MONDAY_EVENING, Invitation.Status.OPEN);
    JsonObject bucket = timed.bucket("VPN", MONDAY_EVENING);
    // The store went away after the invitation was written, before its counter moved.
    await(store.client().insert(MongoInvitationRollups.INTENTS,
        new JsonObject().put("_id", "failed").put("bucket", bucket).put("at", clock.millis())));
    await(MongoWrites.insertOnce(store.client(), MongoInvitationRepository.COLLECTION, MongoInvitationRepository.toDocument(a)));

    assertThat(await(timed.recoverStale(Duration.ofMinutes(2)))).as("a second later: maybe still live").isZero();
    clock.advance(Duration.ofMinutes(3));
    assertThat(await(timed.recoverStale(Duration.ofMinutes(2)))).isEqualTo(1);
    assertThat(all().get(0).sent()).isEqualTo(1);
    assertThat(await(store.client().find(MongoInvitationRollups.INTENTS, new JsonObject()))).isEmpty();
  }

  @Test
  void aBucketAnotherWriterIsStillWritingIsLeftToTheNextSweep() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
    MongoInvitationRollups timed = new MongoInvitationRollups(store.client(), BERLIN, clock);
    MongoInvitationRepository timedRepo = new MongoInvitationRepository(store.client(), timed);
    JsonObject bucket = timed.bucket("VPN", MONDAY_EVENING);
    // An outage left this invitation uncounted three minutes ago...
    await(store.client().insert(MongoInvitationRollups.INTENTS,
        new JsonObject().put("_id", "failed").put("bucket", bucket).put("at", clock.millis())));
    await(MongoWrites.insertOnce(store.client(), MongoInvitationRepository.COLLECTION,
        MongoInvitationRepository.toDocument(invitation("A", "VPN", MONDAY_EVENING, Invitation.Status.OPEN))));
    clock.advance(Duration.ofMinutes(3));
    // ...and another instance is halfway through a write to the same bucket: its invitation is
    // stored, its counter not moved yet. A recount now would count it, and its increment after.
    await(store.client().insert(MongoInvitationRollups.INTENTS,
        new JsonObject().put("_id", "live").put("bucket", bucket).put("at", clock.millis())));
    await(MongoWrites.insertOnce(store.client(), MongoInvitationRepository.COLLECTION,
        MongoInvitationRepository.toDocument(invitation("B", "VPN", MONDAY_EVENING, Invitation.Status.OPEN))));

    assertThat(await(timed.recoverStale(Duration.ofMinutes(2)))).as("left for later").isZero();
    assertThat(await(store.client().count(MongoInvitationRollups.INTENTS, new JsonObject().put("_id", "failed")))).isEqualTo(1);

    // The live write finishes: its counter moves and its intent goes.
    await(store.client().updateCollectionWithOptions(MongoInvitationRollups.COLLECTION,
        new JsonObject().put("_id", "VPN|" + bucket.getString("day")),
        io.perceive.ingest.store.VersionedCounters.increment(new JsonObject().put("sent", 1), bucket),
        new io.vertx.ext.mongo.UpdateOptions(true)));
    await(store.client().removeDocument(MongoInvitationRollups.INTENTS, new JsonObject().put("_id", "live")));
    await(timedRepo.insert(invitation("C", "VPN", MONDAY_EVENING, Invitation.Status.OPEN)));

    assertThat(await(timed.recoverStale(Duration.ofMinutes(2)))).isEqualTo(1);
    assertThat(all().get(0).sent()).as("A, B and C, each once").isEqualTo(3);
    assertThat(await(store.client().find(MongoInvitationRollups.INTENTS, new JsonObject()))).isEmpty();
  }

  private static Invitation staffed(String ticket, String agent, String type, String provider) {
    return new Invitation(
        InvitationService.idOf("test", ticket), "test", ticket, "c_x", ticket.startsWith("E") ? "Email" : "VPN", "Desk", agent, null,
        null, null, "en", MONDAY_EVENING, MONDAY_EVENING.plus(Duration.ofDays(14)), Invitation.Status.OPEN, null, null, null, type,
        provider);
  }

  private Map<String, List<Long>> bySegment(RollupRepository.Segment kind) throws Exception {
    Map<String, List<Long>> out = new java.util.TreeMap<>();
    for (RateTotals t : await(rollups.totals(kind, Interval.MONTH, Set.of(), 0, Long.MAX_VALUE))) {
      out.put(t.service(), List.of(t.sent(), t.skipped(), t.answered(), t.cancelled()));
    }
    return out;
  }

  @Test
  void segmentsAreCountedInTheServicesWriteAndRebuiltByItsRecount() throws Exception {
    Invitation a = staffed("A", "Omar F.", "request", "Cloud Co");
    Invitation b = staffed("B", "Omar F.", "incident", null);
    Invitation e = staffed("E", "Ann", "request", "Cloud Co");
    for (Invitation i : List.of(a, b, e, staffed("C", "Ann", null, null))) {
      assertThat(await(repo.insert(i))).isTrue();
    }
    await(repo.insert(invitation("D", "VPN", MONDAY_EVENING, Invitation.Status.SKIPPED)));
    Instant later = MONDAY_EVENING.plus(Duration.ofDays(1));
    await(repo.answer(a.id(), later));
    await(repo.answer(e.id(), later));
    await(repo.cancel(b.id(), later));

    Map<String, List<Long>> agents = bySegment(RollupRepository.Segment.AGENT);
    assertThat(agents).containsOnlyKeys("Ann", "Omar F.");
    assertThat(agents.get("Omar F.")).as("sent, skipped, answered, cancelled").containsExactly(2L, 0L, 1L, 1L);
    assertThat(bySegment(RollupRepository.Segment.TYPE)).containsEntry("request", List.of(2L, 0L, 2L, 0L)).containsEntry("incident", List.of(1L, 0L, 0L, 1L));
    assertThat(bySegment(RollupRepository.Segment.PROVIDER)).as("across VPN and Email").containsOnly(Map.entry("Cloud Co", List.of(2L, 0L, 2L, 0L)));
    assertThat(bySegment(RollupRepository.Segment.GROUP)).containsOnly(Map.entry("Desk", List.of(4L, 0L, 2L, 1L)));
    assertThat(await(rollups.totals(RollupRepository.Segment.AGENT, Interval.MONTH, Set.of("Email"), 0, Long.MAX_VALUE)))
        .as("narrowed to a service")
        .singleElement()
        .satisfies(t -> assertThat(t.service()).isEqualTo("Ann"));

    Map<RollupRepository.Segment, Map<String, List<Long>>> maintained = new java.util.EnumMap<>(RollupRepository.Segment.class);
    List<JsonObject> documents = new ArrayList<>();
    for (RollupRepository.Segment kind : RollupRepository.Segment.values()) {
      maintained.put(kind, bySegment(kind));
    }
    for (JsonObject doc : await(store.client().find(MongoInvitationRollups.COLLECTION, new JsonObject()))) {
      doc.remove(VersionedCounters.VERSION);
      documents.add(doc);
    }
    // The counters lost, and an intent left on each bucket: recovery rebuilds them from the invitations.
    await(store.client().removeDocuments(MongoInvitationRollups.COLLECTION, new JsonObject()));
    for (String service : List.of("VPN", "Email")) {
      await(store.client().insert(MongoInvitationRollups.INTENTS,
          new JsonObject().put("_id", "lost-" + service).put("bucket", rollups.bucket(service, MONDAY_EVENING))));
    }
    assertThat(await(rollups.recover())).isEqualTo(2);
    for (RollupRepository.Segment kind : RollupRepository.Segment.values()) {
      assertThat(bySegment(kind)).as(kind.label()).isEqualTo(maintained.get(kind));
    }
    List<JsonObject> recounted = new ArrayList<>();
    for (JsonObject doc : await(store.client().find(MongoInvitationRollups.COLLECTION, new JsonObject()))) {
      doc.remove(VersionedCounters.VERSION);
      // A recount writes the service's counters that are zero too; increments leave them out.
      doc.getMap().values().removeIf(v -> v instanceof Number n && n.longValue() == 0);
      recounted.add(doc);
    }
    assertThat(recounted).as("the same documents, segment counters and all").containsExactlyInAnyOrderElementsOf(documents);
  }
}
