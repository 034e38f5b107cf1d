package io.perceive.ingest.followup;

import io.perceive.ingest.store.IndexSpec;
import io.perceive.ingest.store.LeaseClaims;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.QueryShape;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follow-ups of unhappy customers in {@code follow_ups}, one per answer: the document's
 * {@code _id} is the response's, so opening one again (a retry, a recovery, a rescored comment)
 * finds it there and changes nothing. Each holds the answer's attribution, its state
 * ({@code open}, {@code contacted}, {@code closed}) with owner and note, and, when a webhook is
 * configured, its delivery: {@code pending} until the ITSM took it, then {@code delivered}, or
 * {@code dead} after the last try. Deliveries are claimed with a lease as the scorer claims
 * comments, so instances sharing a store deliver each follow-up once.
 */
public final class MongoFollowUpRepository implements FollowUpOpener {

  public static final String COLLECTION = "follow_ups";

  /** The states in the only order they may take. */
  public static final List<String> STATUSES = List.of("open", "contacted", "closed");

  static final String PENDING = "pending";
  static final String DELIVERED = "delivered";
  static final String DEAD = "dead";

  public static final Schema SCHEMA =
      new Schema(
          Set.of(COLLECTION),
          List.of(
              IndexSpec.on(COLLECTION, "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "status", "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "service", "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "deliveryState", "deliveryNextAt")
                  .partial("deliveryState_1_deliveryNextAt_1_pending", new JsonObject().put("deliveryState", PENDING)),
              IndexSpec.on(COLLECTION, "deliveryState", "deliveryDeadAt")
                  .partial("deliveryState_1_deliveryDeadAt_1_dead", new JsonObject().put("deliveryState", DEAD))),
          List.of(
              list("list"),
              list("list (status)", "status").residual("service"),
              list("list (services)", "service").residual("status"),
              QueryShape.equal(COLLECTION, "claimDue", "deliveryState").range("deliveryNextAt").residual("leaseUntil", "lease"),
              QueryShape.equal(COLLECTION, "deadLetters", "deliveryState").sort("-deliveryDeadAt")));

  private static QueryShape list(String name, String... equality) {
    return QueryShape.equal(COLLECTION, name, equality).range("respondedAt").sort("-respondedAt", "-_id");
  }

  private final MongoClient mongo;
  private final Clock clock;
  private final Duration maxAge;
  private final boolean deliver;

  /**
   * @param maxAge answers older than this open none (an import of last year's history does not
   *     flood the desk)
   * @param deliver whether new follow-ups wait for the webhook ({@code followups.webhook-url})
   */
  public MongoFollowUpRepository(MongoClient mongo, Clock clock, Duration maxAge, boolean deliver) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.deliver = deliver;
  }

  @Override
  public Future<Void> open(List<UnhappyAnswer> answers) {
    long now = clock.millis();
    List<Future<Boolean>> inserts = new ArrayList<>();
    for (UnhappyAnswer a : answers) {
      String reason = a.reason();
      if (reason == null || a.respondedAt() < now - maxAge.toMillis()) {
        continue;
      }
      JsonObject doc =
          new JsonObject()
              .put("_id", a.id())
              .put("service", a.service())
              .put("supportGroup", a.supportGroup())
              .put("agent", a.agent())
              .put("ticketId", a.ticketId())
              .put("rating", a.rating())
              .put("sentiment", a.sentiment())
              .put("reason", reason)
              .put("respondedAt", a.respondedAt())
              .put("createdAt", now)
              .put("status", "open");
      if (deliver) {
        // Delivery runs on the machine's clock, as leases do: the same on every instance.
        doc.put("deliveryState", PENDING).put("deliveryTries", 0).put("deliveryNextAt", System.currentTimeMillis());
      }
      inserts.add(MongoWrites.insertOnce(mongo, COLLECTION, doc));
    }
    return Future.all(inserts).mapEmpty();
  }

  /** What {@link #list} returns: a period of answers, optionally one status and some services. */
  public record Query(long from, long to, String status, Set<String> services, int limit) {}

  /** The follow-ups of answers in the period, newest answer first; {@code limit} 0: all of them. */
  public Future<List<JsonObject>> list(Query q) {
    JsonObject filter = new JsonObject().put("respondedAt", new JsonObject().put("$gte", q.from()).put("$lt", q.to()));
    if (q.status() != null) {
      filter.put("status", q.status());
    }
    if (!q.services().isEmpty()) {
      filter.put("service", new JsonObject().put("$in", new JsonArray(List.copyOf(q.services()))));
    }
    FindOptions options =
        new FindOptions().setSort(new JsonObject().put("respondedAt", -1).put("_id", -1)).setLimit(q.limit());
    return mongo.findWithOptions(COLLECTION, filter, options).recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** The follow-up of this answer, or null. */
  public Future<JsonObject> find(String id) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /**
   * Sets {@code set} on the follow-up, only if its status is still {@code expectedStatus} (two
   * people editing one follow-up: the second gets null and is told it changed). Completes with
   * the follow-up as it is afterwards, or null.
   */
  public Future<JsonObject> update(String id, String expectedStatus, JsonObject set) {
    return mongo
        .findOneAndUpdateWithOptions(
            COLLECTION,
            new JsonObject().put("_id", id).put("status", expectedStatus),
            new JsonObject().put("$set", set),
            new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /**
   * Claims up to {@code limit} follow-ups whose delivery is due for {@code owner} until
   * {@code until} ({@link LeaseClaims}).
   */
  public Future<List<JsonObject>> claimDue(String owner, int limit, long now, long until) {
    JsonObject due = new JsonObject().put("deliveryState", PENDING).put("deliveryNextAt", new JsonObject().put("$lte", now));
    return LeaseClaims.claim(mongo, COLLECTION, due, new JsonObject(), owner, limit, now, until);
  }

  /** The receiver took it: delivered, lease ended. Only the lease holder's word counts. */
  public Future<Void> delivered(String id, String owner, int tries, long now) {
    return settle(id, owner, new JsonObject()
        .put("deliveryState", DELIVERED).put("deliveryTries", tries).put("deliveredAt", now).put("leaseUntil", 0L));
  }

  /** A failed try: the next one at {@code nextAt}, lease ended. */
  public Future<Void> retryAt(String id, String owner, int tries, long nextAt, String reason) {
    return settle(id, owner, new JsonObject()
        .put("deliveryTries", tries).put("deliveryNextAt", nextAt).put("deliveryError", reason).put("leaseUntil", 0L));
  }

  /** The last try failed: on the dead-letter list. */
  public Future<Void> dead(String id, String owner, int tries, long now, String reason) {
    return settle(id, owner, new JsonObject()
        .put("deliveryState", DEAD).put("deliveryTries", tries).put("deliveryDeadAt", now).put("deliveryError", reason)
        .put("leaseUntil", 0L));
  }

  private Future<Void> settle(String id, String owner, JsonObject set) {
    return mongo
        .updateCollection(COLLECTION, new JsonObject().put("_id", id).put("lease", owner), new JsonObject().put("$set", set))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** The follow-ups whose delivery was given up on, most recent first. */
  public Future<List<JsonObject>> deadLetters(int limit) {
    return mongo
        .findWithOptions(
            COLLECTION,
            new JsonObject().put("deliveryState", DEAD),
            new FindOptions().setSort(new JsonObject().put("deliveryDeadAt", -1)).setLimit(limit))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }
}
