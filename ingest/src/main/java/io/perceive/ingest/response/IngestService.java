package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every response takes into the store: durable insert, then the rollup increment. The
 * future completes only after both, so an acknowledged response is stored and counted.
 */
public final class IngestService {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final ResponseRepository responses;
  private final RollupRepository rollups;
  private final ZoneId zone;

  public IngestService(ResponseRepository responses, RollupRepository rollups, ZoneId zone) {
    this.responses = Objects.requireNonNull(responses, "responses");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** The outcome of accepting one response. */
  public enum Outcome {
    STORED,
    ALREADY_STORED
  }

  public Future<Outcome> accept(SurveyResponse response) {
    return responses
        .insert(response)
        .compose(
            isNew -> {
              if (!isNew) {
                LOG.debug("response already stored [id: {}]", response.id());
                return Future.succeededFuture(Outcome.ALREADY_STORED);
              }
              return rollups
                  .add(keyOf(response), contribution(response))
                  .compose(v -> responses.markRolledUp(response.id()))
                  .map(v -> Outcome.STORED);
            });
  }

  /** A response before and after a revision. */
  public record Revision(SurveyResponse before, SurveyResponse after) {

    public boolean changed() {
      return before.rating() != after.rating() || !Objects.equals(before.comment(), after.comment());
    }
  }

  /**
   * Changes the answer of a stored response (the rating when not null, the comment when
   * {@code setComment}; null clears it) and moves its rollup bucket by the difference. The
   * attribution and the response time stay as stored, so the bucket is the same one. Completes
   * with null when no response has this id.
   */
  public Future<Revision> revise(String id, Integer rating, boolean setComment, String comment) {
    return responses
        .reviseAnswer(id, rating, setComment, comment)
        .compose(
            before -> {
              if (before == null) {
                return Future.succeededFuture(null);
              }
              SurveyResponse after =
                  new SurveyResponse(
                      before.id(), before.source(), before.sourceId(), before.service(),
                      rating == null ? before.rating() : rating, before.nps(), before.ces(),
                      setComment ? comment : before.comment(), before.ticketId(), before.supportGroup(),
                      before.agent(), before.slaMet(), before.openedAt(), before.resolvedAt(),
                      before.respondedAt());
              Totals delta = contribution(after).minus(contribution(before));
              Revision revision = new Revision(before, after);
              if (delta.equals(Totals.ZERO)) {
                return Future.succeededFuture(revision);
              }
              return rollups.add(keyOf(before), delta).map(v -> revision);
            });
  }

  /** Records the answer to the lost-time question on a stored response. */
  public Future<Void> setLostMinutes(String id, Integer minutes) {
    return responses.setLostMinutes(id, minutes);
  }

  /** The stored response with this id, or null. */
  public Future<SurveyResponse> find(String id) {
    return responses.find(id);
  }

  /**
   * Loads many responses into an empty store in one pass: one bulk insert and one increment per
   * bucket rather than per response. Only for loads that cannot collide with stored ids.
   */
  public Future<Long> loadAll(List<SurveyResponse> batch) {
    Map<BucketKey, Totals> perBucket = new LinkedHashMap<>();
    for (SurveyResponse r : batch) {
      perBucket.merge(keyOf(r), contribution(r), Totals::plus);
    }
    return responses
        .insertAll(batch)
        .compose(
            inserted -> {
              if (inserted != batch.size()) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "bulk load collided with stored responses: " + inserted + " of " + batch.size()));
              }
              List<Future<Void>> adds =
                  perBucket.entrySet().stream().map(e -> rollups.add(e.getKey(), e.getValue())).toList();
              return Future.all(adds).map(cf -> inserted);
            });
  }

  BucketKey keyOf(SurveyResponse r) {
    Buckets b = Buckets.of(r.respondedAt(), zone);
    return new BucketKey(r.service(), b.day(), b.dayStart(), b.weekStart(), b.monthStart());
  }

  static Totals contribution(SurveyResponse r) {
    return Totals.of(r.rating(), r.nps(), r.ces(), r.comment() != null && !r.comment().isBlank());
  }
}
