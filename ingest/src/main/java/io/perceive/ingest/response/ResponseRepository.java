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
}
