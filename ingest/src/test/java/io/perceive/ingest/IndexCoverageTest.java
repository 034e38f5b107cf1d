package io.perceive.ingest;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.perceive.ingest.followup.UnhappyAnswer;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.response.ResponseRepository.After;
import io.perceive.ingest.response.ResponseRepository.CommentQuery;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.IndexSpec;
import io.perceive.ingest.store.MongoStore;
import io.perceive.ingest.store.MongodDouble;
import io.perceive.ingest.store.QueryShape;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.survey.Invitation;
import io.perceive.ingest.survey.MongoFatigueRepository;
import io.perceive.ingest.survey.MongoInvitationRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every query a serving instance runs has an index in the declared set. Statically: each
 * declared query shape is served by a declared index. On the wire: the repositories' serving
 * reads and writes run against {@link MongodDouble}, which records every filter it receives; each
 * one must be an {@code _id} lookup or match a declared shape.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IndexCoverageTest {

  private static final long DAY = 86_400_000L;
  private static final Instant AT = Instant.parse("2025-03-04T10:00:00Z");

  private Vertx vertx;
  private MongodDouble mongod;
  private MongoStore store;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    mongod = MongodDouble.start();
    store = MongoStore.connect(vertx, mongod.connectionString(), "perceive", false);
    await(store.ensureSchema(IngestSchema.all()));
    await(store.indexes());
  }

  @AfterEach
  void stop() throws Exception {
    await(store.close());
    mongod.close();
    await(vertx.close());
  }

  @Test
  void everyDeclaredQueryHasADeclaredIndex() {
    assertThat(IngestSchema.all().unserved()).isEmpty();
  }

  @Test
  void aQueryWhoseIndexIsNotDeclaredIsFound() {
    Schema all = IngestSchema.all();
    List<IndexSpec> without =
        all.indexes().stream().filter(i -> !i.name().equals("scored_1_unscored_comments") && !i.name().equals("service_1_day_1")).toList();
    Schema missing = new Schema(all.collections(), without, all.queries());
    assertThat(missing.unserved()).extracting(QueryShape::name).containsExactlyInAnyOrder("findUnscored", "findInBucket");
    // The index findInBucket had before (service, respondedAt) does not serve it: only its prefix would.
    assertThat(QueryShape.equal("responses", "findInBucket", "service", "day").servedBy(IndexSpec.on("responses", "service", "respondedAt")))
        .isFalse();
  }

  @Test
  void everyFilterTheServingPathsSendHasADeclaredIndex() throws Exception {
    MongoClient mongo = store.client();
    MongoResponseRepository responses = new MongoResponseRepository(mongo, ZoneOffset.UTC);
    MongoRollupRepository rollups = new MongoRollupRepository(mongo);
    MongoScoreRollupRepository scores = new MongoScoreRollupRepository(mongo);
    MongoInvitationRollups rates = new MongoInvitationRollups(mongo, ZoneOffset.UTC);
    MongoInvitationRepository invitations = new MongoInvitationRepository(mongo, rates);
    MongoFatigueRepository fatigue = new MongoFatigueRepository(mongo);
    BucketKey key = new BucketKey("VPN", "2025-03-04", AT.toEpochMilli() - 36_000_000L, 0, 0);
    long from = AT.toEpochMilli() - 30 * DAY;
    long to = AT.toEpochMilli() + DAY;
    mongod.clearReceived();

    // Ingest and recovery.
    SurveyResponse r = response("r-1");
    await(responses.insertEach(List.of(r, response("r-2"))));
    await(responses.insert(response("r-3")));
    await(rollups.addAll(Map.of(key, Totals.of(4, null, null, true))));
    String intent = await(rollups.recordIntent(List.of(key)));
    await(rollups.pendingIntents(AT.toEpochMilli()));
    await(rollups.intentsOnDay(key.day()));
    await(responses.findNotRolledUp(AT.toEpochMilli(), null, 100));
    await(responses.findNotRolledUp(AT.toEpochMilli(), "r-1", 100));
    await(responses.findInBucket("VPN", key.day()));
    await(responses.findInSegment(Segment.GROUP, "Desk", key.day()));
    await(responses.findInSegment(Segment.AGENT, "Ann", key.day()));
    await(rollups.version(key));
    await(rollups.replace(key, Totals.of(4, null, null, true), 1L));
    await(responses.markRolledUp(List.of("r-1", "r-2")));
    await(responses.markRolledUp("r-3"));
    await(rollups.clearIntent(intent));
    await(responses.reviseAnswer("r-1", 5, true, "better now"));
    await(responses.find("r-1"));

    // Scoring.
    await(responses.findUnscored(200));
    await(responses.purgeComments(AT.toEpochMilli() - 365 * DAY));
    await(responses.storeScore("r-1", "better now", new JsonObject().put("sentiment", new JsonObject().put("score", 0.5))));
    await(scores.version(key));

    // Queries.
    await(rollups.totals(Interval.WEEK, Set.of(), from, to));
    await(rollups.totals(Interval.WEEK, Set.of("VPN"), from, to));
    await(rollups.segmentTotals(Segment.AGENT, from, to));
    await(rollups.segmentSeries(Segment.GROUP, Interval.WEEK, from, to));
    await(rollups.services());
    await(scores.totals("sentiment", Interval.MONTH, Set.of(), from, to));
    await(scores.totals("courtesy", Interval.MONTH, Set.of("VPN", "ERP"), from, to));
    await(scores.segmentTotals("courtesy", Segment.GROUP, from, to));
    await(rates.totals(Interval.DAY, Set.of(), from, to));
    await(rates.totals(Interval.DAY, Set.of("VPN"), from, to));
    for (String polarity : List.of("negative", "positive", "any")) {
      await(responses.findComments(new CommentQuery(from, to, Set.of(), null, null, "courtesy", polarity, 20)));
    }
    await(responses.findComments(new CommentQuery(from, to, Set.of("VPN"), null, null, "sentiment", "any", 20)));
    await(responses.findComments(new CommentQuery(from, to, Set.of(), "Desk", null, "sentiment", "any", 20)));
    await(responses.findComments(new CommentQuery(from, to, Set.of(), null, "Ann", "sentiment", "any", 20)));
    await(responses.findComments(new CommentQuery(from, to, Set.of("VPN"), "Desk", "Ann", "timeliness", "negative", 20)));
    ResponseRepository.After after = new ResponseRepository.After(AT.toEpochMilli(), "r-2");
    await(responses.findComments(new CommentQuery(from, to, Set.of(), null, null, "courtesy", "any", 20, after)));
    await(responses.findComments(new CommentQuery(from, to, Set.of("VPN"), null, null, "sentiment", "any", 20, after)));
    await(responses.findComments(new CommentQuery(from, to, Set.of(), "Desk", null, "sentiment", "any", 20, after)));
    await(responses.findComments(new CommentQuery(from, to, Set.of(), null, "Ann", "sentiment", "any", 20, after)));
    for (After at : java.util.Arrays.asList(null, after)) {
      await(responses.findComments(new CommentQuery(from, to, Set.of(), null, null, "sentiment", "any", 20, at, "request", null)));
      await(responses.findComments(new CommentQuery(from, to, Set.of(), null, null, "sentiment", "any", 20, at, null, "Vendor")));
      await(responses.findComments(new CommentQuery(from, to, Set.of("VPN"), "Desk", "Ann", "sentiment", "any", 20, at, "request", "Vendor")));
    }
    assertThat(await(drain(responses.export(from, to, Set.of())))).isPositive();
    await(drain(responses.export(from, to, Set.of("VPN", "ERP"))));

    // Survey invitations, answers, fatigue, and the sweep of a stale invitation intent.
    Invitation invitation = invitation("inv-1");
    await(fatigue.claim("customer-1", invitation.id(), null, AT, AT.minus(Duration.ofDays(30))));
    await(invitations.insert(invitation));
    await(invitations.find(invitation.id()));
    await(invitations.answer(invitation.id(), AT.plusSeconds(60)));
    await(invitations.cancel(invitation.id(), AT.plusSeconds(120)));
    JsonObject bucket =
        new JsonObject().put("service", "VPN").put("day", "2025-03-04").put("dayStart", Instant.parse("2025-03-04T00:00:00Z").toEpochMilli())
            .put("weekStart", 0L).put("monthStart", 0L);
    await(mongo.insert(MongoInvitationRollups.INTENTS, new JsonObject().put("_id", "stale").put("bucket", bucket).put("at", 0L)));
    assertThat(await(rates.recoverStale(Duration.ofMinutes(2)))).isEqualTo(1);
    // Erasure: CustomerErasure's read of a customer's invitations (it needs the whole write path
    // to construct; its filter is this one), then the removal of each.
    await(mongo.find(MongoInvitationRepository.COLLECTION, new JsonObject().put("customerHash", "customer-1")));
    await(rates.remove(invitation));

    // Follow-ups: opening, the list and its filters, an edit, the dead letters.
    MongoFollowUpRepository followUps =
        new MongoFollowUpRepository(mongo, java.time.Clock.fixed(AT, ZoneOffset.UTC), Duration.ofDays(30), true);
    await(followUps.open(List.of(new UnhappyAnswer("r-1", "VPN", "Desk", "Ann", "T-1", 1, null, AT.toEpochMilli()))));
    await(followUps.list(new MongoFollowUpRepository.Query(from, to, null, Set.of(), 100)));
    await(followUps.list(new MongoFollowUpRepository.Query(from, to, "open", Set.of(), 100)));
    await(followUps.list(new MongoFollowUpRepository.Query(from, to, null, Set.of("VPN"), 0)));
    await(followUps.list(new MongoFollowUpRepository.Query(from, to, "open", Set.of("VPN"), 10)));
    await(followUps.find("r-1"));
    await(followUps.update("r-1", "open", new JsonObject().put("status", "contacted")));
    await(followUps.deadLetters(10));

    Schema schema = IngestSchema.all();
    List<String> unserved = new ArrayList<>();
    int checked = 0;
    for (MongodDouble.Received received : mongod.received()) {
      for (Recorded q : Recorded.of(received)) {
        checked++;
        if (!q.byId() && schema.queries().stream().noneMatch(q::matches)) {
          unserved.add(q.toString());
        }
      }
    }
    assertThat(checked).isGreaterThan(40);
    assertThat(unserved).as("filters sent with no declared query shape (and so no index)").isEmpty();
  }

  /** How many documents the stream held; its end and failure handlers are set before it starts. */
  private static io.vertx.core.Future<Integer> drain(io.vertx.core.streams.ReadStream<JsonObject> stream) {
    io.vertx.core.Promise<Integer> done = io.vertx.core.Promise.promise();
    int[] n = {0};
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(n[0])).handler(doc -> n[0]++);
    return done.future();
  }

  /** One filter as the server received it, by field: equality ({@code $in} too), range or other. */
  private record Recorded(String collection, Set<String> equality, Set<String> ranges, Set<String> other, List<String> sort) {

    static List<Recorded> of(MongodDouble.Received r) {
      Document body = r.body();
      String collection = String.valueOf(body.get(r.command()));
      List<Recorded> out = new ArrayList<>();
      switch (r.command().toLowerCase(java.util.Locale.ROOT)) {
        case "find" -> out.add(of(collection, (Document) body.get("filter"), sortOf((Document) body.get("sort"))));
        case "count", "findandmodify" -> out.add(of(collection, (Document) body.get("query"), List.of()));
        case "distinct" -> out.add(of(collection, (Document) body.get("query"), List.of(String.valueOf(body.get("key")))));
        case "aggregate" -> {
          List<?> pipeline = (List<?>) body.get("pipeline");
          Document first = pipeline.isEmpty() ? new Document() : (Document) pipeline.get(0);
          out.add(of(collection, (Document) first.get("$match"), List.of()));
        }
        case "update" -> ((List<?>) body.get("updates")).forEach(u -> out.add(of(collection, (Document) ((Document) u).get("q"), List.of())));
        case "delete" -> ((List<?>) body.get("deletes")).forEach(d -> out.add(of(collection, (Document) ((Document) d).get("q"), List.of())));
        default -> {}
      }
      return out;
    }

    private static List<String> sortOf(Document sort) {
      List<String> out = new ArrayList<>();
      if (sort != null) {
        sort.forEach((field, direction) -> out.add(((Number) direction).intValue() < 0 ? "-" + field : field));
      }
      return out;
    }

    private static Recorded of(String collection, Document filter, List<String> sort) {
      Set<String> equality = new LinkedHashSet<>();
      Set<String> ranges = new LinkedHashSet<>();
      Set<String> other = new LinkedHashSet<>();
      if (filter != null) {
        filter.forEach(
            (field, value) -> {
              if (value instanceof Document condition && !condition.isEmpty() && condition.keySet().stream().allMatch(k -> k.startsWith("$"))) {
                if (condition.containsKey("$in")) {
                  equality.add(field);
                } else if (Set.of("$gt", "$gte", "$lt", "$lte").containsAll(condition.keySet())) {
                  ranges.add(field);
                } else {
                  other.add(field);
                }
              } else {
                equality.add(field);
              }
            });
      }
      return new Recorded(collection, equality, ranges, other, sort);
    }

    boolean byId() {
      return equality.contains("_id");
    }

    boolean matches(QueryShape shape) {
      if (!shape.collection().equals(collection) || !shape.sort().equals(sort) || !equality.containsAll(shape.equality())) {
        return false;
      }
      if (shape.range() != null && !ranges.contains(shape.range())) {
        return false;
      }
      List<String> fields = new ArrayList<>(equality);
      fields.addAll(ranges);
      fields.addAll(other);
      return fields.stream().allMatch(f -> shape.equality().contains(f) || f.equals(shape.range()) || shape.isResidual(f))
          && !(equality.isEmpty() && ranges.isEmpty() && sort.isEmpty());
    }
  }

  private static SurveyResponse response(String id) {
    return new SurveyResponse(id, "test", id, "VPN", 4, null, null, "fine", null, "Desk", "Ann", true, null, null, AT);
  }

  private static Invitation invitation(String id) {
    return new Invitation(
        id, "itsm", "T-1", "customer-1", "VPN", "Desk", "Ann", AT.minusSeconds(3600), AT.minusSeconds(60), true, "en",
        AT, AT.plus(Duration.ofDays(14)), Invitation.Status.OPEN, null, null, null);
  }
}
