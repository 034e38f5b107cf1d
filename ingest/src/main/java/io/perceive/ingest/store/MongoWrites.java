package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/** Write patterns shared by the repositories. */
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
}
