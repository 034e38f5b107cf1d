package io.perceive.ingest.response;

import io.perceive.ingest.store.InTurn;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** How many responses each month holds, for the pages of a full recount. */
final class ResponseMonths {

  private static final String COLLECTION = MongoResponseRepository.COLLECTION;

  private ResponseMonths() {}

  /**
   * By {@code monthStart}, in order. Not one {@code $group}: the embedded server gathers a whole
   * collection, every field of every document, before the first stage of any aggregation, which
   * at a million answers is more heap than the recount that pages them. Instead a find for an answer of a month not yet seen (a scan
   * that stops at the first match and holds nothing), once per month and once more to see that
   * none is left, then a {@code count} command per month (a scan that gathers only the month's
   * ids; the driver's {@code countDocuments} is an aggregation).
   */
  static Future<SortedMap<Long, Long>> count(MongoClient mongo) {
    return monthsFrom(mongo, new TreeSet<>())
        .compose(
            months -> {
              SortedMap<Long, Long> out = new TreeMap<>();
              return InTurn.each(
                      List.copyOf(months),
                      month ->
                          mongo
                              .runCommand("count", new JsonObject().put("count", COLLECTION).put("query", new JsonObject().put("monthStart", month)))
                              .onSuccess(r -> out.put(month, r.getNumber("n").longValue())))
                  .map(v -> out);
            });
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
