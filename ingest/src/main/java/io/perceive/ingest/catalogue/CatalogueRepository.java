package io.perceive.ingest.catalogue;

import io.perceive.analytics.rollup.Metric;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The service catalogue: each service's entry, every change kept as a version. */
public interface CatalogueRepository {

  /** The entries in force (deleted ones left out), by service name. */
  Future<List<ServiceEntry>> all();

  /** The entry in force, or null when there is none (never stored, or deleted). */
  Future<ServiceEntry> find(String service);

  /**
   * Stores {@code entry} as the service's next version, made by {@code by} at {@code at}, and
   * answers it as stored. A deleted service comes back.
   */
  Future<ServiceEntry> put(ServiceEntry entry, String by, Instant at);

  /** Deletes the entry as a new version; false when there was none in force. */
  Future<Boolean> delete(String service, String by, Instant at);

  /** Every version of the service's entry, newest first; empty when it never had one. */
  Future<List<ServiceEntry.Version>> versions(String service);

  /**
   * Adds an entry with these targets for each service that never had one (a deleted entry stays
   * deleted), as made by {@code by}; answers how many were added.
   */
  Future<Integer> seed(Map<String, Map<Metric, Double>> targets, String by, Instant at);
}
