package io.perceive.ingest.response;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.store.Durability;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
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
 * on disk and counted. A crash between the steps leaves responses marked {@code rolledUp:false};
 * {@link #recoverRollups()} recounts their buckets at the next start.
 */
public final class IngestService {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  static final int RECOVERY_BATCH = 1_000;

  private final ResponseRepository responses;
  private final RollupRepository rollups;
  private final ZoneId zone;
  private final Durability durability;
  private final CommentRedactor redactor;
  private final Runnable commentStored;
  private final Optional<ScoreRollupRepository> scoreRollups;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong alreadyStored = new AtomicLong();

  public IngestService(ResponseRepository responses, RollupRepository rollups, ZoneId zone) {
    this(responses, rollups, zone, Durability.NONE, () -> {});
  }

  public IngestService(
      ResponseRepository responses,
      RollupRepository rollups,
      ZoneId zone,
      Durability durability,
      Runnable commentStored) {
    this(responses, rollups, zone, durability, commentStored, Optional.empty());
  }

  /**
   * @param durability the barrier before an acknowledgement (a file commit on the embedded store)
   * @param commentStored told after a response with a comment was stored (wakes the scorer)
   * @param scoreRollups the comment-score rollups, recounted with the rating rollups of a bucket
   *     that an interrupted write left behind
   */
  public IngestService(
      ResponseRepository responses,
      RollupRepository rollups,
      ZoneId zone,
      Durability durability,
      Runnable commentStored,
      Optional<ScoreRollupRepository> scoreRollups) {
    this.responses = Objects.requireNonNull(responses, "responses");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.commentStored = Objects.requireNonNull(commentStored, "commentStored");
    this.scoreRollups = Objects.requireNonNull(scoreRollups, "scoreRollups");
    this.redactor = new CommentRedactor();
  }

  /** The outcome of accepting one response. */
  public enum Outcome {
    STORED,
    ALREADY_STORED
  }

  public Future<Outcome> accept(SurveyResponse response) {
    SurveyResponse clean = redactor.redact(response);
    return responses
        .insert(clean)
        .compose(
            isNew -> {
              if (!isNew) {
                LOG.debug("response already stored [id: {}]", clean.id());
                // The first copy may still be on its way to disk: the barrier covers it too.
                return durability.sync().map(v -> counted(Outcome.ALREADY_STORED));
              }
              return rollups
                  .add(keyOf(clean), contribution(clean))
                  .compose(v -> rollups.addSegments(segmentsOf(clean.supportGroup(), clean.agent(), keyOf(clean), contribution(clean))))
                  .compose(v -> responses.markRolledUp(clean.id()))
                  .compose(v -> durability.sync())
                  .map(v -> {
                    if (hasComment(clean)) {
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
   * with null when no response has this id, and only once the change is durable.
   *
   * <p>The change and the rollup delta are two writes: an intent for the bucket is recorded
   * first and cleared after the delta, so a crash or outage between the two has the bucket
   * recounted from its responses at start, as for an interrupted batch.
   */
  public Future<Revision> revise(String id, Integer rating, boolean setComment, String comment) {
    return responses
        .find(id)
        .compose(
            current -> {
              if (current == null) {
                return Future.succeededFuture(null);
              }
              return rollups
                  .recordIntent(List.of(keyOf(current)))
                  .compose(intent -> reviseCounted(id, rating, setComment, comment, intent));
            });
  }

  private Future<Revision> reviseCounted(String id, Integer rating, boolean setComment, String comment, String intent) {
    return responses
        .reviseAnswer(id, rating, setComment, comment)
        .compose(
            before -> {
              if (before == null) {
                return rollups.clearIntent(intent).map(v -> (Revision) null);
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
              Future<Void> counted =
                  delta.equals(Totals.ZERO)
                      ? Future.succeededFuture()
                      : rollups
                          .add(keyOf(before), delta)
                          .compose(v -> rollups.addSegments(segmentsOf(before.supportGroup(), before.agent(), keyOf(before), delta)));
              return counted
                  .compose(v -> rollups.clearIntent(intent))
                  .compose(v -> durability.sync())
                  .map(
                      v -> {
                        // A survey's comment arrives as a revision: wake the scorer for it.
                        if (setComment && hasComment(after)) {
                          commentStored.run();
                        }
                        return revision;
                      });
            });
  }

  /** Records the answer to the lost-time question on a stored response, durably. */
  public Future<Void> setLostMinutes(String id, Integer minutes) {
    return responses.setLostMinutes(id, minutes).compose(v -> durability.sync());
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
        .recordIntent(new ArrayList<>(buckets.keySet()))
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
                              perBucket.merge(keyOf(r), contribution(r), Totals::plus);
                              segmentsOf(r.supportGroup(), r.agent(), keyOf(r), contribution(r))
                                  .forEach((k, t) -> perSegment.merge(k, t, Totals::plus));
                              comments |= hasComment(r);
                              outcomes.add(Outcome.STORED);
                            } else {
                              outcomes.add(Outcome.ALREADY_STORED);
                            }
                          }
                          boolean wake = comments;
                          return rollups
                              .addAll(perBucket)
                              .compose(v -> rollups.addSegments(perSegment))
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
    return acceptBatch(batch)
        .compose(
            outcomes -> {
              long inserted = outcomes.stream().filter(o -> o == Outcome.STORED).count();
              if (inserted != batch.size()) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "bulk load collided with stored responses: " + inserted + " of " + batch.size()));
              }
              return Future.succeededFuture(inserted);
            });
  }

  /**
   * Makes the rollups agree with the stored responses after a crash: every bucket that holds a
   * response marked {@code rolledUp:false} is recounted from its responses and overwritten, then
   * those responses are marked. A recount is exact whichever step the crash interrupted (the
   * increment done or not), and running it twice changes nothing. Run it before accepting
   * traffic: a recount racing a live increment of the same bucket could lose that increment.
   * Completes with the number of buckets recounted.
   */
  public Future<Integer> recoverRollups() {
    return rollups
        .pendingIntents()
        .compose(
            intents -> {
              Map<String, BucketKey> keys = new LinkedHashMap<>();
              intents.values().forEach(list -> list.forEach(k -> keys.putIfAbsent(k.service() + "|" + k.day(), k)));
              if (keys.isEmpty()) {
                return Future.succeededFuture(0);
              }
              LOG.info("recounting buckets of interrupted batches [batches: {}, buckets: {}]", intents.size(), keys.size());
              return recountEach(new ArrayList<>(keys.values()), 0)
                  .compose(v -> Future.all(intents.keySet().stream().map(rollups::clearIntent).toList()))
                  .map(v -> keys.size());
            })
        .compose(n -> recoverRound(n, Set.of()));
  }

  private Future<Integer> recoverRound(int recounted, Set<String> previousIds) {
    return responses
        .findNotRolledUp(RECOVERY_BATCH)
        .compose(
            pending -> {
              if (pending.isEmpty()) {
                if (recounted > 0) {
                  LOG.info("rollups recounted after an interrupted write [buckets: {}]", recounted);
                }
                return Future.succeededFuture(recounted);
              }
              Set<String> ids = new HashSet<>();
              pending.forEach(doc -> ids.add(doc.getString("_id")));
              if (previousIds.containsAll(ids)) {
                // Marking did not take (a store that cannot find these by _id): do not spin.
                LOG.warn("rollup recovery left responses unmarked [count: {}]", ids.size());
                return Future.succeededFuture(recounted);
              }
              Map<String, BucketKey> keys = new LinkedHashMap<>();
              for (JsonObject doc : pending) {
                BucketKey key =
                    new BucketKey(
                        doc.getString("service"), doc.getString("day"), doc.getLong("dayStart"),
                        doc.getLong("weekStart"), doc.getLong("monthStart"));
                keys.putIfAbsent(key.service() + "|" + key.day(), key);
              }
              return recountEach(new ArrayList<>(keys.values()), 0)
                  .compose(v -> recoverRound(recounted + keys.size(), ids));
            });
  }

  /**
   * Counts responses that an outage left stored but uncounted (the store went away between the
   * insert and the increment, and the client's retry found the response already stored). Only
   * responses older than {@code grace} are touched, so live requests are never raced, and each
   * is claimed atomically first, so several instances never count one twice. A crash after a
   * claim leaves it {@code rolledUp:false}: the recount at start covers it. Completes with the
   * number counted.
   */
  public Future<Integer> countStale(java.time.Duration grace) {
    long cutoff = System.currentTimeMillis() - grace.toMillis();
    return responses
        .findStale(cutoff, RECOVERY_BATCH)
        .compose(docs -> countClaimed(docs, 0, 0))
        .compose(n -> n == 0 ? Future.succeededFuture(0) : durability.sync().map(v -> n))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("counted responses left uncounted by an outage [responses: {}]", n);
          }
        });
  }

  private Future<Integer> countClaimed(List<JsonObject> docs, int index, int counted) {
    if (index == docs.size()) {
      return Future.succeededFuture(counted);
    }
    JsonObject doc = docs.get(index);
    String id = doc.getString("_id");
    return responses
        .claim(id)
        .compose(
            won -> {
              if (!won) {
                return Future.succeededFuture(counted);
              }
              BucketKey key =
                  new BucketKey(
                      doc.getString("service"), doc.getString("day"), doc.getLong("dayStart"),
                      doc.getLong("weekStart"), doc.getLong("monthStart"));
              Totals totals = totalsOf(doc);
              return rollups
                  .add(key, totals)
                  .compose(v -> rollups.addSegments(segmentsOf(doc.getString("supportGroup"), doc.getString("agent"), key, totals)))
                  .compose(v -> responses.markRolledUp(id))
                  .map(v -> counted + 1);
            })
        .compose(n -> countClaimed(docs, index + 1, n));
  }

  private Future<Void> recountEach(List<BucketKey> keys, int index) {
    if (index == keys.size()) {
      return Future.succeededFuture();
    }
    BucketKey key = keys.get(index);
    return responses
        .findInBucket(key.service(), key.day())
        .compose(
            docs -> {
              Totals totals = Totals.ZERO;
              List<String> pendingIds = new ArrayList<>();
              List<JsonObject> scores = new ArrayList<>();
              Set<SegmentKey> segments = new java.util.LinkedHashSet<>();
              for (JsonObject doc : docs) {
                scores.add(doc.getJsonObject("score"));
                segments.addAll(segmentsOf(doc.getString("supportGroup"), doc.getString("agent"), key, Totals.ZERO).keySet());
                totals = totals.plus(totalsOf(doc));
                if (!doc.getBoolean("rolledUp", false)) {
                  pendingIds.add(doc.getString("_id"));
                }
              }
              Future<Void> scoresRecounted =
                  scoreRollups.map(r -> r.replace(key, scores)).orElse(Future.succeededFuture());
              // Segments before the mark: once marked, nothing would lead back to them.
              return rollups
                  .replace(key, totals)
                  .compose(v -> scoresRecounted)
                  .compose(v -> recountSegments(new ArrayList<>(segments), 0))
                  .compose(v -> responses.markRolledUp(pendingIds))
                  .compose(v -> durability.sync());
            })
        .compose(v -> recountEach(keys, index + 1));
  }

  /**
   * Recounts support-group and agent buckets, ratings and comment scores, from the responses of
   * that segment and day.
   */
  private Future<Void> recountSegments(List<SegmentKey> keys, int index) {
    if (index == keys.size()) {
      return Future.succeededFuture();
    }
    SegmentKey key = keys.get(index);
    return responses
        .findInSegment(key.kind(), key.name(), key.day())
        .compose(
            docs -> {
              Totals totals = Totals.ZERO;
              List<JsonObject> scores = new ArrayList<>();
              for (JsonObject doc : docs) {
                totals = totals.plus(totalsOf(doc));
                scores.add(doc.getJsonObject("score"));
              }
              return rollups
                  .replaceSegment(key, totals)
                  .compose(v -> scoreRollups.map(r -> r.replaceSegment(key, scores)).orElse(Future.succeededFuture()));
            })
        .compose(v -> recountSegments(keys, index + 1));
  }

  /** What a stored response document contributes to its buckets. */
  private static Totals totalsOf(JsonObject doc) {
    String comment = doc.getString("comment");
    return Totals.of(
        doc.getInteger("rating"), doc.getInteger("nps"), doc.getInteger("ces"), comment != null && !comment.isBlank(),
        doc.getBoolean("slaMet"));
  }

  /** The support-group and agent buckets a response (or a change to it) counts in. */
  static Map<SegmentKey, Totals> segmentsOf(String group, String agent, BucketKey day, Totals totals) {
    Map<SegmentKey, Totals> out = new LinkedHashMap<>();
    SegmentKey.ofResponse(group, agent, day).forEach(k -> out.put(k, totals));
    return out;
  }

  /** The rollup bucket a response counts in. */
  public BucketKey keyOf(SurveyResponse r) {
    Buckets b = Buckets.of(r.respondedAt(), zone);
    return new BucketKey(r.service(), b.day(), b.dayStart(), b.weekStart(), b.monthStart());
  }

  static Totals contribution(SurveyResponse r) {
    return Totals.of(r.rating(), r.nps(), r.ces(), hasComment(r), r.slaMet());
  }

  private static boolean hasComment(SurveyResponse r) {
    return r.comment() != null && !r.comment().isBlank();
  }
}
