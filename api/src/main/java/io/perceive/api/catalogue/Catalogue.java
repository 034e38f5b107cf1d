package io.perceive.api.catalogue;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.ingest.catalogue.CatalogueRepository;
import io.perceive.ingest.catalogue.ServiceEntry;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The targets every query holds services to: the organisation's from the targets file, each
 * catalogued service's own from the catalogue in the store (which the file's {@code services}
 * seed once), and the SLA targets of the catalogue. Read from the store on each use, so every
 * instance sharing a store answers with the same catalogue as soon as an admin changed it.
 */
public final class Catalogue {

  /** Who the entries seeded from the targets file were made by, in their versions. */
  static final String SEEDED_BY = "targets-file";

  private final CatalogueRepository repository;
  private final Targets configured;
  private final Clock clock;

  public Catalogue(CatalogueRepository repository, Targets configured, Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.configured = Objects.requireNonNull(configured, "configured");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds the targets file's services that the catalogue never had; answers how many. */
  public Future<Integer> seed() {
    return repository.seed(configured.services(), SEEDED_BY, clock.instant());
  }

  /** The targets in force now. */
  public Future<Targets> targets() {
    return repository.all().map(this::targetsOf);
  }

  Targets targetsOf(List<ServiceEntry> entries) {
    Map<String, Map<Metric, Double>> own = new LinkedHashMap<>();
    Map<String, Double> sla = new LinkedHashMap<>();
    Map<String, Map<String, Double>> comments = new LinkedHashMap<>();
    for (ServiceEntry e : entries) {
      own.put(e.service(), e.targets());
      comments.put(e.service(), e.commentTargets());
      if (e.slaTarget() != null) {
        sla.put(e.service(), e.slaTarget());
      }
    }
    return configured.with(own, sla, comments);
  }

  Targets configured() {
    return configured;
  }

  CatalogueRepository repository() {
    return repository;
  }

  Clock clock() {
    return clock;
  }
}
