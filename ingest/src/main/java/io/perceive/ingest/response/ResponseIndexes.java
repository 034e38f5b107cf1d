package io.perceive.ingest.response;

import io.perceive.ingest.store.IndexSpec;
import io.perceive.ingest.store.QueryShape;
import io.perceive.ingest.store.Schema;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The indexes of the responses collection, beside the shapes of the queries each one serves. */
final class ResponseIndexes {

  private static final String COLLECTION = MongoResponseRepository.COLLECTION;

  private ResponseIndexes() {}

  private static final List<String> COMMENT_FILTERS = List.of("scored", "comment", "score.*");

  /** What comments can be narrowed by: services, then each attribution. */
  private static final List<String> NARROWING = List.of("service", "supportGroup", "agent", "ticketType", "provider");

  /**
   * The indexes of {@link #COLLECTION} and the queries each serves. Two are partial: a response
   * stays {@code scored: false} for ever when it has no comment, and is {@code rolledUp: false}
   * only while its write is in flight, so both hold a handful of documents.
   */
  static final Schema SCHEMA =
      new Schema(
          Set.of(COLLECTION),
          List.of(
              IndexSpec.on(COLLECTION, "rolledUp", "_id")
                  .partial("rolledUp_1__id_1_pending", new JsonObject().put("rolledUp", false)),
              IndexSpec.on(COLLECTION, "scored")
                  .partial(
                      "scored_1_unscored_comments",
                      new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true))),
              IndexSpec.on(COLLECTION, "service", "day"),
              IndexSpec.on(COLLECTION, "supportGroup", "day"),
              IndexSpec.on(COLLECTION, "agent", "day"),
              IndexSpec.on(COLLECTION, "ticketType", "day"),
              IndexSpec.on(COLLECTION, "provider", "day"),
              IndexSpec.on(COLLECTION, "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "service", "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "supportGroup", "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "agent", "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "ticketType", "respondedAt", "_id"),
              IndexSpec.on(COLLECTION, "provider", "respondedAt", "_id")),
          Stream.concat(Stream.of(
              QueryShape.equal(COLLECTION, "findNotRolledUp (from the start)", "rolledUp").sort("_id").residual("storedAt"),
              QueryShape.equal(COLLECTION, "findNotRolledUp (after an id)", "rolledUp").range("_id").sort("_id").residual("storedAt"),
              QueryShape.equal(COLLECTION, "findUnscored", "scored").residual("comment"),
              QueryShape.equal(COLLECTION, "purgeComments").range("respondedAt").residual("comment", "scored"),
              QueryShape.equal(COLLECTION, "findInBucket", "service", "day"),
              QueryShape.equal(COLLECTION, "findInSegment (group)", "supportGroup", "day"),
              QueryShape.equal(COLLECTION, "findInSegment (agent)", "agent", "day"),
              QueryShape.equal(COLLECTION, "findInSegment (type)", "ticketType", "day"),
              QueryShape.equal(COLLECTION, "findInSegment (provider)", "provider", "day"),
              comments("findComments"),
              // A later page: the same, after the last page's (respondedAt, _id).
              comments("findComments (next page)").residual(with("$or")),
              QueryShape.equal(COLLECTION, "export").range("respondedAt").sort("respondedAt", "_id"),
              QueryShape.equal(COLLECTION, "export (services)", "service").range("respondedAt").sort("respondedAt", "_id")),
              narrowedComments().stream()).toList());

  /**
   * The comments of services or of one segment, a first or a later page: led by one narrowing
   * field's index, the other narrowing fields residual.
   */
  private static List<QueryShape> narrowedComments() {
    List<QueryShape> shapes = new ArrayList<>();
    for (String lead : NARROWING) {
      List<String> others = NARROWING.stream().filter(f -> !f.equals(lead)).toList();
      shapes.add(comments("findComments (" + lead + ")", lead).residual(with(others.toArray(String[]::new))));
      List<String> later = new ArrayList<>(others);
      later.add("$or");
      shapes.add(comments("findComments (next page, " + lead + ")", lead).residual(with(later.toArray(String[]::new))));
    }
    return shapes;
  }

  private static QueryShape comments(String name, String... equality) {
    return QueryShape.equal(COLLECTION, name, equality)
        .range("respondedAt")
        .sort("-respondedAt", "-_id")
        .residual(COMMENT_FILTERS.toArray(String[]::new));
  }

  private static String[] with(String... more) {
    List<String> all = new ArrayList<>(COMMENT_FILTERS);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
