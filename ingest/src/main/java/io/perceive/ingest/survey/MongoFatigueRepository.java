package io.perceive.ingest.survey;

import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Instant;
import java.util.Objects;

/**
 * Fatigue in the {@code fatigue} collection. The claim is one upsert whose filter only matches a
 * stale record: a fresh one makes the upsert collide on {@code _id}, which is the refusal.
 */
public final class MongoFatigueRepository implements FatigueRepository {

  public static final String COLLECTION = "fatigue";

  private final MongoClient mongo;

  public MongoFatigueRepository(MongoClient mongo) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
  }

  @Override
  public Future<Boolean> claim(String customerHash, String invitationId, Instant now, Instant cutoff) {
    JsonObject filter =
        new JsonObject()
            .put("_id", customerHash)
            .put("lastInvitedAt", new JsonObject().put("$lte", cutoff.toEpochMilli()));
    JsonObject update =
        new JsonObject()
            .put("$set", new JsonObject().put("lastInvitedAt", now.toEpochMilli()).put("invitationId", invitationId));
    return mongo
        .updateCollectionWithOptions(COLLECTION, filter, update, new UpdateOptions(true))
        .map(result -> true)
        .recover(
            err -> {
              if (!StoreErrors.isDuplicateKey(err)) {
                return Future.failedFuture(StoreErrors.classify(err));
              }
              return mongo
                  .findOne(COLLECTION, new JsonObject().put("_id", customerHash), null)
                  .map(doc -> doc != null && invitationId.equals(doc.getString("invitationId")))
                  .recover(e -> Future.failedFuture(StoreErrors.classify(e)));
            });
  }
}
