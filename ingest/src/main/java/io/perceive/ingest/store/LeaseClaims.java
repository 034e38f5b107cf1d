package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;

/**
 * Claims documents for one worker among instances sharing a store: a per-document lease
 * ({@code lease}: the owner, {@code leaseUntil}: epoch ms) set by an update that lands only where
 * no unexpired lease is, so two workers never hold one document, and a dead worker's documents
 * are taken over once its lease expires. The holder ends a lease by setting {@code leaseUntil} to 0.
 */
public final class LeaseClaims {

  private LeaseClaims() {}

  /**
   * Claims up to {@code limit} documents matching {@code due} that are free: no lease, an expired
   * one, or this owner's own (a pass the store interrupted left them claimed; passes never
   * overlap). Candidates first, then the claim, then what this claim, told apart by owner and
   * expiry, actually took, with {@code fields}.
   */
  public static Future<List<JsonObject>> claim(
      MongoClient mongo, String collection, JsonObject due, JsonObject fields, String owner, int limit, long now, long until) {
    JsonObject free =
        due.copy()
            .put("$or", new JsonArray()
                .add(new JsonObject().put("leaseUntil", new JsonObject().put("$exists", false)))
                .add(new JsonObject().put("leaseUntil", new JsonObject().put("$lt", now)))
                .add(new JsonObject().put("lease", owner)));
    return mongo
        .findWithOptions(collection, free, new FindOptions().setFields(new JsonObject().put("_id", 1)).setLimit(limit))
        .compose(candidates -> {
          if (candidates.isEmpty()) {
            return Future.succeededFuture(List.<JsonObject>of());
          }
          JsonArray ids = new JsonArray(candidates.stream().map(d -> d.getValue("_id")).toList());
          JsonObject mine = new JsonObject().put("lease", owner).put("leaseUntil", until);
          return mongo
              .updateCollectionWithOptions(
                  collection, free.copy().put("_id", new JsonObject().put("$in", ids)), new JsonObject().put("$set", mine),
                  new UpdateOptions().setMulti(true))
              .compose(r -> mongo.findWithOptions(
                  collection, mine.copy().put("_id", new JsonObject().put("$in", ids)), new FindOptions().setFields(fields).setLimit(limit)));
        })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }
}
