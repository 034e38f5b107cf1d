package io.perceive.ingest.store;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConfigurationException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.IngestSchema;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a real replica set does and the embedded server does not, through {@link MongodDouble}
 * (sessions on getMore, NamespaceExists, slow index builds, write-concern errors on the wire) or
 * the driver's own exception types. No mongod can run here; docs/architecture.md says which
 * claims rest on MongoDB's documented behaviour rather than on a run against one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealMongoSemanticsTest {

  private static final long DAY = 86_400_000L;
  private static final long START = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
  private static final int ROWS = 1_200;

  private Vertx vertx;
  private MongodDouble mongod;
  private MongoStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongod = MongodDouble.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (store != null) {
      await(store.close());
    }
    mongod.close();
    await(vertx.close());
  }

  private MongoStore connect() {
    return MongoStore.connect(vertx, mongod.connectionString(), "perceive", false);
  }

  private MongoStore started() throws Exception {
    store = connect();
    await(store.ensureSchema(IngestSchema.all()));
    await(store.indexes());
    return store;
  }

  // --- write concern --------------------------------------------------------------------------

  @Test
  void aBulkWriteConcernErrorIsNeitherStoredNorDuplicateAndIsA503() throws Exception {
    WriteConcernError timedOut = new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument());
    MongoBulkWriteException onlyConcern =
        new MongoBulkWriteException(BulkWriteResult.acknowledged(0, 2, 0, 0, List.of(), List.of()), List.of(), timedOut, new ServerAddress(), Set.of());
    MongoBulkWriteException duplicatesAndConcern =
        new MongoBulkWriteException(
            BulkWriteResult.acknowledged(0, 1, 0, 0, List.of(), List.of()),
            List.of(new BulkWriteError(11000, "E11000 duplicate key", new BsonDocument(), 0)), timedOut, new ServerAddress(), Set.of());
    for (MongoBulkWriteException e : List.of(onlyConcern, duplicatesAndConcern)) {
      assertThat(StoreErrors.isDuplicateKey(e)).isFalse();
      assertThat(StoreErrors.kindOf(e)).isEqualTo(StoreErrors.Kind.WRITE_NOT_CONFIRMED);
      assertThat(StoreErrors.classify(e)).isInstanceOf(StoreUnavailableException.class);
    }
    MongoBulkWriteException onlyDuplicates =
        new MongoBulkWriteException(
            BulkWriteResult.acknowledged(0, 1, 0, 0, List.of(), List.of()),
            List.of(new BulkWriteError(11000, "E11000 duplicate key", new BsonDocument(), 0)), null, new ServerAddress(), Set.of());
    assertThat(StoreErrors.isDuplicateKey(onlyDuplicates)).isTrue();
  }

  @Test
  void insertEachDoesNotAnswerStoredWhenAMajorityDidNotConfirm() throws Exception {
    started();
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    SurveyResponse first = response("r-1", "VPN", 0);
    assertThat(await(responses.insertEach(List.of(first)))).containsExactly(true);

    mongod.failWriteConcern();
    // One new response and one retry (a duplicate): still not "stored", not "duplicate".
    assertThatThrownBy(() -> await(responses.insertEach(List.of(first, response("r-2", "VPN", 0)))))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(((StoreUnavailableException) e).kind()).isEqualTo(StoreErrors.Kind.WRITE_NOT_CONFIRMED));
    // A rollup increment with the same error is a 503 too, not a 500.
    MongoRollupRepository rollups = new MongoRollupRepository(store.client());
    assertThatThrownBy(() -> await(rollups.addAll(Map.of(bucket("VPN", 0), Totals.of(5, null, null, false)))))
        .cause()
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void misconfigurationIsNotA503AndALostCursorIs() {
    assertThat(StoreErrors.classify(new MongoConfigurationException("bad option"))).isInstanceOf(StoreMisconfiguredException.class);
    assertThat(StoreErrors.classify(new MongoCursorNotFoundException(42L, new BsonDocument(), new ServerAddress())))
        .isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(((StoreUnavailableException) e).kind()).isEqualTo(StoreErrors.Kind.CURSOR_LOST));
  }

  // --- sessions and cursors -------------------------------------------------------------------

  @Test
  void aGetMoreFromAnotherSessionIsRefused() throws Exception {
    started();
    List<BulkOperation> docs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      docs.add(BulkOperation.createInsert(new JsonObject().put("_id", "d" + i)));
    }
    await(store.client().bulkWrite("things", docs));
    JsonObject opened =
        await(
            store.client()
                .runCommand(
                    "aggregate",
                    new JsonObject()
                        .put("aggregate", "things")
                        .put("pipeline", new JsonArray())
                        .put("cursor", new JsonObject().put("batchSize", 10))));
    long cursor = opened.getJsonObject("cursor").getLong("id");
    assertThat(cursor).isNotZero();

    // Another client has its own session pool: the hand-rolled getMore of the old MongoWrites,
    // when its implicit session was not the cursor's.
    MongoClient other = MongoClient.create(vertx, new JsonObject().put("connection_string", mongod.connectionString()).put("db_name", "perceive"));
    try {
      Future<JsonObject> more =
          other.runCommand("getMore", new JsonObject().put("getMore", cursor).put("collection", "things").put("batchSize", 10));
      assertThatThrownBy(() -> await(more))
          .cause()
          .isInstanceOf(MongoCommandException.class)
          .satisfies(e -> assertThat(((MongoCommandException) e).getErrorCode()).isEqualTo(50738))
          .satisfies(e -> assertThat(StoreErrors.classify(e)).isInstanceOf(StoreUnavailableException.class));
      assertThat(mongod.refusedGetMores()).isEqualTo(1);
    } finally {
      await(other.close());
    }
  }

  @Test
  void everyRollupQueryAnswersPastOneBatchWithTheCursorsOwnSession() throws Exception {
    started();
    MongoClient client = store.client();
    Map<BucketKey, Totals> buckets = new LinkedHashMap<>();
    Map<SegmentKey, Totals> agents = new LinkedHashMap<>();
    List<BulkOperation> scores = new ArrayList<>();
    List<BulkOperation> scoreSegments = new ArrayList<>();
    List<BulkOperation> invitations = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      // Three services over 400 days: 1,200 service-days; 1,200 agents on one day.
      BucketKey key = bucket("service-" + (i % 3), i / 3);
      buckets.put(key, Totals.of(4, null, null, true));
      agents.put(SegmentKey.of(Segment.AGENT, String.format("agent-%04d", i), bucket("VPN", 0)), Totals.of(5, null, null, false));
      JsonObject sums = new JsonObject().put("sentiment_n", 1).put("sentiment_sum", 0.5).put("sentiment_sq", 0.25).put("sentiment_neg", 0);
      scores.add(BulkOperation.createInsert(key.fields().mergeIn(sums).put("_id", key.service() + "|" + key.day())));
      SegmentKey agent = SegmentKey.of(Segment.AGENT, String.format("agent-%04d", i), bucket("VPN", 0));
      scoreSegments.add(BulkOperation.createInsert(agent.fields().mergeIn(sums.copy()).put("_id", agent.id())));
      invitations.add(BulkOperation.createInsert(key.fields().put("_id", key.service() + "|" + key.day()).put("sent", 2).put("answered", 1)));
    }
    MongoRollupRepository rollups = new MongoRollupRepository(client);
    await(rollups.addAll(buckets));
    await(rollups.addSegments(agents));
    await(client.bulkWrite(MongoScoreRollupRepository.COLLECTION, scores));
    await(client.bulkWrite(MongoScoreRollupRepository.SEGMENTS, scoreSegments));
    await(client.bulkWrite(MongoInvitationRollups.COLLECTION, invitations));
    MongoScoreRollupRepository scoreRollups = new MongoScoreRollupRepository(client);
    MongoInvitationRollups rates = new MongoInvitationRollups(client, ZoneOffset.UTC);
    long to = START + 500 * DAY;

    // Several at once, as concurrent requests would be: each cursor must keep its own session.
    for (int round = 0; round < 3; round++) {
      List<Future<Integer>> answers = new ArrayList<>();
      answers.add(rollups.totals(Interval.DAY, Set.of(), START, to).map(List::size));
      answers.add(rollups.segmentTotals(Segment.AGENT, START, to).map(List::size));
      answers.add(scoreRollups.totals("sentiment", Interval.DAY, Set.of(), START, to).map(List::size));
      answers.add(scoreRollups.segmentTotals("sentiment", Segment.AGENT, START, to).map(List::size));
      answers.add(rates.totals(Interval.DAY, Set.of(), START, to).map(List::size));
      answers.add(rollups.totals(Interval.DAY, Set.of("service-0", "service-1", "service-2"), START, to).map(List::size));
      await(Future.all(answers));
      assertThat(answers).allSatisfy(a -> assertThat(a.result()).isEqualTo(ROWS));
    }
    assertThat(mongod.refusedGetMores()).isZero();
    assertThat(mongod.received().stream().filter(r -> r.command().equalsIgnoreCase("aggregate"))).isNotEmpty();
  }

  @Test
  void aPassOverEveryResponseReadsPastOneBatch() throws Exception {
    started();
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    List<SurveyResponse> batch = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      batch.add(response("r-" + i, "VPN", i % 30));
    }
    await(responses.insertAll(batch));
    AtomicLong seen = new AtomicLong();
    await(responses.forEach(doc -> seen.incrementAndGet()));
    assertThat(seen.get()).isEqualTo(2_500);
    assertThat(mongod.refusedGetMores()).isZero();
  }

  // --- start ----------------------------------------------------------------------------------

  @Test
  void aSlowIndexBuildDoesNotStopStart() throws Exception {
    mongod.holdIndexBuilds();
    store = connect();
    // Start completes while every createIndexes waits, well past the serving client's 8 s
    // socket timeout would allow... and the store serves meanwhile.
    await(store.ensureSchema(IngestSchema.all()));
    assertThat(store.indexes().isComplete()).isFalse();
    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    assertThat(await(responses.insert(response("r-1", "VPN", 0)))).isTrue();
    assertThat(await(responses.find("r-1"))).isNotNull();

    mongod.finishIndexBuilds();
    MongoStore.IndexReport report = await(store.indexes());
    assertThat(report.conflicts()).isEmpty();
    assertThat(report.failed()).isEmpty();
    assertThat(report.built()).hasSize(IngestSchema.all().indexes().size());

    // A restart finds them all and builds nothing.
    await(store.close());
    store = connect();
    await(store.ensureSchema(IngestSchema.all()));
    MongoStore.IndexReport again = await(store.indexes());
    assertThat(again.built()).isEmpty();
    assertThat(again.present()).hasSize(IngestSchema.all().indexes().size());
  }

  @Test
  void namespaceExistsAtStartIsHarmless() throws Exception {
    mongod.answerNamespaceExists();
    store = connect();
    await(store.ensureSchema(IngestSchema.all()));
    assertThat(await(store.indexes()).failed()).isEmpty();
  }

  @Test
  void indexConflictsAreReportedByName() throws Exception {
    MongoClient admin = MongoClient.create(vertx, new JsonObject().put("connection_string", mongod.connectionString()).put("db_name", "perceive"));
    try {
      // The same keys under another name (MongoDB: IndexOptionsConflict, 85) and the same name
      // with other options (IndexKeySpecsConflict, 86).
      await(admin.createIndexWithOptions(MongoResponseRepository.COLLECTION, new JsonObject().put("service", 1).put("day", 1), new IndexOptions().name("by_service_day")));
      await(admin.createIndexWithOptions(MongoResponseRepository.COLLECTION, new JsonObject().put("scored", 1), new IndexOptions().name("scored_1_unscored_comments")));
    } finally {
      await(admin.close());
    }
    store = connect();
    await(store.ensureSchema(IngestSchema.all()));
    MongoStore.IndexReport report = await(store.indexes());
    assertThat(report.conflicts()).containsOnlyKeys("service_1_day_1", "scored_1_unscored_comments");
    assertThat(report.conflicts().get("service_1_day_1")).contains("by_service_day");
    assertThat(report.conflicts().get("scored_1_unscored_comments")).contains("partial filter");
    assertThat(report.built()).hasSize(IngestSchema.all().indexes().size() - 2);
  }

  private static BucketKey bucket(String service, int day) {
    long dayStart = START + day * DAY;
    return new BucketKey(service, Instant.ofEpochMilli(dayStart).toString().substring(0, 10), dayStart, dayStart, dayStart);
  }

  private static SurveyResponse response(String id, String service, int day) {
    Instant at = Instant.ofEpochMilli(START + day * DAY + 3_600_000L);
    return new SurveyResponse(id, "test", id, service, 4, null, null, "fine", null, "Desk", "Ann", true, null, null, at);
  }
}
