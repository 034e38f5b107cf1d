package io.perceive.ingest;

import io.perceive.ingest.annotation.MongoAnnotationRepository;
import io.perceive.ingest.catalogue.MongoCatalogueRepository;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.JobLeases;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.survey.MongoFatigueRepository;
import io.perceive.ingest.survey.MongoInvitationRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;

/** The collections, indexes and query shapes of every repository, for the store to apply. */
public final class IngestSchema {

  private IngestSchema() {}

  public static Schema all() {
    return Schema.of(
        MongoResponseRepository.SCHEMA,
        MongoRollupRepository.SCHEMA,
        MongoScoreRollupRepository.SCHEMA,
        MongoInvitationRepository.SCHEMA,
        MongoInvitationRollups.SCHEMA,
        MongoFatigueRepository.SCHEMA,
        JobLeases.SCHEMA,
        MongoFollowUpRepository.SCHEMA,
        MongoCatalogueRepository.SCHEMA,
        MongoAnnotationRepository.SCHEMA);
  }
}
