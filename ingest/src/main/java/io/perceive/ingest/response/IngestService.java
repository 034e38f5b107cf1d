package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.followup.FollowUpOpener;
import io.perceive.ingest.followup.UnhappyAnswer;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.Attributions;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.VersionedCounters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every response takes into the store: comment redaction, insert (marked
 * {@code rolledUp:false}), the rollup increment, the mark {@code rolledUp:true}, then the
 * durability barrier. The future completes only after all of them, so an acknowledged response is
 * on disk and counted. A crash or outage between the steps leaves responses marked
 * {@code rolledUp:false} (or a batch's intent); {@link #recoverRollups} recounts their buckets, at
 * the next start and in a periodic sweep.
 */
public final class IngestService {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  static final int RECOVERY_BATCH = 1_000;

  /** Responses read per page of a recovery; tests make it small. */
  int recoveryBatch = RECOVERY_BATCH;

  private final ResponseRepository responses;
  private final RollupRepository rollups;
  private final ZoneId zone;
  private final Durability durability;
  private final CommentRedactor redactor;
  private final Runnable commentStored;
  private final Optional<ScoreRollupRepository> scoreRollups;
  private final FollowUpOpener followUps;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong alreadyStored = new AtomicLong();
  private final UnfinishedWrites unfinished;

  public IngestService(ResponseRepository responses, RollupRepository rollups, ZoneId zone) {
    this(responses, rollups, zone, Durability.NONE, () -> {});
  }

  public IngestService(ResponseRepository responses, RollupRepository rollups, ZoneId zone, Durability durability, Runnable commentStored) {
    this(responses, rollups, zone, durability, commentStored, Optional.empty(), FollowUpOpener.NONE);
  }

  /**
   * @param durability the barrier before an acknowledgement (a file commit on the embedded store)
   * @param commentStored told after a response with a comment was stored (wakes the scorer)
   * @param scoreRollups the comment-score rollups, recounted with the rating rollups of a bucket
   *     that an interrupted write left behind
   * @param followUps opens a follow-up for each unhappy answer stored (and for a retry's or an
   *     interrupted write's, which it finds already open when it got that far)
   */
  public IngestService(
      ResponseRepository responses,
      RollupRepository rollups,
      ZoneId zone,
      Durability durability,
      Runnable commentStored,
      Optional<ScoreRollupRepository> scoreRollups,
      FollowUpOpener followUps) {
    this.followUps = Objects.requireNonNull(followUps, "followUps");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.commentStored = Objects.requireNonNull(commentStored, "commentStored");
    this.scoreRollups = Objects.requireNonNull(scoreRollups, "scoreRollups");
    this.redactor = new CommentRedactor();
    this.unfinished = new UnfinishedWrites();
  }

  /** The same write path, recovering through other repositories (a client with a longer timeout); it tracks the same writes. */
  private IngestService(IngestService of, ResponseRepository responses, RollupRepository rollups, Optional<ScoreRollupRepository> scoreRollups) {
    this.followUps = of.followUps;
    this.responses = Objects.requireNonNull(responses, "responses");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.zone = of.zone;
    this.durability = of.durability;
    this.commentStored = of.commentStored;
    this.scoreRollups = Objects.requireNonNull(scoreRollups, "scoreRollups");
    this.redactor = of.redactor;
    this.unfinished = of.unfinished;
    this.recoveryBatch = of.recoveryBatch;
  }

  /** This write path on other repositories of the store (a patient client), sharing the writes it tracks as unfinished. */
  public IngestService on(ResponseRepository responses, RollupRepository rollups, Optional<ScoreRollupRepository> scoreRollups) {
    return new IngestService(this, responses, rollups, scoreRollups);
  }

  /** The outcome of accepting one response. */
  public enum Outcome {
    STORED,
    ALREADY_STORED
  }

  public Future<Outcome> accept(SurveyResponse response) {
    SurveyResponse clean = redactor.redact(response);
    // Tracked from before its insert until its mark: uncounted in between, and after a failure.
    boolean tracked = unfinished.begin(clean.id(), System.currentTimeMillis());
    return responses
        .insert(clean)
        .compose(
            isNew -> {
              if (!isNew) {
                if (tracked) {
                  // Stored before and not tracked: counted (a process alone tracks every uncounted one).
                  unfinished.finished(clean.id());
                }
                LOG.debug("response already stored [id: {}]", clean.id());
                // The first copy may still be on its way to disk: the barrier covers it too. Its
                // follow-up too, which an interrupted first try may not have opened.
                return followUps.open(unhappy(List.of(clean)))
                    .compose(v -> durability.sync())
                    .map(v -> counted(Outcome.ALREADY_STORED));
              }
              return rollups
                  .add(keyOf(clean), clean.contribution())
                  .compose(v -> rollups.addSegments(segmentsOf(clean.attributions(), keyOf(clean), clean.contribution())))
                  // Before the mark: a crash before it has recovery open the follow-up.
                  .compose(v -> followUps.open(unhappy(List.of(clean))))
                  .compose(v -> responses.markRolledUp(clean.id()))
                  .compose(v -> durability.sync())
                  .map(v -> {
                    unfinished.finished(clean.id());
                    if (clean.hasComment()) {
                      commentStored.run();
                    }
                    return counted(Outcome.STORED);
                  });
            });
  }

  private Outcome counted(Outcome outcome) {
    (outcome == Outcome.STORED ? stored : alreadyStored).incrementAndGet();
    return outcome;
  }

  /** Responses acknowledged as stored by this process (a metric). */
  public long storedCount() {
    return stored.get();
  }

  /** Retries acknowledged as already stored by this process (a metric). */
  public long alreadyStoredCount() {
    return alreadyStored.get();
  }

  /**
   * Changes the answer of a stored response (the rating when not null, the comment when
   * {@code setComment}; null clears it) and moves its rollup bucket by the difference. The
   * attribution and the response time stay as stored, so the bucket is the same one. Completes
   * with null when no response has this id, and only once the change is durable.
   *
   * <p>The change and the rollup delta are two writes: an intent for the bucket is recorded
   * first and cleared after the delta, so a crash or outage between the two has the bucket
   * recounted from its responses at start, as for an interrupted batch.
   */
  public Future<Revision> revise(String id, Integer rating, boolean setComment, String text) {
    return revise(id, rating, setComment, text, null);
  }

  /** As above; also the minutes lost (the survey's lost-time question) when not null. */
  public Future<Revision> revise(String id, Integer rating, boolean setComment, String text, Integer lostMinutes) {
    // The survey page's comment arrives here, not through accept: it is redacted the same way.
    String comment = redactor.redact(text);
    return responses
        .find(id)
        .compose(
            current -> {
              if (current == null) {
                return Future.succeededFuture(null);
              }
              return rollups
                  .recordIntent(List.of(keyOf(current)), segmentIds(List.of(current)))
                  .compose(intent -> reviseCounted(id, rating, setComment, comment, lostMinutes, intent));
            });
  }

  private Future<Revision> reviseCounted(
      String id, Integer rating, boolean setComment, String comment, Integer lostMinutes, String intent) {
    return responses
        .reviseAnswer(id, rating, setComment, comment, lostMinutes)
        .compose(
            revised -> {
              if (revised == null) {
                return rollups.clearIntent(intent).map(v -> (Revision) null);
              }
              SurveyResponse before = revised.before();
              SurveyResponse after =
                  before.revised(
                      rating == null ? before.rating() : rating, setComment ? comment : before.comment(),
                      lostMinutes == null ? before.lostMinutes() : lostMinutes);
              Totals delta = after.contribution().minus(before.contribution());
              Revision revision = new Revision(before, after);
              Future<Void> counted =
                  delta.equals(Totals.ZERO)
                      ? Future.succeededFuture()
                      : rollups
                          .add(keyOf(before), delta)
                          .compose(v -> rollups.addSegments(segmentsOf(before.attributions(), keyOf(before), delta)));
              return counted
                  .compose(v -> moveScore(before, after, revised.score(), setComment && comment == null))
                  .compose(v -> followUps.open(unhappy(List.of(after))))
                  .compose(v -> rollups.clearIntent(intent))
                  .compose(v -> durability.sync())
                  .map(
                      v -> {
                        // A survey's comment arrives as a revision: wake the scorer for it.
                        if (setComment && after.hasComment()) {
                          commentStored.run();
                        }
                        return revision;
                      });
            });
  }

  /**
   * Moves the comment-score rollups for a revision: the stored score counts under the new rating,
   * or not at all once its comment is removed. An edited comment keeps its old score counted
   * until the scorer replaces it.
   */
  private Future<Void> moveScore(SurveyResponse before, SurveyResponse after, JsonObject score, boolean removed) {
    if (scoreRollups.isEmpty() || score == null || (!removed && before.rating() == after.rating())) {
      return Future.succeededFuture();
    }
    Scored was = new Scored(score, before.rating());
    Scored now = removed ? Scored.NONE : new Scored(score, after.rating());
    BucketKey key = keyOf(before);
    List<SegmentKey> segments = SegmentKey.ofResponse(before.attributions(), key);
    return scoreRollups
        .get()
        .add(key, now, was)
        .compose(v -> segments.isEmpty() ? Future.succeededFuture() : scoreRollups.get().addSegments(segments, now, was));
  }

  /**
   * Records the answer to the lost-time question on a stored response, durably, and moves its
   * rollups by it (a revision of the lost time alone).
   */
  public Future<Void> setLostMinutes(String id, int minutes) {
    return revise(id, null, false, null, minutes).mapEmpty();
  }

  /** The stored response with this id, or null. */
  public Future<SurveyResponse> find(String id) {
    return responses.find(id);
  }

  /**
   * Stores a batch with one bulk insert, one increment per bucket for the responses that were
   * new, one mark and one durability barrier. Safe against ids already stored: they come back as
   * {@link Outcome#ALREADY_STORED} and are not counted again. Outcomes are in batch order.
   */
  public Future<List<Outcome>> acceptBatch(List<SurveyResponse> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<SurveyResponse> clean = batch.stream().map(redactor::redact).toList();
    Map<BucketKey, Totals> buckets = new LinkedHashMap<>();
    clean.forEach(r -> buckets.putIfAbsent(keyOf(r), Totals.ZERO));
    // One small intent document instead of marking every response afterwards: marking a batch
    // rewrote each document and halved the embedded store's throughput.
    return rollups
        .recordIntent(new ArrayList<>(buckets.keySet()), segmentIds(clean))
        .compose(
            intent ->
                responses
                    .insertEachCounted(clean)
                    .compose(
                        stored -> {
                          Map<BucketKey, Totals> perBucket = new LinkedHashMap<>();
                          Map<SegmentKey, Totals> perSegment = new LinkedHashMap<>();
                          List<Outcome> outcomes = new ArrayList<>(clean.size());
                          boolean comments = false;
                          for (int i = 0; i < clean.size(); i++) {
                            SurveyResponse r = clean.get(i);
                            if (stored.get(i)) {
                              perBucket.merge(keyOf(r), r.contribution(), Totals::plus);
                              segmentsOf(r.attributions(), keyOf(r), r.contribution())
                                  .forEach((k, t) -> perSegment.merge(k, t, Totals::plus));
                              comments |= r.hasComment();
                              outcomes.add(Outcome.STORED);
                            } else {
                              outcomes.add(Outcome.ALREADY_STORED);
                            }
                          }
                          boolean wake = comments;
                          return rollups
                              .addAll(perBucket)
                              .compose(v -> rollups.addSegments(perSegment))
                              // Every answer of the batch, retries too: under the intent, so a
                              // crash before it has recovery open them.
                              .compose(v -> followUps.open(unhappy(clean)))
                              .compose(v -> rollups.clearIntent(intent))
                              .compose(v -> durability.sync())
                              .map(
                                  v -> {
                                    if (wake) {
                                      commentStored.run();
                                    }
                                    outcomes.forEach(this::counted);
                                    return outcomes;
                                  });
                        }));
  }

  /**
   * Loads many responses into an empty store in one pass: one bulk insert and one increment per
   * bucket rather than per response. Only for loads that cannot collide with stored ids.
   */
  public Future<Long> loadAll(List<SurveyResponse> batch) {
    return acceptBatch(batch).compose(outcomes -> {
      long inserted = outcomes.stream().filter(o -> o == Outcome.STORED).count();
      return inserted == batch.size()
          ? Future.succeededFuture(inserted)
          : Future.failedFuture(new IllegalStateException("bulk load collided with stored responses: " + inserted + " of " + batch.size()));
    });
  }

  /** As {@link #recoverRollups(Duration)}, every write in flight taken as interrupted (the store is this process's alone). */
  public Future<Integer> recoverRollups() {
    return recovery().run(Long.MAX_VALUE);
  }

  /**
   * Makes the rollups agree with the stored responses where a write was interrupted more than
   * {@code grace} ago, by a crash or by an outage between a response and its increments (the
   * client's retry then finds the response already stored). Each bucket holding such a write (an
   * intent, or a response still marked {@code rolledUp:false}) is recounted from its responses:
   * its rating and comment-score documents, per service and per support group and agent, are
   * overwritten, then its markers are removed. A recount is exact whichever step the
   * interruption hit, and running it twice changes nothing.
   *
   * <p>Other instances may be writing the same buckets meanwhile. A recount only overwrites a
   * document that no increment touched since it was counted ({@link VersionedCounters}), and
   * leaves a bucket to the next sweep while a younger write is in flight on it: a write in flight
   * may have stored its response without having made its increments yet. That rests on
   * {@code grace} outlasting every live write: a write older than it is taken as interrupted.
   * Production uses two minutes, against a write chain of a few operations each bounded by the
   * driver's 8 s timeout. Completes with the number of buckets recounted.
   */
  public Future<Integer> recoverRollups(Duration grace) {
    return recovery().run(System.currentTimeMillis() - grace.toMillis());
  }

  /**
   * As {@link #recoverRollups(Duration)}, where this process has the store to itself: the
   * responses it looks at are only those it tracks as unfinished (read by id), not a search of
   * every response.
   */
  public Future<Integer> recoverTracked(Duration grace) {
    return recovery().runTracked(System.currentTimeMillis() - grace.toMillis());
  }

  /** As {@link #recoverTracked(Duration)}, taking every tracked write as interrupted (nothing else is writing). */
  public Future<Integer> recoverTracked() {
    return recovery().runTracked(Long.MAX_VALUE);
  }

  /**
   * Start-up recovery after a clean stop: only the buckets of writes recorded as intents (batches,
   * revisions, scores); a clean stop left no response uncounted.
   */
  public Future<Integer> recoverIntents() {
    return recovery().runIntents();
  }

  /** Responses this process stored, or may have, without counting them yet (none: a clean stop may say so). */
  public int unfinishedWrites() {
    return unfinished.size();
  }

  private Recovery recovery() {
    return new Recovery(responses, rollups, scoreRollups, durability, recoveryBatch, followUps, unfinished);
  }

  /**
   * What a full recount did: rollup buckets (service days, support-group and agent days) found
   * in the responses, recounted, and left because writes were in flight; responses read.
   */
  public record RecountReport(int buckets, int recounted, int busy, long responses) {}

  /**
   * Recounts every rollup, ratings and comment scores, per service and per support group and
   * agent, from the responses, a page of months at a time (memory holds one page): after an
   * upgrade that added rollup fields, or to check the rollups. Safe beside other instances' traffic under the same rule as
   * {@link #recoverRollups(Duration)}: a bucket with a write in flight, or one an increment moved
   * while counting, is left as it was and counted in {@link RecountReport#busy()}. {@code grace}:
   * as for {@link #recoverRollups(Duration)}, or null when this process has the store to itself.
   * {@code progress} is told the responses read so far.
   */
  public Future<RecountReport> recountAll(Duration grace, java.util.function.LongConsumer progress) {
    long before = grace == null ? Long.MAX_VALUE : System.currentTimeMillis() - grace.toMillis();
    return new FullRecount(responses, rollups, scoreRollups, durability).run(before, progress);
  }

  /** The ids of the segment buckets (support group, agent, ticket type, provider) these responses count in. */
  private Set<String> segmentIds(List<SurveyResponse> rs) {
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (SurveyResponse r : rs) {
      SegmentKey.ofResponse(r.attributions(), keyOf(r)).forEach(k -> ids.add(k.id()));
    }
    return ids;
  }

  /** The segment buckets a response (or a change to it) counts in. */
  static Map<SegmentKey, Totals> segmentsOf(Attributions attributions, BucketKey day, Totals totals) {
    Map<SegmentKey, Totals> out = new LinkedHashMap<>();
    SegmentKey.ofResponse(attributions, day).forEach(k -> out.put(k, totals));
    return out;
  }

  /** The answers rated low enough for the follow-up rule, as it reads them. */
  private static List<UnhappyAnswer> unhappy(List<SurveyResponse> rs) {
    return rs.stream().filter(r -> r.rating() <= UnhappyAnswer.RATING_AT_MOST).map(SurveyResponse::asRated).toList();
  }

  /** The rollup bucket a response counts in. */
  public BucketKey keyOf(SurveyResponse r) {
    Buckets b = Buckets.of(r.respondedAt(), zone);
    return new BucketKey(r.service(), b.day(), b.dayStart(), b.weekStart(), b.monthStart());
  }

}
