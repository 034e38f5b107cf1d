package io.perceive.ingest.followup;

import io.vertx.core.Future;
import java.util.List;

/**
 * Opens a follow-up for each unhappy answer among these ({@link UnhappyAnswer#reason()}), at most
 * one per answer however often it is called: the write path calls it for new answers and for
 * retries, the scorer for scored comments, and recovery for the answers of an interrupted write.
 */
@FunctionalInterface
public interface FollowUpOpener {

  /** Opens nothing: for paths that have no follow-ups (file import tests, tools). */
  FollowUpOpener NONE = answers -> Future.succeededFuture();

  Future<Void> open(List<UnhappyAnswer> answers);
}
