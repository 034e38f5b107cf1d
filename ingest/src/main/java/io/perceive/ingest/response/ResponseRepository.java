package io.perceive.ingest.response;

import io.vertx.core.Future;
import java.util.List;

/** Durable storage of survey responses. */
public interface ResponseRepository {

  /**
   * Stores a response. Completes with {@code true} when it was new and {@code false} when a
   * response with the same id was already stored (a retry): never stores twice.
   */
  Future<Boolean> insert(SurveyResponse response);

  /** Stores many new responses at once (bulk loads); ids already present are skipped. */
  Future<Long> insertAll(List<SurveyResponse> responses);

  /** Marks a response as counted in the rollups. */
  Future<Void> markRolledUp(String id);

  Future<Long> count();

  /** The stored response with this id, or null. */
  default Future<SurveyResponse> find(String id) {
    return Future.failedFuture(new UnsupportedOperationException("find is not supported here"));
  }

  /**
   * Changes the answer of a stored response in one atomic step: the rating when not null, the
   * comment when {@code setComment} (null clears it). Completes with the response as it was
   * before, or null when there is none. Attribution and time stay as stored.
   */
  default Future<SurveyResponse> reviseAnswer(String id, Integer rating, boolean setComment, String comment) {
    return Future.failedFuture(new UnsupportedOperationException("reviseAnswer is not supported here"));
  }

  /** Records the customer's answer to the lost-time question (minutes, null to clear). */
  default Future<Void> setLostMinutes(String id, Integer minutes) {
    return Future.failedFuture(new UnsupportedOperationException("setLostMinutes is not supported here"));
  }
}
