package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.followup.UnhappyAnswer;
import io.perceive.ingest.rollup.Attributions;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.vertx.core.json.JsonObject;

/**
 * A stored response as recovery and recounts read it: its bucket (null where the read did not ask
 * for it), its attributions (none where the read did not ask for them), what it counts, and whether its write finished ({@code rolledUp}) and
 * when it was stored. Fields a read did not ask for are null.
 */
public record StoredResponse(
    String id,
    BucketKey bucket,
    Attributions attributions,
    Integer rating,
    Integer nps,
    Integer ces,
    String comment,
    Boolean slaMet,
    JsonObject score,
    boolean rolledUp,
    Long storedAt,
    String ticketId,
    Long respondedAt,
    Integer lostMinutes) {

  /** Reads a response document of the {@code responses} collection. */
  static StoredResponse of(JsonObject doc) {
    BucketKey bucket =
        doc.getLong("dayStart") == null
            ? null
            : new BucketKey(
                doc.getString("service"), doc.getString("day"), doc.getLong("dayStart"), doc.getLong("weekStart"),
                doc.getLong("monthStart"));
    return new StoredResponse(
        doc.getString("_id"), bucket, Attributions.of(doc), doc.getInteger("rating"),
        doc.getInteger("nps"), doc.getInteger("ces"), doc.getString("comment"), doc.getBoolean("slaMet"),
        doc.getJsonObject("score"), doc.getBoolean("rolledUp", false), doc.getLong("storedAt"),
        doc.getString("ticketId"), doc.getLong("respondedAt"), doc.getInteger("lostMinutes"));
  }

  /** What it counts in the comment-score rollups: nothing without a comment. */
  Scored scored() {
    return comment == null ? Scored.NONE : new Scored(score, rating);
  }

  /** As the follow-up rule reads it, in {@code service}; null when the read did not ask for its time. */
  UnhappyAnswer unhappy(String service) {
    return respondedAt == null
        ? null
        : new UnhappyAnswer(id, service, attributions.supportGroup(), attributions.agent(), ticketId, rating, UnhappyAnswer.sentimentOf(score), respondedAt);
  }

  /** What it contributes to its rating buckets. */
  Totals totals() {
    return Totals.of(rating, nps, ces, comment != null && !comment.isBlank(), slaMet, lostMinutes);
  }

  /**
   * Whether, not yet counted, it was stored before {@code before} (epoch ms; {@code Long.MAX_VALUE}
   * takes every write in flight as interrupted): then no live write owns it.
   */
  boolean isInterrupted(long before) {
    return before == Long.MAX_VALUE || storedAt == null || storedAt < before;
  }
}
