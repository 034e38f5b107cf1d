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
import io.perceive.ingest.store.StoreErrors;
import io.perceive.ingest.store.StoreUnavailableException;
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
 * Every rollup recounted from the responses ({@code perceive recount}), a page of months at a
 * time: a page's responses are read once, its rollups written, and what was counted dropped
 * before the next page is read, so memory holds one page's buckets (and, on the embedded store,
 * which gathers a query's matches before it answers, one page's responses), not the whole store's.
 * A page is as many whole months as fit in {@link #PAGE_ANSWERS} answers at the density of the
 * page before (of the whole store for the first page; at least one month), since counting each
 * month first would scan the responses once per month on the embedded store. A recount per bucket would read that bucket's responses, which on the
 * embedded store (no secondary indexes) is a scan of them all for every bucket. The rule is the
 * one of {@link IngestService#recoverRollups(java.time.Duration)}, page by page: versions first,
 * then the count, then a look for writes in flight, then replacements that land only on unchanged
 * versions.
 */
final class FullRecount {

  /**
   * Answers per page. At about 1 KB a response as the embedded store gathers it, and a few
   * hundred bytes per bucket counted, a page holds well under 200 MB; a million answers over two
   * years make about eleven pages, each a scan of the responses on the embedded store.
   */
  static final long PAGE_ANSWERS = 100_000;

  private final ResponseRepository responses;
  private final RollupRepository rollups;
  private final Optional<ScoreRollupRepository> scoreRollups;
  private final Durability durability;
  private final long pageAnswers;

  // What the page counts, by rollup document id; emptied between pages.
  private final Map<String, BucketKey> buckets = new LinkedHashMap<>();
  private final Map<String, SegmentKey> segments = new LinkedHashMap<>();
  private final Map<String, Totals> totals = new HashMap<>();
  private final Map<String, ScoreSums> scoreSums = new HashMap<>();
  private final Set<String> busy = new HashSet<>();
  /** Responses whose write was interrupted, with the ids of the rollup documents they count in. */
  private final Map<String, List<String>> interrupted = new LinkedHashMap<>();
  private final Set<String> replaced = new HashSet<>();
  private long read;
  private int seen;
  private int recounted;
  private int pages;
  /** Whether other writers may be at work: then replacements land only on unchanged versions. */
  private boolean guarded;

  FullRecount(
      ResponseRepository responses, RollupRepository rollups, Optional<ScoreRollupRepository> scoreRollups, Durability durability) {
    this(responses, rollups, scoreRollups, durability, PAGE_ANSWERS);
  }

  FullRecount(
      ResponseRepository responses,
      RollupRepository rollups,
      Optional<ScoreRollupRepository> scoreRollups,
      Durability durability,
      long pageAnswers) {
    this.responses = responses;
    this.rollups = rollups;
    this.scoreRollups = scoreRollups;
    this.durability = durability;
    this.pageAnswers = pageAnswers;
  }

  Future<RecountReport> run(long before, LongConsumer progress) {
    guarded = before != Long.MAX_VALUE;
    return Future.all(responses.months(), responses.count())
        .compose(
            found -> {
              List<Long> months = List.copyOf(found.<java.util.SortedSet<Long>>resultAt(0));
              double perMonth = months.isEmpty() ? 0 : found.<Long>resultAt(1) / (double) months.size();
              return pagesFrom(months, 0, perMonth, before, progress);
            })
        .compose(v -> rollups.pendingIntents())
        // Alone on the store, no write is in flight: an intent is an interrupted write, which
        // the pages counted like any other. Interrupted writes in buckets left stay for the sweep.
        .compose(intents -> guarded || recounted < seen ? Future.succeededFuture() : clearAll(intents.keySet()))
        .map(v -> new RecountReport(seen, recounted, seen - recounted, read));
  }

  /** Pages read so far. */
  int pages() {
    return pages;
  }

  /** How many months a page takes at {@code perMonth} answers a month: at least one. */
  static int monthsPerPage(long pageAnswers, double perMonth) {
    return perMonth <= 0 ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(pageAnswers / perMonth)));
  }

  /** The pages from month {@code i} on, each sized at the density of the one before. */
  private Future<Void> pagesFrom(List<Long> months, int i, double perMonth, long before, LongConsumer progress) {
    if (i >= months.size()) {
      return Future.succeededFuture();
    }
    int last = Math.min(months.size(), i + monthsPerPage(pageAnswers, perMonth)) - 1;
    long readBefore = read;
    pages++;
    return page(months.get(i), months.get(last), before, progress)
        .compose(v -> pagesFrom(months, last + 1, (read - readBefore) / (double) (last - i + 1), before, progress));
  }

  /** Counts, writes and forgets one page: the months from {@code first} to {@code last}. */
  private Future<Void> page(long first, long last, long before, LongConsumer progress) {
    Future<Map<String, Long>> scoreVersions =
        scoreRollups.map(r -> r.versionsOfMonths(first, last)).orElse(Future.succeededFuture(Map.of()));
    return Future.all(rollups.versionsOfMonths(first, last), scoreVersions)
        .compose(
            versions ->
                responses
                    .forEachInMonths(first, last, doc -> count(doc, before, progress))
                    .compose(v -> rollups.pendingIntents())
                    .compose(
                        intents -> {
                          if (guarded) {
                            markBusy(intents);
                          }
                          List<String> ids = new ArrayList<>(buckets.keySet());
                          ids.addAll(segments.keySet());
                          List<String> free = ids.stream().filter(id -> !busy.contains(id)).toList();
                          seen += ids.size();
                          return replaceAll(free, versions.resultAt(0), versions.resultAt(1)).compose(v -> markCounted());
                        }))
        .onSuccess(v -> {
          recounted += replaced.size();
          forget();
        });
  }

  private void forget() {
    buckets.clear();
    segments.clear();
    totals.clear();
    scoreSums.clear();
    busy.clear();
    interrupted.clear();
    replaced.clear();
  }

  private void count(StoredResponse doc, long before, LongConsumer progress) {
    BucketKey key = doc.bucket();
    String id = Recovery.bucketId(key);
    buckets.putIfAbsent(id, key);
    Totals t = doc.totals();
    ScoreSums inc = ScoreSums.of(doc.scored().counted());
    add(id, t, inc);
    List<SegmentKey> of = SegmentKey.ofResponse(doc.attributions(), key);
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

  /**
   * Replaces the documents in bulk, rating rollups then score rollups (200 documents per write,
   * not one); those that landed in both join {@link #replaced}.
   */
  private Future<Void> replaceAll(List<String> ids, Map<String, Long> ratingVersions, Map<String, Long> scoreVersions) {
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
                    .<Void>map(
                        scores -> {
                          ratings.stream().filter(scores::contains).forEach(replaced::add);
                          return null;
                        }));
  }

  /** Removes intents whose buckets this pass recounted, all of them. */
  private Future<Void> clearAll(Set<String> intentIds) {
    return InTurn.each(new ArrayList<>(intentIds), rollups::clearIntent).compose(v -> sync(SYNC_TRIES));
  }

  /** Marks counted the interrupted responses whose every rollup document was replaced. */
  private Future<Void> markCounted() {
    List<String> ids = new ArrayList<>();
    interrupted.forEach((response, rollupIds) -> {
      if (replaced.containsAll(rollupIds)) {
        ids.add(response);
      }
    });
    return responses.markRolledUp(ids).compose(v -> sync(SYNC_TRIES));
  }

  /**
   * Tries to commit a page this often before the recount gives up. The embedded store commits
   * only between commands and waits at most 5 s for one, and at a million answers it stayed busy
   * longer (its background commits failed for minutes): the recount of 1,000,000 stopped after
   * 900,000 with "the store is unavailable". Each try waits up to those 5 s again; the page is
   * written already, only its commit is tried again.
   */
  static final int SYNC_TRIES = 12;

  private Future<Void> sync(int triesLeft) {
    return durability
        .sync()
        .recover(err -> triesLeft > 1 && StoreErrors.classify(err) instanceof StoreUnavailableException
            ? sync(triesLeft - 1)
            : Future.failedFuture(err));
  }
}
