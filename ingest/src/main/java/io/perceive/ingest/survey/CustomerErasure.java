package io.perceive.ingest.survey;

import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases a customer on request: their invitations (with the keyed hash that stands for them) and
 * outcomes, the comment text of their answers (the rating stays, no longer tied to anyone), and
 * their fatigue record; the rollups move with it (a removed comment's score is taken off, the
 * invitation counters are recounted). An audit record says who asked, when, and how many
 * documents changed, and nothing about the customer.
 */
public record CustomerErasure(MongoClient mongo, IngestService ingest, MongoInvitationRollups invitationRollups, Durability durability, Clock clock) {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerErasure.class);
  public static final String AUDIT = "audit";

  /** What an erasure changed. */
  public record Erased(int invitations, int comments, long documents) {}


  /** Erases the customer with this keyed hash, on behalf of {@code by} (a token's name). */
  public Future<Erased> erase(String customerHash, String by) {
    return mongo
        .find(MongoInvitationRepository.COLLECTION, new JsonObject().put("customerHash", customerHash))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)))
        .compose(docs -> eraseAll(docs.stream().map(MongoInvitationRepository::fromDocument).toList(), 0, new Erased(0, 0, 0)))
        .compose(
            erased ->
                mongo
                    .removeDocument(MongoFatigueRepository.COLLECTION, new JsonObject().put("_id", customerHash))
                    .map(r -> new Erased(erased.invitations(), erased.comments(), erased.documents() + (r == null ? 0 : r.getRemovedCount())))
                    .recover(err -> Future.failedFuture(StoreErrors.classify(err))))
        .compose(erased -> audit(erased, by).map(v -> erased))
        .compose(erased -> durability.sync().map(v -> erased))
        .onSuccess(
            erased ->
                LOG.info(
                    "customer erased [by: {}, invitations: {}, comments: {}, documents: {}]",
                    by, erased.invitations(), erased.comments(), erased.documents()));
  }

  /** One invitation after the other: few per customer, and each recount sees the one before. */
  private Future<Erased> eraseAll(List<Invitation> invitations, int i, Erased sofar) {
    if (i == invitations.size()) {
      return Future.succeededFuture(sofar);
    }
    Invitation invitation = invitations.get(i);
    return ingest
        .revise(SurveyAnswers.responseId(invitation.id()), null, true, null)
        .compose(
            revision -> {
              boolean hadComment = revision != null && revision.before().comment() != null;
              return invitationRollups
                  .remove(invitation)
                  .map(removed -> new Erased(
                      sofar.invitations() + 1,
                      sofar.comments() + (hadComment ? 1 : 0),
                      sofar.documents() + removed + (hadComment ? 1 : 0)));
            })
        .compose(next -> eraseAll(invitations, i + 1, next));
  }

  private Future<Void> audit(Erased erased, String by) {
    JsonObject record =
        new JsonObject()
            .put("_id", UUID.randomUUID().toString())
            .put("action", "erase-customer")
            .put("by", by)
            .put("at", clock.millis())
            .put("invitations", erased.invitations())
            .put("comments", erased.comments())
            .put("documents", erased.documents());
    return mongo.insert(AUDIT, record).<Void>mapEmpty().recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }
}
