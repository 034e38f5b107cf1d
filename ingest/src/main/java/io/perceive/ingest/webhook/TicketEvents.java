package io.perceive.ingest.webhook;

import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.StoreErrors;
import io.perceive.ingest.survey.InvitationRequest;
import io.perceive.ingest.survey.InvitationService;
import io.perceive.ingest.survey.InvitationService.Issued;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Acts on ITSM ticket events through the invitation service: a resolved ticket is invited
 * (attribution frozen as for {@code POST /api/v1/invitations}), a reopened one has its open
 * invitation cancelled, anything else changes nothing. Each event is acted on once: its outcome
 * is recorded under the source, ticket and event id ({@value #COLLECTION}), and a redelivery
 * answers that outcome again, so a late copy of an old "resolved" cannot invite anew after a
 * reopen. The action comes before the record, and both actions are idempotent, so a crash in
 * between costs nothing but a repeat.
 */
public final class TicketEvents {

  static final String COLLECTION = "ticket_events";

  /** What an event did: {@code status} as answered; {@code issued} for a resolved ticket that was invited now. */
  public record Outcome(String status, String invitationId, boolean duplicate, Issued issued) {}

  private final MongoClient mongo;
  private final InvitationService invitations;
  private final Clock clock;

  public TicketEvents(MongoClient mongo, InvitationService invitations, Clock clock) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.invitations = Objects.requireNonNull(invitations, "invitations");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Future<Outcome> handle(TicketEventMapping mapping, TicketEventMapping.Event event) {
    String ticketId = event.ticketId().strip();
    // Parsed before anything is looked up: a resolved event that cannot make an invitation is a 400.
    InvitationRequest request =
        event.kind() == TicketEventMapping.Kind.RESOLVED ? request(mapping, event) : null;
    String key = key(mapping.source(), ticketId, event.eventId());
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", key), null)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)))
        .compose(seen -> {
          if (seen != null) {
            return Future.succeededFuture(new Outcome(seen.getString("status"), seen.getString("invitation"), true, null));
          }
          return act(event, request, mapping.source(), ticketId)
              .compose(outcome -> MongoWrites.insertOnce(mongo, COLLECTION,
                      new JsonObject().put("_id", key).put("status", outcome.status()).put("invitation", outcome.invitationId())
                          .put("at", clock.instant().toEpochMilli()))
                  .map(outcome));
        });
  }

  private InvitationRequest request(TicketEventMapping mapping, TicketEventMapping.Event event) {
    try {
      return InvitationRequest.parse(event.ticket(), clock.instant());
    } catch (io.perceive.ingest.BadInputException e) {
      // Name the payload path the field came from (or is looked for at), as the response webhooks do.
      String path = mapping.payloadPath(event, e.field());
      throw new io.perceive.ingest.BadInputException(path, path.equals(e.field()) ? e.getMessage() : path + ": " + e.getMessage());
    }
  }

  private Future<Outcome> act(TicketEventMapping.Event event, InvitationRequest request, String source, String ticketId) {
    return switch (event.kind()) {
      case RESOLVED ->
          invitations
              .invite(request)
              .map(issued -> new Outcome(
                  issued.created()
                      ? issued.token() == null ? "skipped" : "invited"
                      : "already-" + issued.invitation().status().wire(),
                  issued.invitation().id(), false, issued));
      case REOPENED ->
          invitations
              .currentId(source, ticketId)
              .compose(current -> invitations.cancelTicket(source, ticketId).map(outcome -> new Outcome(
                  switch (outcome) {
                    case CANCELLED, ALREADY_CANCELLED -> "cancelled";
                    case ALREADY_ANSWERED -> "answered";
                    case SKIPPED -> "skipped";
                    case NOT_FOUND -> "no-invitation";
                  },
                  current, false, null)));
      case IGNORED -> invitations.currentId(source, ticketId).map(current -> new Outcome("ignored", current, false, null));
    };
  }

  static String key(String source, String ticketId, String eventId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest((source + "\n" + ticketId + "\n" + eventId).getBytes(StandardCharsets.UTF_8));
      return "e_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
