package io.perceive.ingest.survey;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.rollup.Attributions;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.store.BucketSeries;
import io.perceive.ingest.store.InTurn;
import io.perceive.ingest.store.IndexSpec;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.QueryShape;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.perceive.ingest.store.VersionedCounters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitation counters per service and day of sending, in {@code rollups_invitations_daily}: how
 * many were sent, skipped (sampling, fatigue), answered and cancelled, so a response rate is read
 * from rollups alone; and the same per segment of the invitations, in the same document ({@link
 * InvitationSegments}). An invitation stays in the bucket of the day it was created: the rate of a
 * period is the share of that period's invitations that were answered, whenever they were.
 *
 * <p>A counted change is two writes (the invitation or its outcome, then the counter). An intent
 * naming the bucket is recorded before them and removed after, and {@link #recover} recounts the
 * bucket of any intent a crash or outage left behind, from the invitations themselves: at start,
 * and for intents minutes old while serving ({@link #recoverStale}).
 */
public final class MongoInvitationRollups {

  public static final String COLLECTION = "rollups_invitations_daily";
  public static final String INTENTS = "invitation_rollup_intents";

  /** The invitation counters' indexes and the queries each serves. */
  public static final Schema SCHEMA =
      Schema.of(
          Schema.bucketSeries(COLLECTION),
          new Schema(
              Set.of(INTENTS),
              List.of(IndexSpec.on(INTENTS, "at"), IndexSpec.on(INTENTS, "bucket.service", "bucket.day")),
              List.of(
                  QueryShape.equal(INTENTS, "recoverStale").range("at"),
                  QueryShape.equal(INTENTS, "othersWriting", "bucket.service", "bucket.day"))));

  /** Invitation ids per outcome query of a recount. */
  private static final int OUTCOME_CHUNK = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(MongoInvitationRollups.class);

  /** The counters of a bucket. */
  public enum Counter {
    SENT,
    SKIPPED,
    ANSWERED,
    CANCELLED;

    public String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The sums of one service and interval bucket. */
  public record RateTotals(String service, long bucketStart, long sent, long skipped, long answered, long cancelled) {

    /** Invitations that could be answered: sent and not withdrawn. */
    public long eligible() {
      return Math.max(0, sent - cancelled);
    }
  }

  private final MongoClient mongo;
  private final ZoneId zone;
  private final Clock clock;
  private final io.perceive.ingest.store.ReadCache cache;

  public MongoInvitationRollups(MongoClient mongo, ZoneId zone) {
    this(mongo, zone, Clock.systemUTC());
  }

  public MongoInvitationRollups(MongoClient mongo, ZoneId zone, Clock clock) {
    this(mongo, zone, clock, io.perceive.ingest.store.ReadCache.NONE);
  }

  /** Reads of the counters through {@code cache} (the embedded store's). */
  public MongoInvitationRollups(MongoClient mongo, ZoneId zone, Clock clock, io.perceive.ingest.store.ReadCache cache) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** The bucket of an invitation: its service and the day it was created. */
  JsonObject bucket(String service, Instant createdAt) {
    Buckets b = Buckets.of(createdAt, zone);
    return new JsonObject()
        .put("service", service)
        .put("day", b.day())
        .put("dayStart", b.dayStart())
        .put("weekStart", b.weekStart())
        .put("monthStart", b.monthStart());
  }

  private static String id(JsonObject bucket) {
    return bucket.getString("service") + "|" + bucket.getString("day");
  }

  /**
   * Runs {@code change} under an intent for the invitation's bucket, then adds one to {@code
   * counter} of the bucket and of the invitation's segments when the change reports that it took
   * effect (a new invitation, a won outcome claim).
   */
  <T> Future<T> counted(Invitation invitation, Counter counter, Supplier<Future<T>> change, Predicate<T> tookEffect) {
    JsonObject bucket = bucket(invitation.service(), invitation.createdAt());
    String intent = UUID.randomUUID().toString();
    return mongo
        .insert(INTENTS, new JsonObject().put("_id", intent).put("bucket", bucket).put("at", clock.millis()))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)))
        .compose(x -> change.get())
        .compose(
            result -> {
              Future<Void> inc = tookEffect.test(result) ? increment(bucket, counter, invitation) : Future.succeededFuture();
              return inc.compose(v -> clear(intent)).map(v -> result);
            });
  }

  /** One increment of the service's counter and its segments' (one update of one document). */
  private Future<Void> increment(JsonObject bucket, Counter counter, Invitation invitation) {
    JsonObject inc = InvitationSegments.increments(invitation.attributions(), counter).put(counter.field(), 1);
    JsonObject update = VersionedCounters.increment(inc, bucket);
    return mongo
        .updateCollectionWithOptions(COLLECTION, new JsonObject().put("_id", id(bucket)), update, new UpdateOptions(true))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private Future<Void> clear(String intent) {
    return mongo
        .removeDocument(INTENTS, new JsonObject().put("_id", intent))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /**
   * Removes an invitation and its outcome (an erased customer's) under an intent for its bucket,
   * then recounts that bucket from what is left, so the counters equal a recount. Completes with
   * how many documents were removed.
   */
  public Future<Long> remove(Invitation invitation) {
    JsonObject bucket = bucket(invitation.service(), invitation.createdAt());
    String intent = UUID.randomUUID().toString();
    JsonObject byId = new JsonObject().put("_id", invitation.id());
    long[] removed = {0};
    return mongo
        .insert(INTENTS, new JsonObject().put("_id", intent).put("bucket", bucket).put("at", clock.millis()))
        .compose(x -> mongo.removeDocuments(MongoInvitationRepository.COLLECTION, byId))
        .compose(r -> {
          removed[0] += r == null ? 0 : r.getRemovedCount();
          return mongo.removeDocuments(MongoInvitationRepository.OUTCOMES, byId);
        })
        .map(r -> removed[0] + (r == null ? 0 : r.getRemovedCount()))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)))
        .compose(n -> recover(new JsonObject().put("_id", intent)).map(done -> n));
  }

  /**
   * Recounts the bucket of every intent left behind, from the invitations created that day for
   * that service and their outcomes, then removes the intents. Run at start, and only where no
   * other instance shares the store (the embedded store): every intent is taken as left behind.
   * (The recount reads invitations by service and creation time, a scan on the embedded store: it
   * only happens after a crash or an outage, for the buckets that were being written.)
   */
  public Future<Integer> recover() {
    return recover(new JsonObject());
  }

  /**
   * As {@link #recover()}, for intents older than {@code grace} only: at start with a shared
   * store, and while serving, so a write that failed halfway (the store went away between the
   * invitation and its counter) is repaired without waiting for a restart. A live write takes
   * milliseconds, so an intent minutes old has no live owner. Other instances may be writing the
   * same buckets meanwhile: see {@link VersionedCounters}. A bucket with a younger intent on it is
   * left for the next sweep.
   */
  public Future<Integer> recoverStale(Duration grace) {
    return recover(new JsonObject().put("at", new JsonObject().put("$lt", clock.millis() - grace.toMillis())));
  }

  private Future<Integer> recover(JsonObject filter) {
    return mongo
        .find(INTENTS, filter)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)))
        .compose(
            intents -> {
              if (intents.isEmpty()) {
                return Future.succeededFuture(0);
              }
              Map<String, JsonObject> buckets = new LinkedHashMap<>();
              Map<String, List<String>> intentsByBucket = new LinkedHashMap<>();
              for (JsonObject intent : intents) {
                JsonObject bucket = intent.getJsonObject("bucket");
                buckets.putIfAbsent(id(bucket), bucket);
                intentsByBucket.computeIfAbsent(id(bucket), k -> new ArrayList<>()).add(intent.getString("_id"));
              }
              LOG.info("recounting invitation buckets of interrupted writes [intents: {}, buckets: {}]", intents.size(), buckets.size());
              Set<String> own = new HashSet<>();
              intentsByBucket.values().forEach(own::addAll);
              Future<Integer> chain = Future.succeededFuture(0);
              for (var e : buckets.entrySet()) {
                List<String> ids = intentsByBucket.get(e.getKey());
                chain =
                    chain.compose(
                        n ->
                            VersionedCounters.retry(() -> recountOnce(e.getValue(), own))
                                .compose(
                                    outcome -> {
                                      if (outcome != VersionedCounters.Outcome.DONE) {
                                        LOG.info("invitation bucket left to the next sweep [bucket: {}, reason: {}]", e.getKey(), outcome);
                                        return Future.succeededFuture(n);
                                      }
                                      Future<Void> cleared = Future.succeededFuture();
                                      for (String intent : ids) {
                                        cleared = cleared.compose(v -> clear(intent));
                                      }
                                      return cleared.map(v -> n + ids.size());
                                    }));
              }
              return chain;
            });
  }

  /**
   * Sets a bucket's counters to what its invitations and their outcomes say. Completes with
   * {@code DONE}, or {@code BUSY} when a write by someone else (an intent not in {@code own}) is
   * in flight on the bucket, or {@code MISSED} when a counter moved while counting.
   */
  Future<VersionedCounters.Outcome> recountOnce(JsonObject bucket, Set<String> own) {
    String id = id(bucket);
    return VersionedCounters.versions(mongo, COLLECTION, List.of(id))
        .compose(
            versions ->
                count(bucket)
                    .compose(
                        counts ->
                            othersWriting(bucket, own)
                                .compose(
                                    busy -> {
                                      if (busy) {
                                        return Future.succeededFuture(VersionedCounters.Outcome.BUSY);
                                      }
                                      JsonObject document = counters(bucket, counts);
                                      return VersionedCounters.replaceIfUnchanged(mongo, COLLECTION, id, versions.get(id), document)
                                          .map(done -> done ? VersionedCounters.Outcome.DONE : VersionedCounters.Outcome.MISSED);
                                    })));
  }

  /** Whether an intent other than {@code own} names this bucket: a write someone has in flight. */
  private Future<Boolean> othersWriting(JsonObject bucket, Set<String> own) {
    JsonObject query =
        new JsonObject().put("bucket.service", bucket.getString("service")).put("bucket.day", bucket.getString("day"));
    return mongo
        .findWithOptions(INTENTS, query, new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .map(docs -> docs.stream().anyMatch(d -> !own.contains(d.getString("_id"))))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** What the invitations of a bucket and their outcomes count, for the service and its segments. */
  private Future<InvitationSegments.Counts> count(JsonObject bucket) {
    long from = bucket.getLong("dayStart");
    long to = LocalDate.parse(bucket.getString("day")).plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    JsonObject query =
        new JsonObject()
            .put("service", bucket.getString("service"))
            .put("createdAt", new JsonObject().put("$gte", from).put("$lt", to));
    JsonObject fields = new JsonObject().put("status", 1);
    Attributions.FIELDS.forEach(f -> fields.put(f, 1));
    return mongo
        .findWithOptions(MongoInvitationRepository.COLLECTION, query, new FindOptions().setFields(fields))
        .compose(
            invitations -> {
              InvitationSegments.Counts counts = new InvitationSegments.Counts();
              Map<String, Attributions> attributions = new HashMap<>();
              List<List<String>> chunks = new ArrayList<>();
              for (int start = 0; start < invitations.size(); start += OUTCOME_CHUNK) {
                List<String> ids = new ArrayList<>();
                for (JsonObject i : invitations.subList(start, Math.min(invitations.size(), start + OUTCOME_CHUNK))) {
                  boolean skipped = Invitation.Status.SKIPPED.wire().equals(i.getString("status"));
                  Attributions of = Attributions.of(i);
                  counts.add(of, skipped ? Counter.SKIPPED : Counter.SENT);
                  attributions.put(i.getString("_id"), of);
                  ids.add(i.getString("_id"));
                }
                chunks.add(ids);
              }
              // The outcomes by _id, a thousand per query in turn: not one findOne per invitation
              // all at once, which a busy day turned into thousands of concurrent queries.
              return InTurn.each(
                      chunks,
                      ids ->
                          mongo
                              .findWithOptions(
                                  MongoInvitationRepository.OUTCOMES,
                                  new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids))),
                                  new FindOptions().setFields(new JsonObject().put("outcome", 1)))
                              .map(
                                  outcomes -> {
                                    for (JsonObject outcome : outcomes) {
                                      boolean answered = Invitation.Status.ANSWERED.wire().equals(outcome.getString("outcome"));
                                      counts.add(attributions.get(outcome.getString("_id")), answered ? Counter.ANSWERED : Counter.CANCELLED);
                                    }
                                    return null;
                                  }))
                  .map(v -> counts);
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** The same as one operation of a bulk write on {@link #COLLECTION}. */
  BulkOperation setOperation(JsonObject bucket, InvitationSegments.Counts counts) {
    return BulkOperation.createUpdate(new JsonObject().put("_id", id(bucket)), new JsonObject().put("$set", counters(bucket, counts)))
        .setUpsert(true);
  }

  private static JsonObject counters(JsonObject bucket, InvitationSegments.Counts counts) {
    JsonObject document = bucket.copy();
    for (Counter c : Counter.values()) {
      document.put(c.field(), counts.service(c));
    }
    JsonObject segments = counts.document();
    if (segments != null) {
      document.put(InvitationSegments.FIELD, segments);
    }
    return document;
  }

  /**
   * Sums per service and interval bucket between {@code from} (inclusive) and {@code to}
   * (exclusive), epoch milliseconds of the day the invitations were created; an empty
   * {@code services} means every service.
   */
  public Future<List<RateTotals>> totals(Interval interval, Set<String> services, long from, long to) {
    return totals(null, interval, services, from, to);
  }

  /**
   * As {@link #totals(Interval, Set, long, long)}, per support group, agent, ticket type or
   * provider ({@code by}; null: per service) across the services asked for; each row's {@code
   * service} holds the segment's name.
   */
  public Future<List<RateTotals>> totals(Segment by, Interval interval, Set<String> services, long from, long to) {
    if (by != null) {
      return InvitationSegments.totals(mongo, by, interval, services, from, to);
    }
    Map<String, String> sums = new LinkedHashMap<>();
    for (Counter c : Counter.values()) {
      sums.put(c.field(), c.field());
    }
    return BucketSeries.query(
        cache, mongo, COLLECTION, interval.field(), services, from, to, sums, null,
        b -> new RateTotals(
            b.service(), b.start(), b.count(Counter.SENT.field()), b.count(Counter.SKIPPED.field()),
            b.count(Counter.ANSWERED.field()), b.count(Counter.CANCELLED.field())));
  }
}
