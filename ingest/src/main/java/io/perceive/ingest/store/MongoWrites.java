package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.List;

/** Read and write patterns shared by the repositories. */
public final class MongoWrites {

  private MongoWrites() {}

  /**
   * Inserts a document whose {@code _id} makes it unique: {@code true} when this call stored it,
   * {@code false} when a document with that id was already there (a retry, or a lost race).
   * Connection failures come back as {@link StoreUnavailableException}.
   */
  public static Future<Boolean> insertOnce(MongoClient mongo, String collection, JsonObject document) {
    return mongo
        .insert(collection, document)
        .map(id -> true)
        .recover(
            err ->
                StoreErrors.isDuplicateKey(err)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(StoreErrors.classify(err)));
  }

  /** Documents per cursor batch of {@link #aggregate}. */
  static final int AGGREGATE_BATCH = 1000;

  /**
   * Runs an aggregation pipeline and collects every result document, through the {@code
   * aggregate} and {@code getMore} commands.
   *
   * <p>Not {@code MongoClient.aggregate}: its {@code ReadStream} (vertx-mongo-client 5.0.7)
   * sometimes never ends when the pipeline yields no document, which hung a rollup query in CI
   * (see {@code MongoWritesTest}). Rollup answers are small (services times buckets), so a list is
   * the right shape anyway.
   */
  public static Future<List<JsonObject>> aggregate(MongoClient mongo, String collection, JsonArray pipeline) {
    return aggregate(mongo, collection, pipeline, AGGREGATE_BATCH);
  }

  static Future<List<JsonObject>> aggregate(
      MongoClient mongo, String collection, JsonArray pipeline, int batchSize) {
    List<JsonObject> out = new ArrayList<>();
    return forEach(mongo, collection, pipeline, batchSize, out::add).map(v -> out);
  }

  /**
   * Runs an aggregation pipeline and hands each result document to {@code each}, a batch at a
   * time, without holding them all: for passes over a whole collection.
   */
  public static Future<Void> forEach(
      MongoClient mongo, String collection, JsonArray pipeline, java.util.function.Consumer<JsonObject> each) {
    return forEach(mongo, collection, pipeline, AGGREGATE_BATCH, each);
  }

  private static Future<Void> forEach(
      MongoClient mongo, String collection, JsonArray pipeline, int batchSize, java.util.function.Consumer<JsonObject> each) {
    JsonObject command =
        new JsonObject()
            .put("aggregate", collection)
            .put("pipeline", pipeline)
            .put("cursor", new JsonObject().put("batchSize", batchSize));
    return mongo
        .runCommand("aggregate", command)
        .compose(reply -> drain(mongo, collection, reply, "firstBatch", batchSize, each))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static Future<Void> drain(
      MongoClient mongo, String collection, JsonObject reply, String batchField, int batchSize,
      java.util.function.Consumer<JsonObject> each) {
    JsonObject cursor = reply.getJsonObject("cursor", new JsonObject());
    for (Object doc : cursor.getJsonArray(batchField, new JsonArray())) {
      each.accept((JsonObject) doc);
    }
    Number id = cursor.getNumber("id", 0L);
    if (id.longValue() == 0L) {
      return Future.succeededFuture();
    }
    JsonObject more =
        new JsonObject().put("getMore", id.longValue()).put("collection", collection).put("batchSize", batchSize);
    return mongo
        .runCommand("getMore", more)
        .compose(next -> drain(mongo, collection, next, "nextBatch", batchSize, each));
  }
}
