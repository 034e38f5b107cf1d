package io.perceive.ingest.survey;

import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** Invitations in the {@code invitations} collection; times are epoch milliseconds. */
public final class MongoInvitationRepository implements InvitationRepository {

  public static final String COLLECTION = "invitations";

  private final MongoClient mongo;

  public MongoInvitationRepository(MongoClient mongo) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
  }

  @Override
  public Future<Boolean> insert(Invitation invitation) {
    return mongo
        .insert(COLLECTION, toDocument(invitation))
        .map(id -> true)
        .recover(
            err ->
                StoreErrors.isDuplicateKey(err)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Invitation> find(String id) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .map(doc -> doc == null ? null : fromDocument(doc))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Boolean> markAnswered(String id, Instant at) {
    return transition(id, Invitation.Status.ANSWERED, "answeredAt", at);
  }

  @Override
  public Future<Boolean> cancel(String id, Instant at) {
    return transition(id, Invitation.Status.CANCELLED, "cancelledAt", at);
  }

  private Future<Boolean> transition(String id, Invitation.Status to, String timeField, Instant at) {
    JsonObject filter = new JsonObject().put("_id", id).put("status", Invitation.Status.OPEN.wire());
    JsonObject update =
        new JsonObject().put("$set", new JsonObject().put("status", to.wire()).put(timeField, at.toEpochMilli()));
    return mongo
        .updateCollection(COLLECTION, filter, update)
        .map(result -> result.getDocMatched() == 1)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
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
        instant(d.getLong("cancelledAt")));
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
