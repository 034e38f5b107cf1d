package io.perceive.ingest.rollup;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.store.BucketSeries;
import io.perceive.ingest.store.ReadCache;
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
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Rollups in {@code rollups_daily}: one document per service and day. */
public final class MongoRollupRepository implements RollupRepository {

  public static final String COLLECTION = "rollups_daily";
  public static final String INTENTS = "rollup_intents";
  /** Support group and agent buckets, one document per segment and day. */
  public static final String SEGMENTS = "rollups_segments_daily";

  /** The rollups' indexes and the queries each serves. */
  public static final Schema SCHEMA =
      Schema.of(
          Schema.bucketSeries(COLLECTION),
          new Schema(
              Set.of(INTENTS, SEGMENTS),
              List.of(
                  IndexSpec.on(SEGMENTS, "kind", "dayStart"),
                  IndexSpec.on(INTENTS, "at"),
                  IndexSpec.on(INTENTS, "buckets.day")),
              List.of(
                  QueryShape.equal(COLLECTION, "services (distinct)").sort("service"),
                  QueryShape.equal(SEGMENTS, "segmentTotals", "kind").range("dayStart"),
                  QueryShape.equal(INTENTS, "pendingIntents (older than)").range("at"),
                  QueryShape.equal(INTENTS, "intentsOnDay", "buckets.day"))));

  private final MongoClient mongo;
  private final ReadCache cache;

  public MongoRollupRepository(MongoClient mongo) {
    this(mongo, ReadCache.NONE);
  }

  /** Reads of rollups through {@code cache} (the embedded store's). */
  public MongoRollupRepository(MongoClient mongo, ReadCache cache) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** The cache its reads go through. */
  public ReadCache cache() {
    return cache;
  }

  static String id(BucketKey key) {
    return key.service() + "|" + key.day();
  }

  @Override
  public Future<Void> add(BucketKey key, Totals totals) {
    return mongo
        .updateCollectionWithOptions(
            COLLECTION, new JsonObject().put("_id", id(key)), increment(key.fields(), totals), new UpdateOptions(true))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> addAll(Map<BucketKey, Totals> perBucket) {
    Map<String, JsonObject> fields = new LinkedHashMap<>();
    Map<String, Totals> totals = new LinkedHashMap<>();
    perBucket.forEach((key, t) -> {
      fields.put(id(key), key.fields());
      totals.put(id(key), t);
    });
    return incrementAll(COLLECTION, fields, totals);
  }

  @Override
  public Future<Long> version(BucketKey key) {
    return VersionedCounters.versions(mongo, COLLECTION, List.of(id(key))).map(v -> v.get(id(key)));
  }

  @Override
  public Future<Boolean> replace(BucketKey key, Totals totals, Long version, boolean guarded) {
    return setCounters(COLLECTION, id(key), key.fields(), totals, version, guarded);
  }

  /** One unordered bulk write of {@code $inc} upserts, one per document id. */
  private Future<Void> incrementAll(String collection, Map<String, JsonObject> fields, Map<String, Totals> totals) {
    if (totals.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> ops =
        totals.entrySet().stream()
            .map(
                e ->
                    BulkOperation.createUpdate(
                            new JsonObject().put("_id", e.getKey()), increment(fields.get(e.getKey()), e.getValue()))
                        .setUpsert(true))
            .toList();
    return mongo
        .bulkWriteWithOptions(collection, ops, new BulkWriteOptions(false))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Set<String>> replaceAll(
      Map<BucketKey, Totals> buckets, Map<SegmentKey, Totals> segments, Map<String, Long> versions, boolean guarded) {
    List<VersionedCounters.Replacement> days = new java.util.ArrayList<>();
    buckets.forEach((key, t) -> days.add(new VersionedCounters.Replacement(id(key), versions.get(id(key)), counters(key.fields(), t))));
    List<VersionedCounters.Replacement> cuts = new java.util.ArrayList<>();
    segments.forEach((key, t) -> cuts.add(new VersionedCounters.Replacement(key.id(), versions.get(key.id()), counters(key.fields(), t))));
    return VersionedCounters.replaceAll(mongo, Map.of(COLLECTION, days, SEGMENTS, cuts), guarded);
  }

  private static JsonObject counters(JsonObject fields, Totals totals) {
    JsonObject document = fields.copy();
    totals.asMap().forEach(document::put);
    return document;
  }

  /** Sets a document's counters to {@code totals} (a recount) if its version is unchanged. */
  private Future<Boolean> setCounters(
      String collection, String id, JsonObject fields, Totals totals, Long version, boolean guarded) {
    return VersionedCounters.replace(mongo, collection, id, version, counters(fields, totals), guarded);
  }

  @Override
  public Future<String> recordIntent(List<BucketKey> keys, java.util.Collection<String> segmentIds) {
    String id = java.util.UUID.randomUUID().toString();
    JsonArray buckets = new JsonArray();
    keys.forEach(k -> buckets.add(k.fields()));
    JsonObject intent = new JsonObject().put("_id", id).put("buckets", buckets).put("at", System.currentTimeMillis());
    if (segmentIds != null) {
      intent.put("segments", new JsonArray(List.copyOf(segmentIds)));
    }
    return mongo
        .insert(INTENTS, intent)
        .map(x -> id)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> clearIntent(String id) {
    return mongo
        .removeDocument(INTENTS, new JsonObject().put("_id", id))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Map<String, List<BucketKey>>> pendingIntents() {
    return pendingIntents(new JsonObject());
  }

  @Override
  public Future<Map<String, List<BucketKey>>> pendingIntents(long before) {
    return pendingIntents(new JsonObject().put("at", new JsonObject().put("$lt", before)));
  }

  @Override
  public Future<List<Intent>> intentsOnDay(String day) {
    return mongo
        .find(INTENTS, new JsonObject().put("buckets.day", day))
        .map(
            docs ->
                docs.stream()
                    .map(
                        doc -> {
                          JsonArray segments = doc.getJsonArray("segments");
                          Set<String> ids = null;
                          if (segments != null) {
                            ids = new java.util.HashSet<>();
                            for (int i = 0; i < segments.size(); i++) {
                              ids.add(segments.getString(i));
                            }
                          }
                          return new Intent(doc.getString("_id"), bucketsOf(doc), ids);
                        })
                    .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static List<BucketKey> bucketsOf(JsonObject doc) {
    List<BucketKey> keys = new java.util.ArrayList<>();
    JsonArray buckets = doc.getJsonArray("buckets", new JsonArray());
    for (int i = 0; i < buckets.size(); i++) {
      JsonObject b = buckets.getJsonObject(i);
      keys.add(new BucketKey(b.getString("service"), b.getString("day"), b.getLong("dayStart"), b.getLong("weekStart"), b.getLong("monthStart")));
    }
    return keys;
  }

  private Future<Map<String, List<BucketKey>>> pendingIntents(JsonObject filter) {
    return mongo
        .find(INTENTS, filter)
        .map(
            docs -> {
              Map<String, List<BucketKey>> out = new java.util.LinkedHashMap<>();
              for (JsonObject doc : docs) {
                out.put(doc.getString("_id"), bucketsOf(doc));
              }
              return out;
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static JsonObject increment(JsonObject keyFields, Totals totals) {
    JsonObject inc = new JsonObject();
    totals.asMap().forEach(inc::put);
    return VersionedCounters.increment(inc, keyFields);
  }

  /** A {@code $group} stage body summing every counter, grouped by {@code id}. */
  private static JsonObject sumOfCounters(Object id) {
    JsonObject group = new JsonObject().put("_id", id);
    for (String counter : Totals.ZERO.asMap().keySet()) {
      group.put(counter, new JsonObject().put("$sum", "$" + counter));
    }
    return group;
  }

  /** The counters of a summed (or stored) rollup document. */
  private static Totals counters(JsonObject doc) {
    Map<String, Number> counters = new HashMap<>();
    for (String counter : Totals.ZERO.asMap().keySet()) {
      counters.put(counter, doc.getNumber(counter));
    }
    return Totals.fromMap(counters);
  }


  @Override
  public Future<List<BucketTotals>> totals(
      Interval interval, Set<String> services, long from, long to) {
    Map<String, String> sums = new LinkedHashMap<>();
    Totals.ZERO.asMap().keySet().forEach(counter -> sums.put(counter, counter));
    return BucketSeries.query(
        cache, mongo, COLLECTION, interval.field(), services, from, to, sums, null,
        b -> new BucketTotals(b.service(), b.start(), counters(b.sums())));
  }

  @Override
  public Future<Void> addSegments(Map<SegmentKey, Totals> perSegment) {
    Map<String, JsonObject> fields = new LinkedHashMap<>();
    Map<String, Totals> totals = new LinkedHashMap<>();
    perSegment.forEach((key, t) -> {
      fields.put(key.id(), key.fields());
      totals.put(key.id(), t);
    });
    return incrementAll(SEGMENTS, fields, totals);
  }

  @Override
  public Future<Map<String, Long>> versionsOfMonths(long fromMonth, long toMonth) {
    return VersionedCounters.versionsOfMonths(mongo, fromMonth, toMonth, COLLECTION, SEGMENTS);
  }

  @Override
  public Future<Long> segmentVersion(SegmentKey key) {
    return VersionedCounters.versions(mongo, SEGMENTS, List.of(key.id())).map(v -> v.get(key.id()));
  }

  @Override
  public Future<Boolean> replaceSegment(SegmentKey key, Totals totals, Long version, boolean guarded) {
    return setCounters(SEGMENTS, key.id(), key.fields(), totals, version, guarded);
  }

  @Override
  public Future<List<SegmentTotals>> segmentTotals(Segment kind, long from, long to) {
    JsonObject group = sumOfCounters("$name");
    JsonArray pipeline =
        new JsonArray()
            .add(
                new JsonObject()
                    .put(
                        "$match",
                        new JsonObject()
                            .put("kind", kind.label())
                            .put("dayStart", new JsonObject().put("$gte", from).put("$lt", to))))
            .add(new JsonObject().put("$group", group))
            .add(new JsonObject().put("$sort", new JsonObject().put("_id", 1)));
    return cache.aggregate(mongo, SEGMENTS, pipeline)
        .map(docs -> docs.stream().map(d -> new SegmentTotals(d.getString("_id"), counters(d))).toList());
  }

  @Override
  public Future<List<BucketTotals>> segmentSeries(Segment kind, Interval interval, long from, long to) {
    JsonObject group = sumOfCounters(new JsonObject().put("name", "$name").put("t", "$" + interval.field()));
    JsonArray pipeline =
        new JsonArray()
            .add(new JsonObject().put("$match", new JsonObject()
                .put("kind", kind.label())
                .put("dayStart", new JsonObject().put("$gte", from).put("$lt", to))))
            .add(new JsonObject().put("$group", group))
            .add(new JsonObject().put("$sort", new JsonObject().put("_id.t", 1).put("_id.name", 1)));
    return cache.aggregate(mongo, SEGMENTS, pipeline)
        .map(docs -> docs.stream()
            .map(d -> new BucketTotals(
                d.getJsonObject("_id").getString("name"), d.getJsonObject("_id").getNumber("t").longValue(), counters(d)))
            .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<String>> services() {
    return cache.read(COLLECTION, "distinct service", () -> mongo
        .distinct(COLLECTION, "service", String.class.getName())
        .map(values -> values.stream().map(String::valueOf).sorted().toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err))), List::size);
  }
}
