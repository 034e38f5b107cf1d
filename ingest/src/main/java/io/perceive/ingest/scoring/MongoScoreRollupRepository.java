package io.perceive.ingest.scoring;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.ScoreSums;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.store.BucketSeries;
import io.perceive.ingest.store.ReadCache;
import io.perceive.ingest.store.IndexSpec;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.QueryShape;
import io.perceive.ingest.store.Schema;
import io.perceive.ingest.store.StoreErrors;
import io.perceive.ingest.store.VersionedCounters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Score rollups in {@code rollups_scores_daily}, one document per service and day (and in
 * {@code rollups_scores_segments_daily}, one per support group or agent and day), with flat
 * counters {@code <measure>_n}, {@code _sum}, {@code _sq}, {@code _neg} for {@code sentiment} and
 * each dimension a comment mentioned (dimension names come from the deployment's lexicon).
 */
public final class MongoScoreRollupRepository implements ScoreRollupRepository {

  public static final String COLLECTION = "rollups_scores_daily";
  /** The same sums per support group or agent and day, across services. */
  public static final String SEGMENTS = "rollups_scores_segments_daily";
  public static final String SENTIMENT = ScoreSums.SENTIMENT;

  /** The score rollups' indexes and the queries each serves. */
  public static final Schema SCHEMA =
      Schema.of(
          Schema.bucketSeries(COLLECTION),
          new Schema(
              Set.of(SEGMENTS),
              List.of(IndexSpec.on(SEGMENTS, "kind", "dayStart")),
              List.of(
                  QueryShape.equal(SEGMENTS, "score segmentTotals", "kind").range("dayStart"),
                  QueryShape.equal(SEGMENTS, "score segmentSeries", "kind").range("dayStart"))));

  private final MongoClient mongo;

  private final ReadCache cache;

  public MongoScoreRollupRepository(MongoClient mongo) {
    this(mongo, ReadCache.NONE);
  }

  /** Reads of the score rollups through {@code cache} (the embedded store's). */
  public MongoScoreRollupRepository(MongoClient mongo, ReadCache cache) {
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** Whether a name can be a measure (and so a field prefix): lower-case letters, digits, '-'. */
  public static boolean isMeasure(String name) {
    return ScoreSums.isMeasure(name);
  }

  /** What one scored comment adds to its buckets, as stored counters. */
  static JsonObject incrementsOf(Scored scored) {
    return counters(sumsOf(scored), false);
  }

  private static ScoreSums sumsOf(Scored scored) {
    return scored == null ? ScoreSums.ZERO : ScoreSums.of(scored.counted());
  }

  /**
   * Sums as flat counters {@code <measure>_n, _sum, _sq, _neg}, and {@code _sat, _xsat} where
   * some answer was satisfied; without the zero ones when {@code dropZeros} (an increment).
   */
  static JsonObject counters(ScoreSums sums, boolean dropZeros) {
    JsonObject out = new JsonObject();
    sums.measures().forEach((measure, s) -> {
      put(out, measure + "_n", s.n(), dropZeros);
      put(out, measure + "_sum", s.sum(), dropZeros);
      put(out, measure + "_sq", s.sumSq(), dropZeros);
      put(out, measure + "_neg", s.negative(), dropZeros);
      if (s.satisfied() != 0 || s.sumSatisfied() != 0) {
        put(out, measure + "_sat", s.satisfied(), dropZeros);
        put(out, measure + "_xsat", s.sumSatisfied(), dropZeros);
      }
    });
    return out;
  }

  private static void put(JsonObject out, String field, Number value, boolean dropZeros) {
    if (!dropZeros || value.doubleValue() != 0) {
      out.put(field, value);
    }
  }

  /** What moving from counting {@code before} to counting {@code now} adds to a bucket. */
  private static JsonObject delta(Scored now, Scored before) {
    return counters(sumsOf(now).minus(sumsOf(before)), true);
  }

  @Override
  public Future<Void> add(BucketKey key, Scored now, Scored before) {
    return increment(COLLECTION, key.service() + "|" + key.day(), key.fields(), delta(now, before));
  }

  @Override
  public Future<Void> addSegments(List<SegmentKey> keys, Scored now, Scored before) {
    JsonObject inc = delta(now, before);
    Future<Void> chain = Future.succeededFuture();
    for (SegmentKey key : keys) {
      chain = chain.compose(v -> increment(SEGMENTS, key.id(), key.fields(), inc));
    }
    return chain;
  }

  private Future<Void> increment(String collection, String id, JsonObject keyFields, JsonObject inc) {
    if (inc.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject update = VersionedCounters.increment(inc, keyFields);
    return mongo
        .updateCollectionWithOptions(collection, new JsonObject().put("_id", id), update, new UpdateOptions(true))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<Boolean> replace(BucketKey key, List<Scored> scores, Long version) {
    return replaceWith(COLLECTION, key.service() + "|" + key.day(), key.fields(), scores, version);
  }

  @Override
  public Future<Boolean> replaceSegment(SegmentKey key, List<Scored> scores, Long version) {
    return replaceWith(SEGMENTS, key.id(), key.fields(), scores, version);
  }

  @Override
  public Future<Long> version(BucketKey key) {
    String id = key.service() + "|" + key.day();
    return VersionedCounters.versions(mongo, COLLECTION, List.of(id)).map(v -> v.get(id));
  }

  @Override
  public Future<Long> segmentVersion(SegmentKey key) {
    return VersionedCounters.versions(mongo, SEGMENTS, List.of(key.id())).map(v -> v.get(key.id()));
  }

  @Override
  public Future<Map<String, Long>> versionsOfMonths(long fromMonth, long toMonth) {
    return VersionedCounters.versionsOfMonths(mongo, fromMonth, toMonth, COLLECTION, SEGMENTS);
  }

  @Override
  public Future<Set<String>> replaceAllSums(
      Map<BucketKey, ScoreSums> buckets, Map<SegmentKey, ScoreSums> segments, Map<String, Long> versions, boolean guarded) {
    List<VersionedCounters.Replacement> days = new java.util.ArrayList<>();
    buckets.forEach((key, sums) -> {
      String id = key.service() + "|" + key.day();
      days.add(new VersionedCounters.Replacement(id, versions.get(id), key.fields().mergeIn(counters(sums, false))));
    });
    List<VersionedCounters.Replacement> cuts = new java.util.ArrayList<>();
    segments.forEach(
        (key, sums) -> cuts.add(new VersionedCounters.Replacement(key.id(), versions.get(key.id()), key.fields().mergeIn(counters(sums, false)))));
    return VersionedCounters.replaceAll(mongo, Map.of(COLLECTION, days, SEGMENTS, cuts), guarded);
  }

  private Future<Boolean> replaceWith(String collection, String id, JsonObject keyFields, List<Scored> scores, Long version) {
    ScoreSums sums = ScoreSums.ZERO;
    for (Scored scored : scores) {
      sums = sums.plus(sumsOf(scored));
    }
    return VersionedCounters.replaceIfUnchanged(mongo, collection, id, version, keyFields.copy().mergeIn(counters(sums, false)));
  }

  @Override
  public Future<List<SegmentMeasureTotals>> segmentTotals(String measure, Segment kind, long from, long to) {
    if (!isMeasure(measure)) {
      return Future.failedFuture(new IllegalArgumentException("not a measure name: " + measure));
    }
    return cache.aggregate(mongo, SEGMENTS, segmentPipeline(measure, kind, from, to, "$name", new JsonObject().put("_id", 1)))
        .map(
            docs ->
                docs.stream()
                    .map(
                        d ->
                            new SegmentMeasureTotals(
                                d.getString("_id"),
                                d.getNumber("n").longValue(),
                                d.getNumber("sum").doubleValue(),
                                d.getNumber("sq").doubleValue(),
                                d.getNumber("neg").longValue()))
                    .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  @Override
  public Future<List<MeasureTotals>> segmentSeries(String measure, Segment kind, Interval interval, long from, long to) {
    if (!isMeasure(measure)) {
      return Future.failedFuture(new IllegalArgumentException("not a measure name: " + measure));
    }
    JsonObject id = new JsonObject().put("name", "$name").put("t", "$" + interval.field());
    JsonObject order = new JsonObject().put("_id.t", 1).put("_id.name", 1);
    return cache.aggregate(mongo, SEGMENTS, segmentPipeline(measure, kind, from, to, id, order))
        .map(docs -> docs.stream()
            .map(d -> new MeasureTotals(
                d.getJsonObject("_id").getString("name"), d.getJsonObject("_id").getNumber("t").longValue(),
                d.getNumber("n").longValue(), d.getNumber("sum").doubleValue(), d.getNumber("sq").doubleValue(),
                d.getNumber("neg").longValue(), d.getNumber("sat").longValue(), d.getNumber("xsat").doubleValue()))
            .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** One measure's sums over a kind of segment's days in {@code [from, to)}, grouped by {@code id}, the empty left out. */
  private static JsonArray segmentPipeline(String measure, Segment kind, long from, long to, Object id, JsonObject order) {
    JsonObject match =
        new JsonObject().put("kind", kind.label()).put("dayStart", new JsonObject().put("$gte", from).put("$lt", to));
    return new JsonArray()
        .add(new JsonObject().put("$match", match))
        .add(new JsonObject().put("$group", sums(measure, id)))
        .add(new JsonObject().put("$match", new JsonObject().put("n", new JsonObject().put("$gt", 0))))
        .add(new JsonObject().put("$sort", order));
  }

  /** A {@code $group} body summing one measure's counters, grouped by {@code id}. */
  private static JsonObject sums(String measure, Object id) {
    return new JsonObject()
        .put("_id", id)
        .put("n", new JsonObject().put("$sum", "$" + measure + "_n"))
        .put("sum", new JsonObject().put("$sum", "$" + measure + "_sum"))
        .put("sq", new JsonObject().put("$sum", "$" + measure + "_sq"))
        .put("neg", new JsonObject().put("$sum", "$" + measure + "_neg"))
        .put("sat", new JsonObject().put("$sum", "$" + measure + "_sat"))
        .put("xsat", new JsonObject().put("$sum", "$" + measure + "_xsat"));
  }

  @Override
  public Future<List<MeasureTotals>> totals(
      String measure, Interval interval, Set<String> services, long from, long to) {
    if (!isMeasure(measure)) {
      return Future.failedFuture(new IllegalArgumentException("not a measure name: " + measure));
    }
    Map<String, String> sums = new LinkedHashMap<>();
    for (String counter : List.of("n", "sum", "sq", "neg", "sat", "xsat")) {
      sums.put(counter, measure + "_" + counter);
    }
    return BucketSeries.query(
        cache, mongo, COLLECTION, interval.field(), services, from, to, sums, "n",
        b -> new MeasureTotals(
            b.service(), b.start(), b.count("n"), b.sum("sum"), b.sum("sq"), b.count("neg"), b.count("sat"), b.sum("xsat")));
  }
}
