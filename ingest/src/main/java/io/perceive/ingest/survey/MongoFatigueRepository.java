package io.perceive.ingest.survey;

import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.Objects;

/**
 * Fatigue in the {@code fatigue} collection, read and written by {@code _id} alone (the embedded
 * server uses its {@code _id} index only for such a filter). A customer's first invitation is
 * claimed by a unique insert; a later one reads the record and, when it is stale, overwrites it.
 * Two tickets of one customer reported at the same instant after a quiet period may both be
 * invited: the policy is about not pestering, not a lock.
 */
public final class MongoFatigueRepository implements FatigueRepository {

  public static final String COLLECTION = "fatigue";
  private static final int ATTEMPTS = 3;

  private final MongoClient mongo;

  public MongoFatigueRepository(MongoClient mongo) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
  }

  @Override
  public Future<Boolean> claim(String customerHash, String invitationId, String replaces, Instant now, Instant cutoff) {
    return claim(customerHash, invitationId, replaces, now, cutoff, ATTEMPTS)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private Future<Boolean> claim(
      String customerHash, String invitationId, String replaces, Instant now, Instant cutoff, int attempts) {
    JsonObject byId = new JsonObject().put("_id", customerHash);
    JsonObject record =
        new JsonObject().put("lastInvitedAt", now.toEpochMilli()).put("invitationId", invitationId);
    return mongo
        .findOne(COLLECTION, byId, null)
        .compose(
            doc -> {
              if (doc == null) {
                return mongo
                    .insert(COLLECTION, record.copy().put("_id", customerHash))
                    .map(id -> true)
                    .recover(
                        err ->
                            StoreErrors.isDuplicateKey(err) && attempts > 1
                                ? claim(customerHash, invitationId, replaces, now, cutoff, attempts - 1)
                                : Future.failedFuture(err));
              }
              if (invitationId.equals(doc.getString("invitationId"))) {
                return Future.succeededFuture(true);
              }
              // The claim of a cancelled invitation passes to the same ticket's next one.
              boolean renewal = replaces != null && replaces.equals(doc.getString("invitationId"));
              if (!renewal && doc.getLong("lastInvitedAt") > cutoff.toEpochMilli()) {
                return Future.succeededFuture(false);
              }
              return mongo
                  .updateCollection(COLLECTION, byId, new JsonObject().put("$set", record))
                  .map(result -> true);
            });
  }
}
