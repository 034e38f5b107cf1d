package io.perceive.ingest.scoring;

import io.vertx.core.json.JsonObject;

/**
 * Scores one comment: what the analytics scorer (sentiment, competency dimensions) supplies.
 * Called on worker threads, never on an event loop, possibly from several threads at once: an
 * implementation may block and must be thread-safe. The returned JSON is stored as the
 * response's {@code score}.
 */
@FunctionalInterface
public interface CommentScoring {

  JsonObject score(String comment, int rating);

  /** {@code loading}, {@code ready} or {@code failed}: for the start page. */
  default String state() {
    return "ready";
  }
}
