package io.perceive.ingest.survey;

import io.vertx.core.Future;
import java.time.Instant;

/** Durable storage of invitations, keyed by their deterministic id. */
interface InvitationRepository {

  /** Stores a new invitation; {@code false} when one with the same id is already stored. */
  Future<Boolean> insert(Invitation invitation);

  /** The invitation with this id, or null. */
  Future<Invitation> find(String id);

  /**
   * Open to answered, atomically (the first of an answer and a cancellation wins): the invitation
   * as it was (open), or null when it was not open (or does not exist).
   */
  Future<Invitation> answer(String id, Instant at);

  /** Open to cancelled, atomically; {@code false} when it was not open. */
  Future<Boolean> cancel(String id, Instant at);
}
