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
   * Replaces a stored response's answer (rating, nps, ces, comment) if it still holds
   * {@code before}'s answer: completes with {@code false} when another change came first.
   * Attribution and time stay as stored.
   */
  default Future<Boolean> revise(SurveyResponse before, SurveyResponse after) {
    return Future.failedFuture(new UnsupportedOperationException("revise is not supported here"));
  }

  /** Records the customer's answer to the lost-time question (minutes, null to clear). */
  default Future<Void> setLostMinutes(String id, Integer minutes) {
    return Future.failedFuture(new UnsupportedOperationException("setLostMinutes is not supported here"));
  }
}
