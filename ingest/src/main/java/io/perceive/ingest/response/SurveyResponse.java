package io.perceive.ingest.response;

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
    Integer lostMinutes) {

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
        respondedAt, lostMinutes);
  }

  public boolean satisfied() {
    return rating >= 4;
  }
}
