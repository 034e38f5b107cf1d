package io.perceive.ingest.response;

import java.util.Objects;

/** A response before and after a revision ({@link IngestService#revise}). */
public record Revision(SurveyResponse before, SurveyResponse after) {

  /** Whether the revision changed what the response says (its rating, comment or lost time). */
  public boolean changed() {
    return before.rating() != after.rating()
        || !Objects.equals(before.comment(), after.comment())
        || !Objects.equals(before.lostMinutes(), after.lostMinutes());
  }
}
