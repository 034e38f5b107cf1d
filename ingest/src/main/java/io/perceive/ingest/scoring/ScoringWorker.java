package io.perceive.ingest.scoring;

import io.perceive.ingest.followup.FollowUpOpener;
import io.perceive.ingest.followup.UnhappyAnswer;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.Attributions;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.perceive.ingest.store.Durability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches scoring up with the stored responses: claims responses with a comment and no score in
 * bounded batches (a lease of {@link #LEASE_MS}, so instances sharing a store score different
 * comments, and a dead instance's batch is taken over once its lease expires) (a query that scans on the embedded store, so passes are spaced out), scores
 * them on worker threads and stores each score on its response. Runs after start, when told that
 * commented responses were stored, and every {@link #IDLE_PASS_MS} in case another instance
 * stored them. Without a scorer there is no worker and responses stay {@code scored:false}.
 */
public final class ScoringWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringWorker.class);
  static final int BATCH = 200;
  static final long MIN_GAP_MS = 1_000;
  static final long IDLE_PASS_MS = 30_000;
  /**
   * How long a batch is this worker's alone: other instances on the store leave it, and take it
   * over once it expires (this instance died). Far longer than scoring a batch takes.
   */
  static final long LEASE_MS = 10 * 60_000;
  private final String owner = java.util.UUID.randomUUID().toString();

  private final Vertx vertx;
  private final ResponseRepository responses;
  private final CommentScoring scorer;
  private final Durability durability;
  private final Optional<ScoreRollupRepository> scoreRollups;
  private final RollupRepository intents;
  private final FollowUpOpener followUps;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong scored = new AtomicLong();
  private final AtomicLong failedPasses = new AtomicLong();
  private boolean running;
  private boolean wanted;
  private long lastPass;
  private long failurePause = MIN_GAP_MS;
  private long periodic = -1;
  private volatile boolean stopped;
  private volatile boolean edited;
  private io.vertx.core.Context context;
  /** Completed when a stop has been asked for and no pass runs any more. */
  private final io.vertx.core.Promise<Void> idle = io.vertx.core.Promise.promise();

  /** A batch left unscored because the worker was stopped: the next start takes it up again. */
  private static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("stopped", null, false, false);
    }
  }

  public ScoringWorker(Vertx vertx, ResponseRepository responses, CommentScoring scorer, Durability durability) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.scoreRollups = Optional.empty();
    this.intents = null;
    this.followUps = FollowUpOpener.NONE;
  }

  /**
   * With score rollups: every stored score is also added to its service and day. A batch first
   * records an intent for its buckets in {@code intents} (the rating rollups' intents), so a crash
   * between storing scores and adding them has those buckets recounted at start. A comment scored
   * strongly negative opens a follow-up through {@code followUps}, under the batch's intent (a
   * crash before it has recovery open it).
   */
  public ScoringWorker(
      Vertx vertx,
      ResponseRepository responses,
      CommentScoring scorer,
      Durability durability,
      ScoreRollupRepository scoreRollups,
      RollupRepository intents,
      FollowUpOpener followUps) {
    this.followUps = Objects.requireNonNull(followUps, "followUps");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.scoreRollups = Optional.of(scoreRollups);
    this.intents = Objects.requireNonNull(intents, "intents");
  }

  /** Starts on one event-loop context, which then owns all of the worker's state. */
  public void start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> periodic = vertx.setPeriodic(IDLE_PASS_MS, id -> nudge()));
    nudge();
  }

  /**
   * Takes no further batch; the batch being scored is abandoned between two comments (its
   * comments stay unscored, so the next start scores them), or finished when it is already being
   * stored. Completes once no pass runs.
   */
  public Future<Void> stop() {
    stopped = true;
    if (context == null) {
      return Future.succeededFuture();
    }
    context.runOnContext(
        v -> {
          if (periodic >= 0) {
            vertx.cancelTimer(periodic);
          }
          if (!running) {
            idle.tryComplete();
          }
        });
    return idle.future();
  }

  /** Comments the scorer failed on (stored as failed, not retried) so far. */
  public long failures() {
    return failures.get();
  }

  /** Passes that failed (the store was busy or unreachable) and were tried again. */
  public long failedPasses() {
    return failedPasses.get();
  }

  /** Responses scored so far by this worker. */
  public long scored() {
    return scored.get();
  }

  /** There may be something to score: a pass runs soon (passes never overlap). */
  public void nudge() {
    if (context == null) {
      return;
    }
    context.runOnContext(v -> {
      wanted = true;
      schedule();
    });
  }

  private void schedule() {
    if (running || !wanted || stopped) {
      if (stopped && !running) {
        idle.tryComplete();
      }
      return;
    }
    running = true;
    wanted = false;
    long wait = Math.max(1, lastPass + MIN_GAP_MS - System.currentTimeMillis());
    vertx.setTimer(wait, t -> pass());
  }

  private void pass() {
    lastPass = System.currentTimeMillis();
    long now = System.currentTimeMillis();
    responses
        .claimUnscored(owner, BATCH, now, now + LEASE_MS)
        .compose(this::scoreAll)
        .onComplete(
            ar -> {
              running = false;
              if (stopped) {
                if (ar.failed() && ar.cause() instanceof Abandoned) {
                  LOG.info("scoring stopped; the batch in hand is left for the next start");
                }
                idle.tryComplete();
                return;
              }
              if (ar.failed()) {
                // A busy or unreachable store: try again soon, backing off to the idle pass.
                failedPasses.incrementAndGet();
                LOG.warn("scoring pass failed, will retry [reason: {}, in ms: {}]", ar.cause().getMessage(), failurePause);
                if (!stopped) {
                  vertx.setTimer(failurePause, t -> nudge());
                }
                failurePause = Math.min(IDLE_PASS_MS, failurePause * 2);
              } else if (ar.result() == BATCH || edited) {
                wanted = true; // a full batch, or an edited comment: there is more
              }
              if (ar.succeeded()) {
                failurePause = MIN_GAP_MS;
              }
              edited = false;
              schedule();
            });
  }

  private Future<Integer> scoreAll(List<JsonObject> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return vertx
        .executeBlocking(
            () -> {
              List<JsonObject> results = new ArrayList<>(batch.size());
              for (JsonObject doc : batch) {
                if (stopped) {
                  throw new Abandoned();
                }
                results.add(scoreOne(doc));
              }
              return results;
            },
            false)
        .compose(
            results ->
                recordIntent(batch)
                    .compose(
                        intent -> {
                          List<Future<Void>> stores = new ArrayList<>();
                          for (int i = 0; i < batch.size(); i++) {
                            stores.add(store(batch.get(i), results.get(i)));
                          }
                          return Future.all(stores).compose(all -> intent == null ? Future.succeededFuture() : intents.clearIntent(intent));
                        }))
        .compose(all -> durability.sync())
        .map(v -> {
          scored.addAndGet(batch.size());
          return batch.size();
        });
  }

  /** The intent for the buckets this batch will add scores to; null without score rollups. */
  private Future<String> recordIntent(List<JsonObject> batch) {
    if (scoreRollups.isEmpty()) {
      return Future.succeededFuture(null);
    }
    Map<String, BucketKey> keys = new LinkedHashMap<>();
    Set<String> segments = new LinkedHashSet<>();
    for (JsonObject doc : batch) {
      if (doc.getString("day") != null) {
        BucketKey key = keyOf(doc);
        keys.putIfAbsent(key.service() + "|" + key.day(), key);
        SegmentKey.ofResponse(Attributions.of(doc), key).forEach(k -> segments.add(k.id()));
      }
    }
    return keys.isEmpty() ? Future.succeededFuture(null) : intents.recordIntent(new ArrayList<>(keys.values()), segments);
  }

  private static BucketKey keyOf(JsonObject doc) {
    return new BucketKey(
        doc.getString("service"), doc.getString("day"), doc.getLong("dayStart"), doc.getLong("weekStart"), doc.getLong("monthStart"));
  }

  /**
   * The score on the response first, then its rollup, both under the batch's intent: a crash
   * between the two has the bucket recounted. The rollup moves from what the response counted
   * just before the score was stored (its old score, under its rating at that moment) to the new
   * score: the document as it was tells both, so a revision racing the scorer is not counted
   * twice.
   */
  private Future<Void> store(JsonObject doc, JsonObject score) {
    return responses
        .storeScore(doc.getString("_id"), doc.getString("comment"), score)
        .compose(
            before -> {
              if (before == null) {
                return Future.succeededFuture();
              }
              if (!Objects.equals(before.getString("comment"), doc.getString("comment"))) {
                // Edited while it was scored: the new text waits for the next pass, soon.
                edited = true;
              }
              if (scoreRollups.isEmpty() || doc.getString("day") == null || before.getString("comment") == null) {
                // No rollups, or the comment was removed meanwhile and its score taken off again.
                return Future.succeededFuture();
              }
              UnhappyAnswer answer = UnhappyAnswer.of(doc.copy().put("rating", before.getInteger("rating")).put("score", score));
              Future<Void> opened = answer == null ? Future.succeededFuture() : followUps.open(List.of(answer));
              Integer rating = before.getInteger("rating");
              Scored now = new Scored(score, rating);
              Scored was = new Scored(before.getJsonObject("score"), rating);
              BucketKey key = keyOf(doc);
              List<SegmentKey> segments = SegmentKey.ofResponse(Attributions.of(doc), key);
              return opened
                  .compose(v -> scoreRollups.get().add(key, now, was))
                  .compose(v -> segments.isEmpty() ? Future.succeededFuture() : scoreRollups.get().addSegments(segments, now, was));
            });
  }

  private JsonObject scoreOne(JsonObject doc) {
    try {
      JsonObject score = scorer.score(doc.getString("comment", ""), doc.getInteger("rating", 0));
      return score == null ? new JsonObject() : score;
    } catch (RuntimeException e) {
      if (stopped) {
        // Interrupted by the stop, not the comment's fault: left unscored for the next start.
        throw new Abandoned();
      }
      // Stored as failed rather than retried forever; the comment is not logged.
      LOG.warn("comment could not be scored [id: {}, reason: {}]", doc.getString("_id"), e.getClass().getSimpleName());
      failures.incrementAndGet();
      return new JsonObject().put("failed", true);
    }
  }
}
