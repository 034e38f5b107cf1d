package io.perceive.ingest.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a repository needs of the store: its collections, its indexes, and the shapes of the
 * queries a serving instance runs on them (each one served by one of the indexes, or by
 * {@code _id}). Repositories declare theirs; the store applies them without knowing features.
 */
public record Schema(Set<String> collections, List<IndexSpec> indexes, List<QueryShape> queries) {

  public Schema {
    collections = Set.copyOf(collections);
    indexes = List.copyOf(indexes);
    queries = List.copyOf(queries);
  }

  /** All of these together. */
  public static Schema of(Schema... parts) {
    Set<String> collections = new LinkedHashSet<>();
    List<IndexSpec> indexes = new ArrayList<>();
    List<QueryShape> queries = new ArrayList<>();
    for (Schema part : parts) {
      collections.addAll(part.collections());
      indexes.addAll(part.indexes());
      queries.addAll(part.queries());
    }
    return new Schema(collections, indexes, queries);
  }

  /**
   * A collection of per-service, per-day counters read as a series: every service in a range of
   * days, or some services ({@code $in}) in it. Each shape gets its index (range first, and
   * service first: the second also serves the distinct service names).
   */
  public static Schema bucketSeries(String collection) {
    return new Schema(
        Set.of(collection),
        List.of(IndexSpec.on(collection, "dayStart", "service"), IndexSpec.on(collection, "service", "dayStart")),
        List.of(
            QueryShape.equal(collection, collection + " series (every service)").range("dayStart"),
            QueryShape.equal(collection, collection + " series (some services)", "service").range("dayStart")));
  }

  /** The queries no declared index serves (empty when every query has one). */
  public List<QueryShape> unserved() {
    return queries.stream().filter(q -> indexes.stream().noneMatch(q::servedBy)).toList();
  }
}
