package io.perceive.ingest.catalogue;

import io.perceive.analytics.rollup.Metric;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One service of the catalogue: who owns it, what it is, the support groups that deliver it, the
 * share of its tickets it promises to resolve in time ({@code slaTarget}, 0-1, or null) and its
 * targets on the rating metrics and on what its comments say ({@code commentTargets}: sentiment or
 * a competency dimension, -1 to 1). {@code version}, {@code changedBy} and {@code changedAt} say
 * which change made it what it is (0, null and null for an entry not stored yet).
 */
public record ServiceEntry(
    String service,
    String owner,
    String description,
    List<String> supportGroups,
    Double slaTarget,
    Map<Metric, Double> targets,
    Map<String, Double> commentTargets,
    int version,
    String changedBy,
    Instant changedAt) {

  public ServiceEntry {
    Objects.requireNonNull(service, "service");
    supportGroups = List.copyOf(supportGroups);
    Map<Metric, Double> copy = new EnumMap<>(Metric.class);
    copy.putAll(targets);
    targets = java.util.Collections.unmodifiableMap(copy);
    commentTargets = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(commentTargets));
  }

  /** An entry without targets on what comments say. */
  public ServiceEntry(
      String service, String owner, String description, List<String> supportGroups, Double slaTarget, Map<Metric, Double> targets,
      int version, String changedBy, Instant changedAt) {
    this(service, owner, description, supportGroups, slaTarget, targets, Map.of(), version, changedBy, changedAt);
  }

  /** The same content as the given change made it. */
  public ServiceEntry as(int version, String changedBy, Instant changedAt) {
    return new ServiceEntry(service, owner, description, supportGroups, slaTarget, targets, commentTargets, version, changedBy, changedAt);
  }

  /** One stored change of an entry: what it became (absent when the change deleted it). */
  public record Version(int version, boolean deleted, ServiceEntry entry, String changedBy, Instant changedAt) {}
}
