package io.perceive.ingest.response;

import io.perceive.analytics.rollup.ScoreSums;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.response.IngestService.RecountReport;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.InTurn;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Every rollup recounted in one pass over the responses ({@code perceive recount}). A recount per
 * bucket reads that bucket's responses, which on the embedded store (no secondary indexes) is a
 * scan of them all for every bucket; this reads each response once. The rule is the one of
 * {@link IngestService#recoverRollups(java.time.Duration)}: versions first, then the count, then a
 * look for writes in flight, then replacements that land only on unchanged versions.
 */
final class FullRecount {

  private final ResponseRepository responses;
  private final RollupRepository rollups;
  private final Optional<ScoreRollupRepository> scoreRollups;
  private final Durability durability;

  // What the pass counts, by rollup document id.
  private final Map<String, BucketKey> buckets = new LinkedHashMap<>();
  private final Map<String, SegmentKey> segments = new LinkedHashMap<>();
  private final Map<String, Totals> totals = new HashMap<>();
  private final Map<String, ScoreSums> scoreSums = new HashMap<>();
  private final Set<String> busy = new HashSet<>();
  /** Responses whose write was interrupted, with the ids of the rollup documents they count in. */
  private final Map<String, List<String>> interrupted = new LinkedHashMap<>();
  private long read;
  /** Whether other writers may be at work: then replacements land only on unchanged versions. */
  private boolean guarded;

  FullRecount(
      ResponseRepository responses, RollupRepository rollups, Optional<ScoreRollupRepository> scoreRollups, Durability durability) {
    this.responses = responses;
    this.rollups = rollups;
    this.scoreRollups = scoreRollups;
    this.durability = durability;
  }

  Future<RecountReport> run(long before, LongConsumer progress) {
    guarded = before != Long.MAX_VALUE;
    Future<Map<String, Long>> scoreVersions =
        scoreRollups.map(ScoreRollupRepository::allVersions).orElse(Future.succeededFuture(Map.of()));
    return Future.all(rollups.allVersions(), scoreVersions)
        .compose(
            versions ->
                responses
                    .forEach(doc -> count(doc, before, progress))
                    .compose(v -> rollups.pendingIntents())
                    .compose(
                        intents -> {
                          // Alone on the store, no write is in flight: an intent is an
                          // interrupted write, which this pass counts like any other.
                          if (guarded) {
                            markBusy(intents);
                          }
                          List<String> ids = new ArrayList<>(buckets.keySet());
                          ids.addAll(segments.keySet());
                          List<String> free = ids.stream().filter(id -> !busy.contains(id)).toList();
                          return replaceAll(free, versions.resultAt(0), versions.resultAt(1))
                              .compose(
                                  recounted ->
                                      // Interrupted writes in buckets left alone stay for the sweep.
                                      markCounted()
                                          .compose(v -> guarded || recounted < ids.size() ? Future.succeededFuture() : clearAll(intents.keySet()))
                                          .map(v -> new RecountReport(ids.size(), recounted, ids.size() - recounted, read)));
                        }));
  }

  private void count(StoredResponse doc, long before, LongConsumer progress) {
    BucketKey key = doc.bucket();
    String id = Recovery.bucketId(key);
    buckets.putIfAbsent(id, key);
    Totals t = doc.totals();
    ScoreSums inc = ScoreSums.of(doc.scored().counted());
    add(id, t, inc);
    List<SegmentKey> of = SegmentKey.ofResponse(doc.supportGroup(), doc.agent(), key);
    for (SegmentKey segment : of) {
      segments.putIfAbsent(segment.id(), segment);
      add(segment.id(), t, inc);
    }
    if (!doc.rolledUp()) {
      if (doc.isInterrupted(before)) {
        List<String> ids = new ArrayList<>();
        ids.add(id);
        of.forEach(seg -> ids.add(seg.id()));
        interrupted.put(doc.id(), ids);
      } else {
        // A write in flight: it may not have made its increments yet.
        busy.add(id);
        of.forEach(s -> busy.add(s.id()));
      }
    }
    if (++read % 1_000 == 0) {
      progress.accept(read);
    }
  }

  private void add(String id, Totals t, ScoreSums inc) {
    totals.merge(id, t, Totals::plus);
    scoreSums.merge(id, inc, ScoreSums::plus);
  }

  /** An intent is a write in flight: its buckets, and every segment of its days, are left. */
  private void markBusy(Map<String, List<BucketKey>> intents) {
    Set<String> days = new HashSet<>();
    intents.values().forEach(keys -> keys.forEach(k -> {
      busy.add(Recovery.bucketId(k));
      days.add(k.day());
    }));
    segments.values().stream().filter(s -> days.contains(s.day())).forEach(s -> busy.add(s.id()));
  }

  private final Set<String> replaced = new HashSet<>();

  /**
   * Replaces the documents in bulk, rating rollups then score rollups (200 documents per write,
   * not one); completes with how many landed in both.
   */
  private Future<Integer> replaceAll(List<String> ids, Map<String, Long> ratingVersions, Map<String, Long> scoreVersions) {
    Map<BucketKey, Totals> bucketTotals = new LinkedHashMap<>();
    Map<SegmentKey, Totals> segmentTotals = new LinkedHashMap<>();
    Map<BucketKey, ScoreSums> bucketSums = new LinkedHashMap<>();
    Map<SegmentKey, ScoreSums> segmentSums = new LinkedHashMap<>();
    for (String id : ids) {
      BucketKey bucket = buckets.get(id);
      if (bucket != null) {
        bucketTotals.put(bucket, totals.get(id));
        bucketSums.put(bucket, scoreSums.get(id));
      } else {
        segmentTotals.put(segments.get(id), totals.get(id));
        segmentSums.put(segments.get(id), scoreSums.get(id));
      }
    }
    return rollups
        .replaceAll(bucketTotals, segmentTotals, ratingVersions, guarded)
        .compose(
            ratings ->
                scoreRollups
                    .map(r -> r.replaceAllSums(bucketSums, segmentSums, scoreVersions, guarded))
                    .orElse(Future.succeededFuture(ratings))
                    .map(
                        scores -> {
                          ratings.stream().filter(scores::contains).forEach(replaced::add);
                          return replaced.size();
                        }));
  }

  /** Removes intents whose buckets this pass recounted, all of them. */
  private Future<Void> clearAll(Set<String> intentIds) {
    return InTurn.each(new ArrayList<>(intentIds), rollups::clearIntent).compose(v -> durability.sync());
  }

  /** Marks counted the interrupted responses whose every rollup document was replaced. */
  private Future<Void> markCounted() {
    List<String> ids = new ArrayList<>();
    interrupted.forEach((response, rollupIds) -> {
      if (replaced.containsAll(rollupIds)) {
        ids.add(response);
      }
    });
    return responses.markRolledUp(ids).compose(v -> durability.sync());
  }
}
