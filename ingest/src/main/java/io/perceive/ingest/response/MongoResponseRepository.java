package io.perceive.ingest.response;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.perceive.analytics.rollup.Buckets;
import io.perceive.ingest.rollup.Attributions;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.InTurn;
import io.perceive.ingest.store.LeaseClaims;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Responses in the {@code responses} collection, keyed by their deterministic id so the unique
 * _id index makes retries harmless. Times are epoch milliseconds; bucket keys are stored with
 * each response so rollups can be rebuilt without date operators.
 */
public final class MongoResponseRepository implements ResponseRepository {

  public static final String COLLECTION = "responses";

  /** The indexes of {@link #COLLECTION} and the queries each serves ({@link ResponseIndexes}). */
  public static final Schema SCHEMA = ResponseIndexes.SCHEMA;

  /** Documents per cursor batch of an export: what one pause of its reader holds back. */
  static final int EXPORT_BATCH = 500;

  private final MongoClient mongo;
  private final ZoneId zone;

  public MongoResponseRepository(MongoClient mongo, ZoneId zone) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  @Override
  public Future<Boolean> insert(SurveyResponse response) {
    return MongoWrites.insertOnce(mongo, COLLECTION, ResponseDocuments.toDocument(response, zone));
  }

  @Override
  public Future<Long> insertAll(List<SurveyResponse> responses) {
    if (responses.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    List<BulkOperation> ops =
        responses.stream().map(r -> BulkOperation.createInsert(ResponseDocuments.toDocument(r, zone))).toList();
    return mongo
        .bulkWriteWithOptions(COLLECTION, ops, new BulkWriteOptions(false))
        .map(result -> (long) result.getInsertedCount())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Void> markRolledUp(String id) {
    return mongo
        .updateCollection(
            COLLECTION,
            new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("rolledUp", true)))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Long> count() {
    // The count command, not the driver's countDocuments: that is an aggregation, for which the
    // embedded server gathers every document (a million answers filled a 1 GB heap).
    return mongo
        .runCommand("count", new JsonObject().put("count", COLLECTION))
        .map(r -> r.getNumber("n").longValue())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<SurveyResponse> find(String id) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .map(doc -> doc == null ? null : ResponseDocuments.fromDocument(doc))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Revised> reviseAnswer(String id, Integer rating, boolean setComment, String comment, Integer lostMinutes) {
    JsonObject set = new JsonObject();
    JsonObject update = new JsonObject();
    if (rating != null) {
      set.put("rating", rating);
    }
    if (lostMinutes != null) {
      set.put("lostMinutes", lostMinutes);
    }
    if (setComment) {
      // A changed comment is scored again; a removed one takes its score with it.
      set.put("scored", false);
      if (comment == null) {
        update.put("$unset", new JsonObject().put("comment", "").put("score", ""));
      } else {
        set.put("comment", comment);
      }
    }
    if (set.isEmpty()) {
      return mongo
          .findOne(COLLECTION, new JsonObject().put("_id", id), null)
          .map(doc -> doc == null ? null : new Revised(ResponseDocuments.fromDocument(doc), doc.getJsonObject("score")))
          .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
    }
    update.put("$set", set);
    // The filter is the _id alone: the embedded server uses its _id index only for such a filter
    // (any other field makes it scan the collection). Without options the driver answers with
    // the document as it was before the update, which is what the rollup delta needs.
    return mongo
        .findOneAndUpdate(COLLECTION, new JsonObject().put("_id", id), update)
        .map(doc -> doc == null ? null : new Revised(ResponseDocuments.fromDocument(doc), doc.getJsonObject("score")))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<Boolean>> insertEach(List<SurveyResponse> responses) {
    return insertEach(responses, false);
  }

  @Override
  public Future<List<Boolean>> insertEachCounted(List<SurveyResponse> responses) {
    return insertEach(responses, true);
  }

  private Future<List<Boolean>> insertEach(List<SurveyResponse> responses, boolean rolledUp) {
    if (responses.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<BulkOperation> ops =
        responses.stream().map(r -> BulkOperation.createInsert(ResponseDocuments.toDocument(r, zone).put("rolledUp", rolledUp))).toList();
    return mongo
        .bulkWriteWithOptions(COLLECTION, ops, new BulkWriteOptions(false))
        .map(result -> Collections.nCopies(responses.size(), true))
        .recover(
            err -> {
              MongoBulkWriteException bulk = bulkFailure(err);
              if (bulk == null || !StoreErrors.isDuplicateKey(bulk)) {
                return Future.failedFuture(StoreErrors.classify(err));
              }
              // Counted from the failed indexes, not from insertedCount: the embedded server
              // counts failed documents of an unordered insert as inserted.
              List<Boolean> stored = new ArrayList<>(Collections.nCopies(responses.size(), true));
              for (BulkWriteError e : bulk.getWriteErrors()) {
                stored.set(e.getIndex(), false);
              }
              return Future.succeededFuture(stored);
            });
  }

  private static MongoBulkWriteException bulkFailure(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof MongoBulkWriteException bulk) {
        return bulk;
      }
    }
    return null;
  }

  /** Ids per update of {@link #markRolledUp(List)}: a recount may mark hundreds of thousands. */
  static final int MARK_CHUNK = 1_000;

  @Override
  public Future<Void> markRolledUp(List<String> ids) {
    // In chunks: one $in of every id would pass MongoDB's 16 MB command limit past ~300k ids.
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += MARK_CHUNK) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + MARK_CHUNK)));
    }
    return InTurn.each(
        chunks,
        chunk ->
            mongo
                .updateCollectionWithOptions(
                    COLLECTION,
                    new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(chunk)))),
                    new JsonObject().put("$set", new JsonObject().put("rolledUp", true)),
                    new UpdateOptions().setMulti(true))
                .recover(err -> Future.failedFuture(StoreErrors.classify(err))));
  }

  @Override
  public Future<Long> purgeComments(long cutoffMillis) {
    // Unscored comments wait for the scorer, so their score is counted before their text goes.
    JsonObject old =
        new JsonObject()
            .put("respondedAt", new JsonObject().put("$lt", cutoffMillis))
            .put("comment", new JsonObject().put("$exists", true).put("$ne", CommentRetention.PURGED))
            .put("scored", true);
    JsonObject purge =
        new JsonObject()
            .put("$set", new JsonObject().put("comment", CommentRetention.PURGED))
            .put("$unset", new JsonObject().put("score.sentences", ""));
    return mongo
        .updateCollectionWithOptions(COLLECTION, old, purge, new UpdateOptions().setMulti(true))
        .map(result -> result == null ? 0L : result.getDocModified())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<StoredResponse>> findNotRolledUp(long storedBefore, String afterId, int limit) {
    JsonObject query = new JsonObject().put("rolledUp", false);
    if (storedBefore != Long.MAX_VALUE) {
      query.put("storedAt", new JsonObject().put("$lt", storedBefore));
    }
    if (afterId != null) {
      query.put("_id", new JsonObject().put("$gt", afterId));
    }
    return mongo
        .findWithOptions(
            COLLECTION,
            query,
            new FindOptions()
                .setFields(attributed("service", "day", "dayStart", "weekStart", "monthStart"))
                .setSort(new JsonObject().put("_id", 1))
                .setLimit(limit))
        .map(MongoResponseRepository::stored)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<StoredResponse>> findAmong(List<String> ids) {
    // Only the _id: the embedded server answers an _id $in from its index, a compound filter by a scan.
    return mongo
        .findWithOptions(
            COLLECTION,
            new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))),
            new FindOptions().setFields(
                fields("service", "day", "dayStart", "weekStart", "monthStart", "supportGroup", "agent", "rolledUp", "storedAt")))
        .map(MongoResponseRepository::stored)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static List<StoredResponse> stored(List<JsonObject> docs) {
    return docs.stream().map(StoredResponse::of).toList();
  }

  @Override
  public Future<Void> forEachInMonths(long fromMonth, long toMonth, java.util.function.Consumer<StoredResponse> each) {
    JsonObject project =
        attributed(
            "service", "day", "dayStart", "weekStart", "monthStart", "rating", "nps", "ces", "comment", "slaMet",
            "score", "rolledUp", "storedAt", "lostMinutes");
    // No index: a tool's pass, page by page; on MongoDB an index would cost every write for it.
    JsonObject months = new JsonObject().put("monthStart", new JsonObject().put("$gte", fromMonth).put("$lte", toMonth));
    return MongoWrites.forEach(mongo, COLLECTION, months, project, doc -> each.accept(StoredResponse.of(doc)));
  }

  @Override
  public Future<java.util.SortedSet<Long>> months() {
    return ResponseMonths.of(mongo).recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<RollupRepository.BucketKey>> buckets() {
    JsonObject group =
        new JsonObject()
            .put("_id", new JsonObject().put("service", "$service").put("day", "$day"))
            .put("dayStart", new JsonObject().put("$first", "$dayStart"))
            .put("weekStart", new JsonObject().put("$first", "$weekStart"))
            .put("monthStart", new JsonObject().put("$first", "$monthStart"));
    JsonArray pipeline =
        new JsonArray()
            .add(new JsonObject().put("$group", group))
            .add(new JsonObject().put("$sort", new JsonObject().put("dayStart", 1).put("_id.service", 1)));
    return MongoWrites.aggregate(mongo, COLLECTION, pipeline)
        .map(
            docs ->
                docs.stream()
                    .map(
                        d ->
                            new RollupRepository.BucketKey(
                                d.getJsonObject("_id").getString("service"), d.getJsonObject("_id").getString("day"),
                                d.getLong("dayStart"), d.getLong("weekStart"), d.getLong("monthStart")))
                    .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<StoredResponse>> findInBucket(String service, String day) {
    return find(
            new JsonObject().put("service", service).put("day", day),
            attributed(
                "rating", "nps", "ces", "comment", "rolledUp", "storedAt", "score", "slaMet", "ticketId", "respondedAt",
                "lostMinutes"),
            -1)
        .map(MongoResponseRepository::stored);
  }

  @Override
  public Future<List<StoredResponse>> findInSegment(
      RollupRepository.Segment kind, String name, String day) {
    return find(new JsonObject().put(kind.field(), name).put("day", day), fields("rating", "nps", "ces", "comment", "slaMet", "score", "rolledUp", "storedAt", "lostMinutes"), -1)
        .map(MongoResponseRepository::stored);
  }

  @Override
  public Future<List<JsonObject>> findUnscored(int limit) {
    return find(
        new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true)),
        attributed("rating", "comment", "score", "service", "day", "dayStart", "weekStart", "monthStart"),
        limit);
  }

  @Override
  public Future<List<JsonObject>> claimUnscored(String owner, int limit, long now, long until) {
    return LeaseClaims.claim(
        mongo, COLLECTION, new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true)),
        attributed(
            "rating", "comment", "score", "service", "day", "dayStart", "weekStart", "monthStart", "ticketId", "respondedAt"),
        owner, limit, now, until);
  }

  @Override
  public Future<JsonObject> storeScore(String id, String comment, JsonObject score) {
    // By _id alone (the embedded server's index serves no other filter); the document as it was
    // tells whether the comment changed meanwhile.
    return mongo
        .findOneAndUpdate(
            COLLECTION,
            new JsonObject().put("_id", id),
            // The claim ends with the score: an edit made meanwhile can be claimed again at once.
            new JsonObject().put("$set", new JsonObject().put("scored", true).put("score", score).put("leaseUntil", 0L)))
        .compose(
            before -> {
              if (before == null || Objects.equals(before.getString("comment"), comment)) {
                return Future.succeededFuture(before);
              }
              JsonObject update =
                  before.getString("comment") == null
                      ? new JsonObject()
                          .put("$set", new JsonObject().put("scored", false))
                          .put("$unset", new JsonObject().put("score", ""))
                      : new JsonObject().put("$set", new JsonObject().put("scored", false));
              return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), update).map(r -> before);
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<JsonObject>> findComments(CommentQuery q) {
    if (!MongoScoreRollupRepository.isMeasure(q.measure())) {
      return Future.failedFuture(new IllegalArgumentException("not a measure name: " + q.measure()));
    }
    JsonObject respondedAt = new JsonObject().put("$gte", q.from()).put("$lt", q.to());
    JsonObject query =
        new JsonObject()
            .put("scored", true)
            .put("comment", new JsonObject().put("$ne", CommentRetention.PURGED))
            .put("respondedAt", respondedAt);
    if (q.after() != null) {
      // Keyset paging: the index range ends at the last page's time; among the comments of that
      // very millisecond only the smaller ids are left.
      respondedAt.put("$lte", q.after().respondedAt());
      query.put(
          "$or",
          new JsonArray()
              .add(new JsonObject().put("respondedAt", new JsonObject().put("$lt", q.after().respondedAt())))
              .add(new JsonObject().put("_id", new JsonObject().put("$lt", q.after().id()))));
    }
    if (!q.services().isEmpty()) {
      query.put("service", new JsonObject().put("$in", new JsonArray(List.copyOf(q.services()))));
    }
    if (q.supportGroup() != null) {
      query.put("supportGroup", q.supportGroup());
    }
    if (q.agent() != null) {
      query.put("agent", q.agent());
    }
    if (q.ticketType() != null) {
      query.put("ticketType", q.ticketType());
    }
    if (q.provider() != null) {
      query.put("provider", q.provider());
    }
    String path = "sentiment".equals(q.measure()) ? "score.sentiment.score" : "score.competency." + q.measure();
    query.put(
        path,
        switch (q.polarity()) {
          case "negative" -> new JsonObject().put("$lt", 0);
          case "positive" -> new JsonObject().put("$gt", 0);
          default -> new JsonObject().put("$exists", true);
        });
    FindOptions options =
        new FindOptions()
            .setFields(attributed("service", "rating", "comment", "respondedAt", "score"))
            // _id breaks ties, so a page is the same page each time it is asked for.
            .setSort(new JsonObject().put("respondedAt", -1).put("_id", -1))
            .setLimit(q.limit());
    return mongo.findWithOptions(COLLECTION, query, options).recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public ReadStream<JsonObject> export(long from, long to, Set<String> services) {
    JsonObject query = new JsonObject().put("respondedAt", new JsonObject().put("$gte", from).put("$lt", to));
    if (!services.isEmpty()) {
      query.put("service", new JsonObject().put("$in", new JsonArray(List.copyOf(services))));
    }
    FindOptions options =
        new FindOptions()
            .setFields(fields(ResponseExport.STORED.toArray(String[]::new)))
            .setSort(new JsonObject().put("respondedAt", 1).put("_id", 1))
            .setBatchSize(EXPORT_BATCH);
    return mongo.findBatchWithOptions(COLLECTION, query, options);
  }

  private Future<List<JsonObject>> find(JsonObject query, JsonObject fields, int limit) {
    return mongo
        .findWithOptions(COLLECTION, query, new FindOptions().setFields(fields).setLimit(limit))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** The fields named and the response's attributions (its segments). */
  private static JsonObject attributed(String... names) {
    JsonObject fields = fields(names);
    Attributions.FIELDS.forEach(f -> fields.put(f, 1));
    return fields;
  }

  private static JsonObject fields(String... names) {
    JsonObject fields = new JsonObject();
    for (String name : names) {
      fields.put(name, 1);
    }
    return fields;
  }
}
