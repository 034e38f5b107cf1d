package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.AggregateOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

  /** Documents per cursor batch of {@link #aggregate} and {@link #forEach}. */
  static final int BATCH = 1000;

  /**
   * Runs an aggregation pipeline and collects every result document.
   *
   * <p>Through the driver's own cursor ({@code MongoClient.aggregateWithOptions}): its
   * {@code getMore} calls run in the session that opened the cursor, as MongoDB requires (a
   * {@code getMore} sent through {@code runCommand} gets a session of its own and is refused,
   * errors 50737/50738). The stream is drained by {@link #drain}, which registers its end and
   * failure handlers before it subscribes: {@code ReadStream.collect} subscribes first, and an
   * empty result could end before its end handler was set, which hung a rollup query in CI (see
   * {@code MongoWritesTest}).
   */
  public static Future<List<JsonObject>> aggregate(MongoClient mongo, String collection, JsonArray pipeline) {
    return aggregate(mongo, collection, pipeline, BATCH);
  }

  static Future<List<JsonObject>> aggregate(MongoClient mongo, String collection, JsonArray pipeline, int batchSize) {
    List<JsonObject> out = new ArrayList<>();
    return drain(mongo.aggregateWithOptions(collection, pipeline, new AggregateOptions().setBatchSize(batchSize)), out::add)
        .map(v -> out);
  }

  /**
   * Hands {@code each} every document of a collection ({@code fields} only), a batch at a time
   * through one driver cursor, without holding them all: for passes over a whole collection.
   */
  public static Future<Void> forEach(MongoClient mongo, String collection, JsonObject fields, Consumer<JsonObject> each) {
    return forEach(mongo, collection, new JsonObject(), fields, each);
  }

  /** As above, for the documents that match {@code query}. */
  public static Future<Void> forEach(
      MongoClient mongo, String collection, JsonObject query, JsonObject fields, Consumer<JsonObject> each) {
    FindOptions options = new FindOptions().setFields(fields).setBatchSize(BATCH);
    return drain(mongo.findBatchWithOptions(collection, query, options), each);
  }

  /** Completes when the stream ends, or fails with its failure (classified) or the consumer's. */
  private static Future<Void> drain(ReadStream<JsonObject> stream, Consumer<JsonObject> each) {
    Promise<Void> done = Promise.promise();
    stream
        .exceptionHandler(err -> done.tryFail(StoreErrors.classify(err)))
        .endHandler(v -> done.tryComplete())
        .handler(
            doc -> {
              if (done.future().isComplete()) {
                return;
              }
              try {
                each.accept(doc);
              } catch (RuntimeException e) {
                done.tryFail(e);
                stream.handler(null);
              }
            });
    return done.future();
  }
}
