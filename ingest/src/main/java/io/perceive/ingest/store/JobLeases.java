package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One instance at a time runs a background job (a sweep, a purge) when several share a store.
 * The instance that holds a job's lease runs it and renews the lease each time; the others skip
 * it, and take the lease over once it has run out (its holder died or stopped). The lease is a
 * document per job in {@value #COLLECTION}, taken by an insert or by an update whose filter only
 * matches an expired or own lease: single-document writes, atomic on every MongoDB and on the
 * embedded server. The jobs stay safe to run twice (they are idempotent); the lease saves the
 * repeated work.
 */
public record JobLeases(MongoClient mongo, String owner, Clock clock) {

  public static final String COLLECTION = "leases";
  public static final Schema SCHEMA = new Schema(Set.of(COLLECTION), List.of(), List.of());

  /** {@code owner}: this instance (or process), the same on every call. */
  public JobLeases {
    Objects.requireNonNull(mongo, "mongo");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs {@code job} when this instance holds the lease on {@code name} or takes it (for
   * {@code ttl}, which should be a few times the job's period); completes empty when another
   * instance holds it.
   */
  public <T> Future<Optional<T>> runIfHeld(String name, Duration ttl, Supplier<Future<T>> job) {
    return take(name, ttl).compose(held -> held ? job.get().map(Optional::of) : Future.succeededFuture(Optional.empty()));
  }

  /** Takes or renews the lease on {@code name}: true when it is this instance's until now + ttl. */
  public Future<Boolean> take(String name, Duration ttl) {
    long now = clock.millis();
    JsonObject mine = new JsonObject().put("owner", owner).put("until", now + ttl.toMillis());
    return mongo
        .insert(COLLECTION, mine.copy().put("_id", name))
        .map(id -> true)
        .recover(
            err -> {
              if (!StoreErrors.isDuplicateKey(err)) {
                return Future.failedFuture(err);
              }
              JsonObject set = new JsonObject().put("$set", mine);
              return mongo
                  .updateCollection(COLLECTION, new JsonObject().put("_id", name).put("owner", owner), set)
                  .compose(
                      renewed ->
                          renewed.getDocMatched() > 0
                              ? Future.succeededFuture(true)
                              : mongo
                                  .updateCollection(
                                      COLLECTION,
                                      new JsonObject().put("_id", name).put("until", new JsonObject().put("$lt", now)),
                                      set)
                                  .map(taken -> taken.getDocMatched() > 0));
            });
  }

  /** Gives up the lease on {@code name} if this instance holds it, so another may take it at once. */
  public Future<Void> release(String name) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", name).put("owner", owner)).mapEmpty();
  }
}
