package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.followup.UnhappyAnswer;
import io.perceive.ingest.rollup.Attributions;
import java.time.Instant;
import java.util.Objects;

/**
 * One customer's answer about one resolved ticket, with the attribution frozen when it was
 * given. Optional fields are null when absent.
 *
 * @param id deterministic: derived from the source record, so a retry maps to the same id
 * @param rating 1-5, 5 best
 * @param nps 0-10 likelihood to recommend, or null
 * @param ces 1-7 customer effort, or null
 * @param lostMinutes minutes of work the customer says the ticket cost them, or null
 * @param ticketType the kind of ticket ({@code TicketTypes}), or null
 * @param provider who delivered (an internal team, an outsourcer, a cloud vendor), or null
 */
public record SurveyResponse(
    String id,
    String source,
    String sourceId,
    String service,
    int rating,
    Integer nps,
    Integer ces,
    String comment,
    String ticketId,
    String supportGroup,
    String agent,
    Boolean slaMet,
    Instant openedAt,
    Instant resolvedAt,
    Instant respondedAt,
    Integer lostMinutes,
    String ticketType,
    String provider) {

  /** A response without a ticket type or provider. */
  public SurveyResponse(
      String id, String source, String sourceId, String service, int rating, Integer nps, Integer ces, String comment,
      String ticketId, String supportGroup, String agent, Boolean slaMet, Instant openedAt, Instant resolvedAt,
      Instant respondedAt, Integer lostMinutes) {
    this(id, source, sourceId, service, rating, nps, ces, comment, ticketId, supportGroup, agent, slaMet, openedAt, resolvedAt,
        respondedAt, lostMinutes, null, null);
  }

  /** A response that does not say how much time was lost. */
  public SurveyResponse(
      String id, String source, String sourceId, String service, int rating, Integer nps, Integer ces, String comment,
      String ticketId, String supportGroup, String agent, Boolean slaMet, Instant openedAt, Instant resolvedAt,
      Instant respondedAt) {
    this(id, source, sourceId, service, rating, nps, ces, comment, ticketId, supportGroup, agent, slaMet, openedAt, resolvedAt,
        respondedAt, null);
  }

  public SurveyResponse {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(respondedAt, "respondedAt");
  }

  /** The same response with another rating, comment and lost time. */
  public SurveyResponse revised(int rating, String comment, Integer lostMinutes) {
    return new SurveyResponse(
        id, source, sourceId, service, rating, nps, ces, comment, ticketId, supportGroup, agent, slaMet, openedAt, resolvedAt,
        respondedAt, lostMinutes, ticketType, provider);
  }

  /** The same response with another comment (its redacted text), everything else kept. */
  public SurveyResponse withComment(String text) {
    return revised(rating, text, lostMinutes);
  }

  /** Its support group, agent, ticket type and provider: the segments it counts in. */
  public Attributions attributions() {
    return new Attributions(supportGroup, agent, ticketType, provider);
  }

  public boolean satisfied() {
    return rating >= 4;
  }

  /** What it adds to the rating rollups of its bucket and segments. */
  Totals contribution() {
    return Totals.of(rating, nps, ces, hasComment(), slaMet, lostMinutes);
  }

  boolean hasComment() {
    return comment != null && !comment.isBlank();
  }

  /** The answer as the follow-up rule reads it (its rating only: a new comment is not scored yet). */
  UnhappyAnswer asRated() {
    return new UnhappyAnswer(id, service, supportGroup, agent, ticketId, rating, null, respondedAt.toEpochMilli());
  }
}
