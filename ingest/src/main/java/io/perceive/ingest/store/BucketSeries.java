package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one time-series query on per-day documents (rollups of every kind): the days in
 * {@code [from, to)} of some services ({@code $match} on {@code dayStart} and {@code service}),
 * summed per service and interval bucket ({@code $group} on a precomputed bucket-start field,
 * since the embedded store has no {@code $dateTrunc}), in time then service order.
 */
public final class BucketSeries {

  /** One service's sums over one bucket, by output field. */
  public record Bucket(String service, long start, JsonObject sums) {

    /** A summed field as a count (absent: 0). */
    public long count(String field) {
      Number n = sums.getNumber(field);
      return n == null ? 0 : n.longValue();
    }

    /** A summed field as a sum (absent: 0). */
    public double sum(String field) {
      Number n = sums.getNumber(field);
      return n == null ? 0 : n.doubleValue();
    }
  }

  private BucketSeries() {}

  /**
   * Reads through {@code cache} ({@link ReadCache#NONE}: none). With a cache (the embedded store,
   * where a read of some services costs a pass over the whole collection as a read of all does)
   * every service is read and the services asked for are picked here, so that the panels of a
   * dashboard, one per service, share one pass: grouping is per service, so their buckets are the
   * same either way.
   *
   * @param bucketField the field holding the start of each document's bucket ({@code dayStart},
   *     {@code weekStart}, {@code monthStart})
   * @param services the services to read; empty means every service
   * @param sums output field to the document field it sums
   * @param nonZero an output field that must sum above zero for a bucket to be returned, or null
   */
  public static <T> Future<List<T>> query(
      ReadCache cache,
      MongoClient mongo,
      String collection,
      String bucketField,
      Set<String> services,
      long from,
      long to,
      Map<String, String> sums,
      String nonZero,
      Function<Bucket, T> map) {
    JsonObject match = new JsonObject().put("dayStart", new JsonObject().put("$gte", from).put("$lt", to));
    if (!services.isEmpty() && !cache.enabled()) {
      match.put("service", new JsonObject().put("$in", new JsonArray(List.copyOf(services))));
    }
    JsonObject group = new JsonObject().put("_id", new JsonObject().put("service", "$service").put("t", "$" + bucketField));
    sums.forEach((out, field) -> group.put(out, new JsonObject().put("$sum", "$" + field)));
    JsonArray pipeline = new JsonArray().add(new JsonObject().put("$match", match)).add(new JsonObject().put("$group", group));
    if (nonZero != null) {
      pipeline.add(new JsonObject().put("$match", new JsonObject().put(nonZero, new JsonObject().put("$gt", 0))));
    }
    pipeline.add(new JsonObject().put("$sort", new JsonObject().put("_id.t", 1).put("_id.service", 1)));
    return cache.aggregate(mongo, collection, pipeline)
        .map(
            docs ->
                docs.stream()
                    .filter(d -> services.isEmpty() || services.contains(d.getJsonObject("_id").getString("service")))
                    .map(d -> {
                      JsonObject id = d.getJsonObject("_id");
                      JsonObject summed = d.copy();
                      summed.remove("_id");
                      return map.apply(new Bucket(id.getString("service"), id.getNumber("t").longValue(), summed));
                    })
                    .toList())
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }
}
