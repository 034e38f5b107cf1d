package io.perceive.ingest.followup;

import io.vertx.core.json.JsonObject;

/**
 * An answer as the follow-up rule reads it: rated 1-2, or with a comment scored strongly
 * negative, it opens a follow-up. Optional fields are null when absent.
 *
 * @param id the response's id, which is also the follow-up's: one follow-up per answer
 * @param sentiment the comment's overall sentiment (-1..1) once scored, else null
 * @param respondedAt when the customer answered (epoch ms): the follow-up's clock starts there
 */
public record UnhappyAnswer(
    String id,
    String service,
    String supportGroup,
    String agent,
    String ticketId,
    Integer rating,
    Double sentiment,
    long respondedAt) {

  /** Ratings up to this one open a follow-up. */
  public static final int RATING_AT_MOST = 2;

  /** A comment whose overall sentiment is at most this opens one ("strongly negative"). */
  public static final double SENTIMENT_AT_MOST = -0.5;

  /** Why it opens a follow-up ({@code rating} or {@code comment}), or null when it opens none. */
  public String reason() {
    if (rating != null && rating <= RATING_AT_MOST) {
      return "rating";
    }
    if (sentiment != null && sentiment <= SENTIMENT_AT_MOST) {
      return "comment";
    }
    return null;
  }

  /** The overall sentiment of a stored score ({@code score.sentiment.score}), or null. */
  public static Double sentimentOf(JsonObject score) {
    if (score == null || score.getBoolean("failed", false)) {
      return null;
    }
    JsonObject sentiment = score.getJsonObject("sentiment");
    Number value = sentiment == null ? null : sentiment.getNumber("score");
    return value == null ? null : value.doubleValue();
  }

  /**
   * A response document of the {@code responses} collection (the fields the rule reads), or
   * null when the document lacks its service or answer time.
   */
  public static UnhappyAnswer of(JsonObject doc) {
    Long respondedAt = doc.getLong("respondedAt");
    if (doc.getString("service") == null || respondedAt == null) {
      return null;
    }
    return new UnhappyAnswer(
        doc.getString("_id"), doc.getString("service"), doc.getString("supportGroup"), doc.getString("agent"),
        doc.getString("ticketId"), doc.getInteger("rating"), sentimentOf(doc.getJsonObject("score")), respondedAt);
  }
}
