package io.perceive.ingest.store;

import com.mongodb.MongoBulkWriteException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Counter documents that a recount can overwrite while other instances keep incrementing them.
 *
 * <p>Every increment also adds one to the document's version. A recount reads the versions of the
 * documents it will overwrite, counts from the source documents, and then replaces each one only
 * where its version is unchanged. An increment that landed in between makes the replacement miss,
 * and the recount starts over. This does not cover a write that was counted but had not made its
 * increment yet. Callers rule that out: after counting, they look for other writers' markers of
 * writes in flight (intents, responses not yet counted) and give up the round when they find one.
 */
public final class VersionedCounters {

  /** The version field of a counter document. */
  public static final String VERSION = "v";

  /** How often a recount starts over after a replacement missed, before it leaves the bucket to the next sweep. */
  public static final int TRIES = 5;

  private VersionedCounters() {}

  /** An upsert that adds {@code inc} and bumps the version, creating the document with {@code keyFields}. */
  public static JsonObject increment(JsonObject inc, JsonObject keyFields) {
    return new JsonObject().put("$inc", inc.copy().put(VERSION, 1)).put("$setOnInsert", keyFields);
  }

  /**
   * The version of each of these documents that exists: 0 for a document written before versions
   * were kept. An id with no document has no entry.
   */
  public static Future<Map<String, Long>> versions(MongoClient mongo, String collection, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return versionsWhere(mongo, collection, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))));
  }

  /**
   * The version of every document of these collections whose {@code monthStart} lies between
   * {@code fromMonth} and {@code toMonth} (epoch ms, both included), by id, as {@link #versions}:
   * what one page of a full recount will overwrite.
   */
  public static Future<Map<String, Long>> versionsOfMonths(MongoClient mongo, long fromMonth, long toMonth, String... collections) {
    JsonObject months = new JsonObject().put("monthStart", new JsonObject().put("$gte", fromMonth).put("$lte", toMonth));
    List<Future<Map<String, Long>>> each = new java.util.ArrayList<>();
    for (String collection : collections) {
      each.add(versionsWhere(mongo, collection, months));
    }
    return Future.all(each)
        .map(
            all -> {
              Map<String, Long> out = new HashMap<>();
              each.forEach(f -> out.putAll(f.result()));
              return out;
            });
  }

  private static Future<Map<String, Long>> versionsWhere(MongoClient mongo, String collection, JsonObject query) {
    return mongo
        .findWithOptions(collection, query, new FindOptions().setFields(new JsonObject().put(VERSION, 1)))
        .map(
            docs -> {
              Map<String, Long> out = new HashMap<>();
              for (JsonObject doc : docs) {
                Number v = doc.getNumber(VERSION);
                out.put(String.valueOf(doc.getValue("_id")), v == null ? 0L : v.longValue());
              }
              return out;
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /**
   * As {@link #replaceIfUnchanged}, or, when not {@code guarded}, whatever the version is now: for
   * a process that has the store to itself. That filter is the {@code _id} alone, which the
   * embedded server answers from its index; a filter with the version too makes it scan the
   * collection, so a full recount would take time quadratic in the rollups.
   */
  public static Future<Boolean> replace(
      MongoClient mongo, String collection, String id, Long version, JsonObject document, boolean guarded) {
    if (guarded) {
      return replaceIfUnchanged(mongo, collection, id, version, document);
    }
    JsonObject replacement = document.copy().put("_id", id).put(VERSION, (version == null ? 0 : version) + 1);
    return mongo
        .replaceDocumentsWithOptions(collection, new JsonObject().put("_id", id), replacement, new UpdateOptions(true))
        .map(result -> true)
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** One replacement of {@link #replaceAll}: the version read (null: no document), the new content. */
  public record Replacement(String id, Long version, JsonObject document) {}

  /**
   * Replacements per bulk write. Far under MongoDB's 100,000 operations and 48 MB of one batch;
   * small enough that one write stays well inside the client's 8 s socket timeout on the embedded
   * store, which applies a bulk's operations one by one under one command (about 0.5-2 ms each
   * on this project's loaded machine, so 0.1-0.4 s per write).
   */
  static final int BULK = 200;

  /**
   * As {@link #replace} for many documents, in unordered bulk writes of {@link #BULK}: one round
   * trip (one majority-journaled write) per 200 documents rather than per document.
   * Completes with the ids whose replacement landed. A guarded replacement that meets a moved
   * version misses: its upsert collides with the document's {@code _id} (duplicate key), which
   * names the operation; every other failure fails the whole.
   */
  public static Future<Set<String>> replaceAll(
      MongoClient mongo, String collection, List<Replacement> replacements, boolean guarded) {
    Set<String> landed = new HashSet<>();
    List<List<Replacement>> chunks = new ArrayList<>();
    for (int from = 0; from < replacements.size(); from += BULK) {
      chunks.add(replacements.subList(from, Math.min(replacements.size(), from + BULK)));
    }
    return InTurn.each(chunks, chunk -> replaceChunk(mongo, collection, chunk, guarded, landed)).map(v -> landed);
  }

  /** As {@link #replaceAll} for each collection in turn; the ids that landed in any of them. */
  public static Future<Set<String>> replaceAll(MongoClient mongo, Map<String, List<Replacement>> byCollection, boolean guarded) {
    Set<String> landed = new HashSet<>();
    return InTurn.each(
            List.copyOf(byCollection.entrySet()),
            e -> replaceAll(mongo, e.getKey(), e.getValue(), guarded).map(landed::addAll))
        .map(v -> landed);
  }

  private static Future<Void> replaceChunk(
      MongoClient mongo, String collection, List<Replacement> chunk, boolean guarded, Set<String> landed) {
    List<BulkOperation> ops = new ArrayList<>(chunk.size());
    for (Replacement r : chunk) {
      JsonObject filter = guarded ? guardedFilter(r.id(), r.version()) : new JsonObject().put("_id", r.id());
      JsonObject replacement = r.document().copy().put("_id", r.id()).put(VERSION, (r.version() == null ? 0 : r.version()) + 1);
      ops.add(BulkOperation.createReplace(filter, replacement, true));
    }
    return mongo
        .bulkWriteWithOptions(collection, ops, new BulkWriteOptions(false))
        .<Void>map(
            result -> {
              chunk.forEach(r -> landed.add(r.id()));
              return null;
            })
        .recover(
            err -> {
              if (!guarded || !StoreErrors.isDuplicateKey(err)) {
                return Future.failedFuture(StoreErrors.classify(err));
              }
              Set<Integer> missed = new HashSet<>();
              bulkFailure(err).getWriteErrors().forEach(e -> missed.add(e.getIndex()));
              for (int i = 0; i < chunk.size(); i++) {
                if (!missed.contains(i)) {
                  landed.add(chunk.get(i).id());
                }
              }
              return Future.succeededFuture();
            });
  }

  private static MongoBulkWriteException bulkFailure(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof MongoBulkWriteException bulk) {
        return bulk;
      }
    }
    throw new IllegalStateException("not a bulk write failure", err);
  }

  private static JsonObject guardedFilter(String id, Long version) {
    JsonObject filter = new JsonObject().put("_id", id);
    if (version == null || version == 0) {
      // A document that did not exist, or predates versions: any increment since gave it one.
      filter.put(VERSION, new JsonObject().put("$exists", false));
    } else {
      filter.put(VERSION, version);
    }
    return filter;
  }

  /**
   * Replaces document {@code id} with {@code document} if its version is still {@code version}
   * (null: it did not exist). Completes with false when another write got there first.
   */
  public static Future<Boolean> replaceIfUnchanged(
      MongoClient mongo, String collection, String id, Long version, JsonObject document) {
    JsonObject filter = guardedFilter(id, version);
    JsonObject replacement = document.copy().put("_id", id).put(VERSION, (version == null ? 0 : version) + 1);
    return mongo
        .replaceDocumentsWithOptions(collection, filter, replacement, new UpdateOptions(true))
        .map(result -> result.getDocMatched() > 0 || result.getDocUpsertedId() != null)
        .recover(
            err ->
                // The upsert collided with the document that a concurrent write created or moved on.
                StoreErrors.isDuplicateKey(err)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(StoreErrors.classify(err)));
  }

  /** How one try of a recount ended. */
  public enum Outcome {
    /** Every document was replaced. */
    DONE,
    /** An increment landed between reading a version and replacing: try again. */
    MISSED,
    /** Another writer has a write in flight on these documents: leave them to the next sweep. */
    BUSY
  }

  /**
   * Runs {@code attempt} again while it misses, at most {@link #TRIES} times in all. Completes
   * with the last outcome.
   */
  public static Future<Outcome> retry(Supplier<Future<Outcome>> attempt) {
    return retry(attempt, 1);
  }

  private static Future<Outcome> retry(Supplier<Future<Outcome>> attempt, int tryNumber) {
    return attempt
        .get()
        .compose(
            outcome ->
                outcome == Outcome.MISSED && tryNumber < TRIES
                    ? retry(attempt, tryNumber + 1)
                    : Future.succeededFuture(outcome));
  }
}
