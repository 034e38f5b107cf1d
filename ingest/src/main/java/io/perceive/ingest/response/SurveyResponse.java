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
    Instant respondedAt) {

  public SurveyResponse {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(respondedAt, "respondedAt");
  }

  public boolean satisfied() {
    return rating >= 4;
  }
}
