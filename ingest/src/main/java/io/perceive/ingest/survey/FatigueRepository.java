package io.perceive.ingest.survey;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * When each customer (by keyed hash) was last invited: one document per customer, read and
 * written by {@code _id} only, so the check needs no secondary index.
 */
interface FatigueRepository {

  /**
   * Records an invitation to the customer unless they had one after {@code cutoff}. Completes with
   * {@code true} when the claim holds (also when {@code invitationId} itself holds it: a retry),
   * {@code false} when another invitation is too recent. {@code replaces}, when not null, is the
   * cancelled invitation of the same ticket (reopened, resolved again): its claim passes to the
   * new one whatever its age. Atomic per customer.
   */
  Future<Boolean> claim(String customerHash, String invitationId, String replaces, Instant now, Instant cutoff);
}
