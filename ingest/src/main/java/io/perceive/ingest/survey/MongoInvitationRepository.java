package io.perceive.ingest.survey;

import io.perceive.ingest.store.IndexSpec;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.QueryShape;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Invitations in the {@code invitations} collection, written once; what became of each (answered
 * or cancelled) in {@code invitation_outcomes}, one document per invitation under the same
 * {@code _id}, so that the first of an answer and a cancellation wins by a unique insert. Every
 * operation reads or writes by {@code _id} alone: the embedded server uses its {@code _id} index
 * only for such a filter. Times are epoch milliseconds. {@code rollups}: the counters each new
 * invitation and each outcome moves (response rates).
 */
public record MongoInvitationRepository(MongoClient mongo, MongoInvitationRollups rollups) implements InvitationRepository {

  public static final String COLLECTION = "invitations";
  public static final String OUTCOMES = "invitation_outcomes";

  /**
   * Invitations are read by {@code _id}, except by the recount of a service's day of sending and
   * by the erasure of a customer ({@code CustomerErasure}).
   */
  public static final Schema SCHEMA =
      new Schema(
          java.util.Set.of(COLLECTION, OUTCOMES),
          List.of(IndexSpec.on(COLLECTION, "service", "createdAt"), IndexSpec.on(COLLECTION, "customerHash")),
          List.of(
              QueryShape.equal(COLLECTION, "invitations of a bucket", "service").range("createdAt"),
              QueryShape.equal(COLLECTION, "invitations of a customer", "customerHash")));

  @Override
  public Future<Boolean> insert(Invitation invitation) {
    MongoInvitationRollups.Counter counter =
        invitation.status() == Invitation.Status.SKIPPED
            ? MongoInvitationRollups.Counter.SKIPPED
            : MongoInvitationRollups.Counter.SENT;
    return rollups.counted(
        invitation,
        counter,
        () -> MongoWrites.insertOnce(mongo, COLLECTION, toDocument(invitation)),
        inserted -> inserted);
  }

  /**
   * Loads a history of invitations in bulk (the demo): each invitation as the live path stores it
   * (open or skipped), its outcome where it was answered or cancelled, and the counters of their
   * buckets set from what was loaded. For an empty store only: it assumes nothing else writes
   * those buckets meanwhile. Loading the same invitations again (a retry after the store
   * interrupted a load) keeps what is stored and sets the same counters. Completes with the
   * number loaded.
   */
  public Future<Integer> loadAll(List<Invitation> invitations) {
    List<BulkOperation> docs = new ArrayList<>();
    List<BulkOperation> outcomes = new ArrayList<>();
    Map<String, JsonObject> buckets = new HashMap<>();
    Map<String, InvitationSegments.Counts> counts = new HashMap<>();
    for (Invitation i : invitations) {
      boolean skipped = i.status() == Invitation.Status.SKIPPED;
      Invitation asSent = i.withStatus(skipped ? Invitation.Status.SKIPPED : Invitation.Status.OPEN, null, null);
      docs.add(BulkOperation.createInsert(toDocument(asSent)));
      JsonObject bucket = rollups.bucket(i.service(), i.createdAt());
      String key = bucket.getString("service") + "|" + bucket.getString("day");
      buckets.putIfAbsent(key, bucket);
      InvitationSegments.Counts c = counts.computeIfAbsent(key, k -> new InvitationSegments.Counts());
      c.add(i.attributions(), skipped ? MongoInvitationRollups.Counter.SKIPPED : MongoInvitationRollups.Counter.SENT);
      if (i.status() == Invitation.Status.ANSWERED || i.status() == Invitation.Status.CANCELLED) {
        boolean answered = i.status() == Invitation.Status.ANSWERED;
        Instant at = answered ? i.answeredAt() : i.cancelledAt();
        outcomes.add(
            BulkOperation.createInsert(
                new JsonObject().put("_id", i.id()).put("outcome", i.status().wire()).put("at", at.toEpochMilli())));
        c.add(i.attributions(), answered ? MongoInvitationRollups.Counter.ANSWERED : MongoInvitationRollups.Counter.CANCELLED);
      }
    }
    List<BulkOperation> counters = new ArrayList<>();
    counts.forEach((key, c) -> counters.add(rollups.setOperation(buckets.get(key), c)));
    return writeChunks(COLLECTION, docs)
        .compose(v -> writeChunks(OUTCOMES, outcomes))
        .compose(v -> writeChunks(MongoInvitationRollups.COLLECTION, counters))
        .map(v -> invitations.size());
  }

  private Future<Void> writeChunks(String collection, List<BulkOperation> ops) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ops.size(); from += 1_000) {
      List<BulkOperation> chunk = ops.subList(from, Math.min(ops.size(), from + 1_000));
      chain =
          chain.compose(
              v ->
                  mongo
                      .bulkWriteWithOptions(collection, chunk, new BulkWriteOptions(false))
                      .<Void>mapEmpty()
                      // Unordered: every document not yet stored is inserted even when others were.
                      .recover(err -> StoreErrors.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(StoreErrors.classify(err))));
    }
    return chain;
  }

  @Override
  public Future<Invitation> find(String id) {
    JsonObject byId = new JsonObject().put("_id", id);
    Future<JsonObject> invitation = mongo.findOne(COLLECTION, byId, null);
    Future<JsonObject> outcome = mongo.findOne(OUTCOMES, byId, null);
    return Future.all(invitation, outcome)
        .map(all -> invitation.result() == null ? null : withOutcome(fromDocument(invitation.result()), outcome.result()))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Invitation> answer(String id, Instant at) {
    return claim(id, Invitation.Status.ANSWERED, at);
  }

  @Override
  public Future<Boolean> cancel(String id, Instant at) {
    return claim(id, Invitation.Status.CANCELLED, at).map(Objects::nonNull);
  }

  /** The open invitation, now given its outcome; null when it was not open (or does not exist). */
  private Future<Invitation> claim(String id, Invitation.Status outcome, Instant at) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .compose(
            doc -> {
              if (doc == null || !Invitation.Status.OPEN.wire().equals(doc.getString("status"))) {
                return Future.succeededFuture((Invitation) null);
              }
              JsonObject claim =
                  new JsonObject().put("_id", id).put("outcome", outcome.wire()).put("at", at.toEpochMilli());
              Invitation invitation = fromDocument(doc);
              MongoInvitationRollups.Counter counter =
                  outcome == Invitation.Status.ANSWERED
                      ? MongoInvitationRollups.Counter.ANSWERED
                      : MongoInvitationRollups.Counter.CANCELLED;
              // The outcome's unique _id is the claim: only one caller wins it, and only the
              // winner moves the counter.
              return rollups.counted(
                  invitation,
                  counter,
                  () -> MongoWrites.insertOnce(mongo, OUTCOMES, claim),
                  won -> won)
                  .map(won -> won ? invitation : null);
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private static Invitation withOutcome(Invitation i, JsonObject outcome) {
    if (outcome == null) {
      return i;
    }
    Instant at = Instant.ofEpochMilli(outcome.getLong("at"));
    boolean answered = Invitation.Status.ANSWERED.wire().equals(outcome.getString("outcome"));
    return i.withStatus(answered ? Invitation.Status.ANSWERED : Invitation.Status.CANCELLED, answered ? at : null, answered ? null : at);
  }

  static JsonObject toDocument(Invitation i) {
    JsonObject doc =
        new JsonObject()
            .put("_id", i.id())
            .put("source", i.source())
            .put("ticketId", i.ticketId())
            .put("service", i.service())
            .put("createdAt", i.createdAt().toEpochMilli())
            .put("expiresAt", i.expiresAt().toEpochMilli())
            .put("status", i.status().wire());
    put(doc, "customerHash", i.customerHash());
    put(doc, "supportGroup", i.supportGroup());
    put(doc, "agent", i.agent());
    put(doc, "ticketType", i.ticketType());
    put(doc, "provider", i.provider());
    put(doc, "openedAt", millis(i.openedAt()));
    put(doc, "resolvedAt", millis(i.resolvedAt()));
    put(doc, "slaMet", i.slaMet());
    put(doc, "locale", i.locale());
    put(doc, "skipReason", i.skipReason() == null ? null : i.skipReason().wire());
    put(doc, "answeredAt", millis(i.answeredAt()));
    put(doc, "cancelledAt", millis(i.cancelledAt()));
    return doc;
  }

  static Invitation fromDocument(JsonObject d) {
    String skip = d.getString("skipReason");
    return new Invitation(
        d.getString("_id"),
        d.getString("source"),
        d.getString("ticketId"),
        d.getString("customerHash"),
        d.getString("service"),
        d.getString("supportGroup"),
        d.getString("agent"),
        instant(d.getLong("openedAt")),
        instant(d.getLong("resolvedAt")),
        d.getBoolean("slaMet"),
        d.getString("locale"),
        instant(d.getLong("createdAt")),
        instant(d.getLong("expiresAt")),
        Invitation.Status.valueOf(d.getString("status").toUpperCase(Locale.ROOT)),
        skip == null ? null : Invitation.SkipReason.valueOf(skip.toUpperCase(Locale.ROOT)),
        instant(d.getLong("answeredAt")),
        instant(d.getLong("cancelledAt")),
        d.getString("ticketType"),
        d.getString("provider"));
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static void put(JsonObject doc, String key, Object value) {
    if (value != null) {
      doc.put(key, value);
    }
  }
}
