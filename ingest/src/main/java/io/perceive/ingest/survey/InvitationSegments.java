package io.perceive.ingest.survey;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.rollup.Attributions;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.store.MongoWrites;
import io.perceive.ingest.store.StoreErrors;
import io.perceive.ingest.survey.MongoInvitationRollups.Counter;
import io.perceive.ingest.survey.MongoInvitationRollups.RateTotals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Invitation counters per segment (support group, agent, ticket type, provider), kept inside
 * the counter document of the invitation's service and day, under {@code seg.<kind>.<name in
 * hex>.<counter>}: the one {@code $inc} that moves the service's counters moves its segments',
 * and a recount of the bucket (recovery after a crash, an erasure) rebuilds both from the
 * invitations, as one versioned replacement. Names are hex because a field name cannot hold a
 * '.' ("Omar F.") or begin with '$'. A segment's rate over a period sums its entries across the
 * services and days of the period.
 */
final class InvitationSegments {

  static final String FIELD = "seg";
  private static final HexFormat HEX = HexFormat.of();

  private InvitationSegments() {}

  private static String path(Segment kind, String name) {
    return FIELD + "." + kind.label() + "." + HEX.formatHex(name.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code $inc} fields of one counted change to an invitation with these attributions. */
  static JsonObject increments(Attributions attributions, Counter counter) {
    JsonObject inc = new JsonObject();
    attributions.named().forEach((kind, name) -> inc.put(path(kind, name) + "." + counter.field(), 1));
    return inc;
  }

  /**
   * What the invitations of one bucket count, as a recount or a bulk load adds them up: the
   * service's counters and each segment's.
   */
  static final class Counts {

    private final long[] service = new long[Counter.values().length];
    private final Map<Segment, Map<String, long[]>> counts = new TreeMap<>();

    void add(Attributions attributions, Counter counter) {
      service[counter.ordinal()]++;
      attributions.named().forEach((kind, name) ->
          counts.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(name, n -> new long[Counter.values().length])[counter.ordinal()]++);
    }

    long service(Counter counter) {
      return service[counter.ordinal()];
    }

    /**
     * The {@code seg} sub-document, only counters above zero, as increments leave it; null when
     * no invitation of the bucket names a segment.
     */
    JsonObject document() {
      if (counts.isEmpty()) {
        return null;
      }
      JsonObject seg = new JsonObject();
      counts.forEach((kind, names) -> {
        JsonObject byName = new JsonObject();
        names.forEach((name, c) -> {
          JsonObject counters = new JsonObject();
          for (Counter counter : Counter.values()) {
            if (c[counter.ordinal()] > 0) {
              counters.put(counter.field(), c[counter.ordinal()]);
            }
          }
          byName.put(HEX.formatHex(name.getBytes(StandardCharsets.UTF_8)), counters);
        });
        seg.put(kind.label(), byName);
      });
      return seg;
    }
  }

  /**
   * Sums per segment of one kind and interval bucket over the days in {@code [from, to)} of some
   * services (empty: every service), in time then name order; each row's {@code service} holds
   * the segment's name.
   */
  static Future<List<RateTotals>> totals(
      MongoClient mongo, Segment kind, Interval interval, Set<String> services, long from, long to) {
    JsonObject match = new JsonObject().put("dayStart", new JsonObject().put("$gte", from).put("$lt", to));
    if (!services.isEmpty()) {
      match.put("service", new JsonObject().put("$in", new JsonArray(List.copyOf(services))));
    }
    String field = FIELD + "." + kind.label();
    JsonObject project = new JsonObject().put(interval.field(), 1).put(field, 1);
    Map<Long, Map<String, long[]>> sums = new TreeMap<>();
    return MongoWrites.forEach(mongo, MongoInvitationRollups.COLLECTION, match, project, doc -> {
          JsonObject seg = doc.getJsonObject(FIELD);
          JsonObject byName = seg == null ? null : seg.getJsonObject(kind.label());
          if (byName == null) {
            return;
          }
          Map<String, long[]> bucket = sums.computeIfAbsent(doc.getLong(interval.field()), t -> new TreeMap<>());
          for (String hex : byName.fieldNames()) {
            JsonObject counters = byName.getJsonObject(hex);
            long[] c = bucket.computeIfAbsent(new String(HEX.parseHex(hex), StandardCharsets.UTF_8), n -> new long[Counter.values().length]);
            for (Counter counter : Counter.values()) {
              Number n = counters.getNumber(counter.field());
              c[counter.ordinal()] += n == null ? 0 : n.longValue();
            }
          }
        })
        .map(v -> {
          List<RateTotals> out = new ArrayList<>();
          sums.forEach((start, byName) -> byName.forEach((name, c) -> out.add(new RateTotals(
              name, start, c[Counter.SENT.ordinal()], c[Counter.SKIPPED.ordinal()], c[Counter.ANSWERED.ordinal()],
              c[Counter.CANCELLED.ordinal()]))));
          out.sort(Comparator.comparingLong(RateTotals::bucketStart).thenComparing(RateTotals::service));
          return out;
        })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }
}
