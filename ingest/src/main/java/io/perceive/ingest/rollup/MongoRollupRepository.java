package io.perceive.ingest.rollup;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.HashMap;
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

  private final MongoClient mongo;

  public MongoRollupRepository(MongoClient mongo) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
  }

  static String id(BucketKey key) {
    return key.service() + "|" + key.day();
  }

  @Override
  public Future<Void> add(BucketKey key, Totals totals) {
    return mongo
        .updateCollectionWithOptions(
            COLLECTION, new JsonObject().put("_id", id(key)), increment(key, totals), new UpdateOptions(true))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> addAll(Map<BucketKey, Totals> perBucket) {
    if (perBucket.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> ops =
        perBucket.entrySet().stream()
            .map(
                e ->
                    BulkOperation.createUpdate(
                            new JsonObject().put("_id", id(e.getKey())), increment(e.getKey(), e.getValue()))
                        .setUpsert(true))
            .toList();
    return mongo
        .bulkWriteWithOptions(COLLECTION, ops, new BulkWriteOptions(false))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> replace(BucketKey key, Totals totals) {
    JsonObject set = key.fields();
    totals.asMap().forEach(set::put);
    return mongo
        .updateCollectionWithOptions(
            COLLECTION,
            new JsonObject().put("_id", id(key)),
            new JsonObject().put("$set", set),
            new UpdateOptions(true))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<String> recordIntent(List<BucketKey> keys) {
    String id = java.util.UUID.randomUUID().toString();
    JsonArray buckets = new JsonArray();
    keys.forEach(k -> buckets.add(k.fields()));
    return mongo
        .insert(INTENTS, new JsonObject().put("_id", id).put("buckets", buckets).put("at", System.currentTimeMillis()))
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
    return mongo
        .find(INTENTS, new JsonObject())
        .map(
            docs -> {
              Map<String, List<BucketKey>> out = new java.util.LinkedHashMap<>();
              for (JsonObject doc : docs) {
                List<BucketKey> keys = new java.util.ArrayList<>();
                JsonArray buckets = doc.getJsonArray("buckets", new JsonArray());
                for (int i = 0; i < buckets.size(); i++) {
                  JsonObject b = buckets.getJsonObject(i);
                  keys.add(new BucketKey(b.getString("service"), b.getString("day"), b.getLong("dayStart"), b.getLong("weekStart"), b.getLong("monthStart")));
                }
                out.put(doc.getString("_id"), keys);
              }
              return out;
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static JsonObject increment(BucketKey key, Totals totals) {
    JsonObject inc = new JsonObject();
    totals.asMap().forEach(inc::put);
    return new JsonObject().put("$inc", inc).put("$setOnInsert", key.fields());
  }


  @Override
  public Future<List<BucketTotals>> totals(
      Interval interval, Set<String> services, long from, long to) {
    JsonObject match =
        new JsonObject().put("dayStart", new JsonObject().put("$gte", from).put("$lt", to));
    if (!services.isEmpty()) {
      match.put("service", new JsonObject().put("$in", new JsonArray(List.copyOf(services))));
    }
    JsonObject group =
        new JsonObject()
            .put(
                "_id",
                new JsonObject().put("service", "$service").put("t", "$" + interval.field()));
    for (String counter : Totals.ZERO.asMap().keySet()) {
      group.put(counter, new JsonObject().put("$sum", "$" + counter));
    }
    JsonArray pipeline =
        new JsonArray()
            .add(new JsonObject().put("$match", match))
            .add(new JsonObject().put("$group", group))
            .add(new JsonObject().put("$sort", new JsonObject().put("_id.t", 1).put("_id.service", 1)));
    return MongoWrites.aggregate(mongo, COLLECTION, pipeline)
        .map(docs -> docs.stream().map(MongoRollupRepository::toBucketTotals).toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> addSegments(Map<SegmentKey, Totals> perSegment) {
    if (perSegment.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> ops =
        perSegment.entrySet().stream()
            .map(
                e -> {
                  JsonObject inc = new JsonObject();
                  e.getValue().asMap().forEach(inc::put);
                  return BulkOperation.createUpdate(
                          new JsonObject().put("_id", e.getKey().id()),
                          new JsonObject().put("$inc", inc).put("$setOnInsert", e.getKey().fields()))
                      .setUpsert(true);
                })
            .toList();
    return mongo
        .bulkWriteWithOptions(SEGMENTS, ops, new BulkWriteOptions(false))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> replaceSegment(SegmentKey key, Totals totals) {
    JsonObject set = key.fields();
    totals.asMap().forEach(set::put);
    return mongo
        .updateCollectionWithOptions(
            SEGMENTS, new JsonObject().put("_id", key.id()), new JsonObject().put("$set", set), new UpdateOptions(true))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<SegmentTotals>> segmentTotals(Segment kind, long from, long to) {
    JsonObject group = new JsonObject().put("_id", "$name");
    for (String counter : Totals.ZERO.asMap().keySet()) {
      group.put(counter, new JsonObject().put("$sum", "$" + counter));
    }
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
    return MongoWrites.aggregate(mongo, SEGMENTS, pipeline)
        .map(
            docs ->
                docs.stream()
                    .map(
                        d -> {
                          Map<String, Number> counters = new HashMap<>();
                          for (String counter : Totals.ZERO.asMap().keySet()) {
                            counters.put(counter, d.getNumber(counter));
                          }
                          return new SegmentTotals(d.getString("_id"), Totals.fromMap(counters));
                        })
                    .toList());
  }

  @Override
  public Future<List<String>> services() {
    return mongo
        .distinct(COLLECTION, "service", String.class.getName())
        .map(values -> values.stream().map(String::valueOf).sorted().toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static BucketTotals toBucketTotals(JsonObject doc) {
    JsonObject id = doc.getJsonObject("_id");
    Map<String, Number> counters = new HashMap<>();
    for (String counter : Totals.ZERO.asMap().keySet()) {
      counters.put(counter, doc.getNumber(counter));
    }
    return new BucketTotals(
        id.getString("service"), id.getNumber("t").longValue(), Totals.fromMap(counters));
  }
}
