package io.perceive.ingest.response;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The months the responses fall in, for the pages of a full recount. */
final class ResponseMonths {

  private static final String COLLECTION = MongoResponseRepository.COLLECTION;

  private ResponseMonths() {}

  /**
   * Every {@code monthStart} the responses hold, in order. Not a {@code $group}: the embedded
   * server gathers a whole collection, every field of every document, before the first stage of
   * any aggregation, which at a million answers is more heap than the recount that pages them
   * (and a count per month would scan the collection once a month). Instead a find for an answer
   * of a month not yet seen, which stops at its first match and holds nothing, once per month and
   * once more (a whole scan) to see that none is left.
   */
  static Future<SortedSet<Long>> of(MongoClient mongo) {
    return monthsFrom(mongo, new TreeSet<>());
  }

  private static Future<SortedSet<Long>> monthsFrom(MongoClient mongo, SortedSet<Long> known) {
    JsonObject unseen = new JsonObject().put("$exists", true).put("$nin", new JsonArray(List.copyOf(known)));
    return mongo
        .findWithOptions(
            COLLECTION, new JsonObject().put("monthStart", unseen), new FindOptions().setFields(new JsonObject().put("monthStart", 1)).setLimit(1))
        .compose(
            found -> {
              if (found.isEmpty() || !(found.get(0).getValue("monthStart") instanceof Number month)) {
                return Future.succeededFuture(known);
              }
              known.add(month.longValue());
              return monthsFrom(mongo, known);
            });
  }
}
