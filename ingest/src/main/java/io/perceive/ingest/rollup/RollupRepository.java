package io.perceive.ingest.rollup;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per service and day counters, kept with {@code $inc} upserts; trends read only these. */
public interface RollupRepository {

  /** Adds totals to the bucket of one service and one day. */
  Future<Void> add(BucketKey key, Totals totals);

  /** Adds totals to many buckets at once (one bulk write). */
  Future<Void> addAll(Map<BucketKey, Totals> perBucket);

  /**
   * The version of a bucket's document (see {@code VersionedCounters}), or null when it does not
   * exist: read it before counting, and hand it to {@link #replace}.
   */
  Future<Long> version(BucketKey key);

  /**
   * Sets a bucket's counters to {@code totals} (a recount), creating the bucket if needed, if its
   * version is still {@code version}. Completes with false when an increment got there first.
   */
  default Future<Boolean> replace(BucketKey key, Totals totals, Long version) {
    return replace(key, totals, version, true);
  }

  /** As {@link #replace(BucketKey, Totals, Long)}; not {@code guarded}: whatever the version now. */
  Future<Boolean> replace(BucketKey key, Totals totals, Long version, boolean guarded);

  /**
   * Sums the buckets per service and interval, between {@code from} (inclusive) and {@code to}
   * (exclusive), epoch milliseconds. An empty {@code services} means every service.
   */
  Future<List<BucketTotals>> totals(Interval interval, Set<String> services, long from, long to);

  /**
   * Records that increments for these buckets are about to be made (a batch's intent), so a
   * crash or outage before {@link #clearIntent} is repaired by recounting them. Completes with
   * the intent's id.
   */
  default Future<String> recordIntent(List<BucketKey> keys) {
    return recordIntent(keys, null);
  }

  /**
   * As {@link #recordIntent(List)}, naming also the support-group and agent buckets the writes
   * will increment ({@link SegmentKey#id()}), so a recount of any other segment that day need not
   * wait for it. Null: not known, taken as every segment of those days.
   */
  Future<String> recordIntent(List<BucketKey> keys, java.util.Collection<String> segmentIds);

  Future<Void> clearIntent(String id);

  /** Intents left by an interrupted batch: id and bucket keys. */
  Future<Map<String, List<BucketKey>>> pendingIntents();

  /** As {@link #pendingIntents()}, for intents recorded before {@code before} (epoch ms) only. */
  Future<Map<String, List<BucketKey>>> pendingIntents(long before);

  /** The intents, of any age, that name a bucket of this day. */
  Future<List<Intent>> intentsOnDay(String day);

  /**
   * A record of writes about to be made: the service buckets, and the segment buckets by id (null
   * when not recorded: every segment of those days).
   */
  record Intent(String id, List<BucketKey> buckets, Set<String> segmentIds) {

    /** Whether its writes may touch this service's bucket of this day. */
    public boolean touches(String service, String day) {
      return buckets.stream().anyMatch(k -> k.day().equals(day) && k.service().equals(service));
    }

    /** Whether its writes may touch this segment bucket. */
    public boolean touches(SegmentKey segment) {
      return segmentIds == null
          ? buckets.stream().anyMatch(k -> k.day().equals(segment.day()))
          : segmentIds.contains(segment.id());
    }
  }

  /**
   * Adds totals to segment buckets: support groups, agents, ticket types and providers, each per day across services (one
   * bulk write). The same responses as the service buckets, cut another way.
   */
  Future<Void> addSegments(Map<SegmentKey, Totals> perSegment);

  /** The version of a segment bucket's document, or null when it does not exist. */
  Future<Long> segmentVersion(SegmentKey key);

  /**
   * The versions of every service bucket's and every segment bucket's document of the months
   * from {@code fromMonth} to {@code toMonth} (their {@code monthStart}, epoch ms, both included),
   * by id ({@code service|day}, {@link SegmentKey#id()}): read before a page of a full recount counts.
   */
  Future<Map<String, Long>> versionsOfMonths(long fromMonth, long toMonth);

  /** Sets a segment bucket's counters to {@code totals} (a recount), as {@link #replace} does. */
  default Future<Boolean> replaceSegment(SegmentKey key, Totals totals, Long version) {
    return replaceSegment(key, totals, version, true);
  }

  /** As {@link #replaceSegment(SegmentKey, Totals, Long)}; not {@code guarded}: whatever the version now. */
  Future<Boolean> replaceSegment(SegmentKey key, Totals totals, Long version, boolean guarded);

  /**
   * Sets many service and segment buckets at once, as {@link #replace(BucketKey, Totals, Long,
   * boolean)} does one, in bulk writes ({@code versions} by document id, as {@link
   * #versionsOfMonths} gives them). Completes with the ids of the documents replaced.
   */
  Future<Set<String>> replaceAll(
      Map<BucketKey, Totals> buckets, Map<SegmentKey, Totals> segments, Map<String, Long> versions, boolean guarded);

  /** Sums per segment of one kind over the days between {@code from} and {@code to} (epoch ms). */
  Future<List<SegmentTotals>> segmentTotals(Segment kind, long from, long to);

  /**
   * Sums per segment of one kind and interval bucket over the days between {@code from} and
   * {@code to}, in time then name order; each row's {@code service} holds the segment's name.
   */
  default Future<List<BucketTotals>> segmentSeries(Segment kind, Interval interval, long from, long to) {
    return Future.failedFuture(new UnsupportedOperationException("segmentSeries is not supported here"));
  }

  /** The services that have any rollup, sorted. */
  Future<List<String>> services();

  /** One bucket's identity. */
  record BucketKey(String service, String day, long dayStart, long weekStart, long monthStart) {

    /** The key's fields as stored on a rollup document. */
    public JsonObject fields() {
      return new JsonObject()
          .put("service", service)
          .put("day", day)
          .put("dayStart", dayStart)
          .put("weekStart", weekStart)
          .put("monthStart", monthStart);
    }
  }

  /** How responses are cut besides by service. */
  enum Segment {
    GROUP("group", "supportGroup"),
    AGENT("agent", "agent"),
    TYPE("type", "ticketType"),
    PROVIDER("provider", "provider");

    private final String label;
    private final String field;

    Segment(String label, String field) {
      this.label = label;
      this.field = field;
    }

    /** The name in the API ({@code by=group}) and in the rollup's {@code _id}. */
    public String label() {
      return label;
    }

    /** The response field that names the segment. */
    public String field() {
      return field;
    }
  }

  /** One segment bucket's identity: a support group, agent, ticket type or provider on one day. */
  record SegmentKey(Segment kind, String name, String day, long dayStart, long weekStart, long monthStart) {

    public static SegmentKey of(Segment kind, String name, BucketKey day) {
      return new SegmentKey(kind, name, day.day(), day.dayStart(), day.weekStart(), day.monthStart());
    }

    /**
     * The buckets a response counts in on its day besides its service's: one per attribution it
     * has (none for blank names). Every writer, recovery and the recount cut responses here.
     */
    public static List<SegmentKey> ofResponse(Attributions attributions, BucketKey day) {
      List<SegmentKey> keys = new ArrayList<>(Segment.values().length);
      attributions.named().forEach((kind, name) -> keys.add(of(kind, name, day)));
      return keys;
    }

    public String id() {
      return kind.label() + "|" + name + "|" + day;
    }

    public JsonObject fields() {
      return new JsonObject()
          .put("kind", kind.label())
          .put("name", name)
          .put("day", day)
          .put("dayStart", dayStart)
          .put("weekStart", weekStart)
          .put("monthStart", monthStart);
    }
  }

  /** The sums for one segment over a range. */
  record SegmentTotals(String name, Totals totals) {}

  /** The sums for one service and one interval bucket. */
  record BucketTotals(String service, long bucketStart, Totals totals) {}
}
