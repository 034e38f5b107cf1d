package io.perceive.ingest.response;

import io.perceive.ingest.store.InTurn;
import io.perceive.ingest.followup.FollowUpOpener;
import io.perceive.ingest.followup.UnhappyAnswer;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.VersionedCounters;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery of the rollups: the buckets an interrupted write left behind (a batch's intent,
 * or a response still marked {@code rolledUp:false}) recounted from their responses, ratings and
 * comment scores, per service and per support group and agent. The rules are those of
 * {@link IngestService#recoverRollups(java.time.Duration)}; {@link FullRecount} recounts every
 * bucket in one pass under the same rules.
 */
record Recovery(
    ResponseRepository responses,
    RollupRepository rollups,
    Optional<ScoreRollupRepository> scoreRollups,
    Durability durability,
    int batch,
    FollowUpOpener followUps,
    UnfinishedWrites unfinished) {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /**
   * Recounts the buckets of writes stored before {@code before} (epoch ms; {@code Long.MAX_VALUE}:
   * every write in flight) that did not finish; completes with the number of buckets recounted.
   */
  Future<Integer> run(long before) {
    return intents(before).compose(n -> recoverRound(before, n, null));
  }

  /**
   * As {@link #run(long)}, looking only at the responses this process tracks as unfinished
   * instead of searching every response for them: for a process that has the store to itself,
   * where nobody else leaves any (on the embedded store that search reads every answer).
   */
  Future<Integer> runTracked(long before) {
    return intents(before).compose(n -> recoverTracked(before, n));
  }

  /** Only the buckets of writes recorded as intents (a start after a clean stop). */
  Future<Integer> runIntents() {
    return intents(Long.MAX_VALUE);
  }

  private Future<Integer> intents(long before) {
    Future<Map<String, List<BucketKey>>> pending =
        before == Long.MAX_VALUE ? rollups.pendingIntents() : rollups.pendingIntents(before);
    return pending
        .compose(
            intents -> {
              Map<String, BucketKey> keys = new LinkedHashMap<>();
              intents.values().forEach(list -> list.forEach(k -> keys.putIfAbsent(bucketId(k), k)));
              if (keys.isEmpty()) {
                return Future.succeededFuture(0);
              }
              LOG.info("recounting buckets of interrupted batches [batches: {}, buckets: {}]", intents.size(), keys.size());
              return recountEach(new ArrayList<>(keys.values()), intents.keySet(), before)
                  .compose(
                      done -> {
                        // An intent goes once every bucket it names is recounted.
                        List<Future<Void>> cleared = new ArrayList<>();
                        intents.forEach((id, buckets) -> {
                          if (buckets.stream().allMatch(k -> done.contains(bucketId(k)))) {
                            cleared.add(rollups.clearIntent(id));
                          }
                        });
                        return Future.all(cleared).map(v -> done.size());
                      });
            });
  }

  /**
   * Pages through the responses a crash left uncounted, in {@code _id} order, recounting their
   * buckets. A bucket busy with another writer's write is left to the next sweep, and the pages
   * after it are still read: responses past the first page are not held up by it.
   */
  Future<Integer> recoverRound(long before, int recounted, String afterId) {
    return responses
        .findNotRolledUp(before, afterId, batch)
        .compose(
            pending -> {
              if (pending.isEmpty()) {
                if (recounted > 0) {
                  LOG.info("rollups recounted after an interrupted write [buckets: {}]", recounted);
                }
                return Future.succeededFuture(recounted);
              }
              String last = pending.get(pending.size() - 1).id();
              Map<String, BucketKey> keys = new LinkedHashMap<>();
              for (StoredResponse r : pending) {
                keys.putIfAbsent(bucketId(r.bucket()), r.bucket());
              }
              return recountEach(new ArrayList<>(keys.values()), Set.of(), before)
                  .compose(done -> {
                    // Left to a later sweep: which, where only tracked ones are looked at, must know them.
                    pending.stream().filter(r -> !done.contains(bucketId(r.bucket()))).forEach(r -> unfinished.begin(r.id(), 0));
                    return recoverRound(before, recounted + done.size(), last);
                  });
            });
  }

  /**
   * Recounts the buckets of the tracked responses still uncounted and stored before {@code
   * before}, a page at a time, reading them by id. Stops tracking those found counted, and those
   * not stored whose write began before {@code before} (it failed before its insert).
   */
  Future<Integer> recoverTracked(long before, int recounted) {
    java.util.SortedMap<String, Long> tracked = unfinished.snapshot();
    List<List<String>> pages = new ArrayList<>();
    List<String> ids = new ArrayList<>(tracked.keySet());
    for (int from = 0; from < ids.size(); from += batch) {
      pages.add(ids.subList(from, Math.min(ids.size(), from + batch)));
    }
    int[] total = {recounted};
    return InTurn.each(
            pages,
            page ->
                responses
                    .findAmong(page)
                    .compose(found -> {
                      Map<String, StoredResponse> byId = new java.util.HashMap<>();
                      found.forEach(r -> byId.put(r.id(), r));
                      Map<String, BucketKey> keys = new LinkedHashMap<>();
                      for (String id : page) {
                        StoredResponse r = byId.get(id);
                        if (r == null ? tracked.get(id) < before : r.rolledUp()) {
                          unfinished.finished(id);
                        } else if (r != null && r.isInterrupted(before)) {
                          keys.putIfAbsent(bucketId(r.bucket()), r.bucket());
                        }
                      }
                      return recountEach(new ArrayList<>(keys.values()), Set.of(), before).onSuccess(done -> total[0] += done.size());
                    }))
        .map(v -> {
          if (total[0] > 0) {
            LOG.info("rollups recounted after an interrupted write [buckets: {}]", total[0]);
          }
          return total[0];
        });
  }

  static String bucketId(BucketKey key) {
    return key.service() + "|" + key.day();
  }

  /** Recounts these buckets one after another; completes with the ids of those recounted. */
  Future<Set<String>> recountEach(List<BucketKey> keys, Set<String> ownIntents, long before) {
    Set<String> done = new HashSet<>();
    return InTurn.each(
            keys,
            key ->
                recountBucket(key, ownIntents, before)
                    .onSuccess(
                        outcome -> {
                          if (outcome == VersionedCounters.Outcome.DONE) {
                            done.add(bucketId(key));
                          } else {
                            LOG.info("rollup bucket left to the next sweep [bucket: {}, reason: {}]", bucketId(key), outcome);
                          }
                        }))
        .map(v -> done);
  }

  /**
   * Recounts one service and day, then the segment days (support group, agent, ticket type, provider) of its responses, then
   * marks its interrupted responses counted.
   */
  Future<VersionedCounters.Outcome> recountBucket(BucketKey key, Set<String> ownIntents, long before) {
    List<String> interrupted = new ArrayList<>();
    Set<SegmentKey> segments = new LinkedHashSet<>();
    List<UnhappyAnswer> answers = new ArrayList<>();
    return VersionedCounters.retry(() -> recountServiceDay(key, ownIntents, before, interrupted, segments, answers))
        .compose(
            outcome ->
                outcome != VersionedCounters.Outcome.DONE
                    ? Future.succeededFuture(outcome)
                    : recountSegments(new ArrayList<>(segments), ownIntents, before, 0))
        .compose(
            outcome ->
                // Segments before the mark: once marked, nothing would lead back to them.
                outcome != VersionedCounters.Outcome.DONE
                    ? Future.succeededFuture(outcome)
                    // The interrupted write may not have opened its follow-ups: opening is idempotent.
                    : followUps
                        .open(answers)
                        .compose(v -> responses.markRolledUp(interrupted))
                        .compose(v -> durability.sync())
                        .onSuccess(v -> unfinished.finished(interrupted))
                        .map(v -> VersionedCounters.Outcome.DONE));
  }

  Future<VersionedCounters.Outcome> recountServiceDay(
      BucketKey key, Set<String> ownIntents, long before, List<String> interrupted, Set<SegmentKey> segments,
      List<UnhappyAnswer> answers) {
    interrupted.clear();
    segments.clear();
    answers.clear();
    Future<Long> scoreVersion = scoreRollups.map(r -> r.version(key)).orElse(Future.succeededFuture(null));
    return Future.all(rollups.version(key), scoreVersion)
        .compose(
            versions ->
                responses
                    .findInBucket(key.service(), key.day())
                    .compose(
                        docs -> {
                          Totals totals = Totals.ZERO;
                          List<Scored> scores = new ArrayList<>();
                          boolean othersInFlight = false;
                          for (StoredResponse r : docs) {
                            scores.add(r.scored());
                            UnhappyAnswer answer = r.unhappy(key.service());
                            if (answer != null && answer.reason() != null) {
                              answers.add(answer);
                            }
                            segments.addAll(SegmentKey.ofResponse(r.attributions(), key));
                            totals = totals.plus(r.totals());
                            if (!r.rolledUp()) {
                              if (r.isInterrupted(before)) {
                                interrupted.add(r.id());
                              } else {
                                othersInFlight = true;
                              }
                            }
                          }
                          if (othersInFlight) {
                            return Future.succeededFuture(VersionedCounters.Outcome.BUSY);
                          }
                          Totals counted = totals;
                          return unlessBusy(
                              othersWriting(key.day(), key.service(), ownIntents),
                              () -> rollups.replace(key, counted, versions.resultAt(0)),
                              r -> r.replace(key, scores, versions.<Long>resultAt(1)));
                        }));
  }

  /** Recounts segment days, ratings and comment scores, from their responses. */
  Future<VersionedCounters.Outcome> recountSegments(
      List<SegmentKey> keys, Set<String> ownIntents, long before, int index) {
    if (index == keys.size()) {
      return Future.succeededFuture(VersionedCounters.Outcome.DONE);
    }
    SegmentKey key = keys.get(index);
    return VersionedCounters.retry(() -> recountSegment(key, ownIntents, before))
        .compose(
            outcome ->
                outcome != VersionedCounters.Outcome.DONE
                    ? Future.succeededFuture(outcome)
                    : recountSegments(keys, ownIntents, before, index + 1));
  }

  Future<VersionedCounters.Outcome> recountSegment(SegmentKey key, Set<String> ownIntents, long before) {
    Future<Long> scoreVersion = scoreRollups.map(r -> r.segmentVersion(key)).orElse(Future.succeededFuture(null));
    return Future.all(rollups.segmentVersion(key), scoreVersion)
        .compose(
            versions ->
                responses
                    .findInSegment(key.kind(), key.name(), key.day())
                    .compose(
                        docs -> {
                          Totals totals = Totals.ZERO;
                          List<Scored> scores = new ArrayList<>();
                          for (StoredResponse r : docs) {
                            if (!r.rolledUp() && !r.isInterrupted(before)) {
                              return Future.succeededFuture(VersionedCounters.Outcome.BUSY);
                            }
                            totals = totals.plus(r.totals());
                            scores.add(r.scored());
                          }
                          Totals counted = totals;
                          return unlessBusy(
                              othersWriting(key, ownIntents),
                              () -> rollups.replaceSegment(key, counted, versions.resultAt(0)),
                              r -> r.replaceSegment(key, scores, versions.<Long>resultAt(1)));
                        }));
  }

  /**
   * BUSY when another write is in flight; else the rating replacement, then the score one: DONE
   * when both landed, MISSED when either met a moved version.
   */
  Future<VersionedCounters.Outcome> unlessBusy(
      Future<Boolean> busy,
      Supplier<Future<Boolean>> ratings,
      Function<ScoreRollupRepository, Future<Boolean>> scores) {
    return busy.compose(
        inFlight ->
            inFlight
                ? Future.succeededFuture(VersionedCounters.Outcome.BUSY)
                : ratings
                    .get()
                    .compose(a -> scoreRollups.map(scores).orElse(Future.succeededFuture(true)).map(b -> a && b))
                    .map(both -> both ? VersionedCounters.Outcome.DONE : VersionedCounters.Outcome.MISSED));
  }

  /** Whether an intent not in {@code own} may touch this service's bucket of this day. */
  Future<Boolean> othersWriting(String day, String service, Set<String> own) {
    return rollups
        .intentsOnDay(day)
        .map(intents -> intents.stream().anyMatch(i -> !own.contains(i.id()) && i.touches(service, day)));
  }

  /** Whether an intent not in {@code own} may touch this segment bucket. */
  Future<Boolean> othersWriting(SegmentKey segment, Set<String> own) {
    return rollups
        .intentsOnDay(segment.day())
        .map(intents -> intents.stream().anyMatch(i -> !own.contains(i.id()) && i.touches(segment)));
  }

}
