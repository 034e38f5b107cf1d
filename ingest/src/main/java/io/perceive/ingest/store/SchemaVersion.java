package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version of the data layout a store holds, in {@value #COLLECTION}: a newer Perceive
 * migrates an older store step by step when it opens it (or by {@code perceive migrate}), and an
 * older Perceive refuses a newer store rather than misread it. A store with responses and no
 * record was written before versions were recorded: version 0. Steps must be safe to run twice
 * (another instance may be migrating the same store at the same time).
 */
public final class SchemaVersion {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaVersion.class);
  static final String COLLECTION = "perceive_meta";
  private static final String ID = "schema";

  /** One step from {@code from} to {@code from + 1}. */
  public record Migration(int from, String what, Function<MongoClient, Future<Void>> step) {}

  /**
   * This release's layout. Version 1 is the first recorded; stores of version 0 (before) hold the
   * same layout, so their step only records the version.
   */
  public static final SchemaVersion RELEASE =
      new SchemaVersion(1, List.of(new Migration(0, "record the schema version", client -> Future.succeededFuture())));

  /** The store is newer than this Perceive. */
  public static final class NewerStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NewerStoreException(String message) {
      super(message);
    }
  }

  private final int current;
  private final List<Migration> migrations;

  public SchemaVersion(int current, List<Migration> migrations) {
    this.current = current;
    this.migrations = List.copyOf(migrations);
    for (int v = 0; v < current; v++) {
      int from = v;
      if (this.migrations.stream().noneMatch(m -> m.from() == from)) {
        throw new IllegalArgumentException("no migration from schema version " + v);
      }
    }
  }

  public int current() {
    return current;
  }

  /** The store's version: recorded, else 0 when it holds responses, else none yet (-1). */
  public Future<Integer> read(MongoClient client) {
    return client
        .findOne(COLLECTION, new JsonObject().put("_id", ID), null)
        .compose(doc -> doc != null
            ? Future.succeededFuture(doc.getInteger("version"))
            : client.count(io.perceive.ingest.response.MongoResponseRepository.COLLECTION, new JsonObject()).map(n -> n > 0 ? 0 : -1))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /**
   * Brings the store to this release's version, or fails with {@link NewerStoreException} when
   * it is newer. Completes with the migrations run.
   */
  public Future<List<String>> migrate(MongoClient client) {
    return read(client).compose(found -> {
      if (found > current) {
        return Future.failedFuture(new NewerStoreException(
            "the store was written by a newer Perceive (schema version " + found + "; this Perceive knows up to " + current
                + "): run the newer Perceive, or restore a backup taken before the upgrade"));
      }
      if (found < 0) {
        return record(client, current).map(v -> List.<String>of());
      }
      return step(client, found, new java.util.ArrayList<>());
    });
  }

  private Future<List<String>> step(MongoClient client, int version, List<String> done) {
    if (version >= current) {
      return Future.succeededFuture(done);
    }
    Migration m = migrations.stream().filter(x -> x.from() == version).findFirst().orElseThrow();
    LOG.info("migrating the store [from: {}, to: {}, step: {}]", version, version + 1, m.what());
    return m.step()
        .apply(client)
        .compose(v -> record(client, version + 1))
        .compose(v -> {
          done.add((version) + " -> " + (version + 1) + ": " + m.what());
          return step(client, version + 1, done);
        });
  }

  private static Future<Void> record(MongoClient client, int version) {
    Objects.requireNonNull(client, "client");
    return client
        .save(COLLECTION, new JsonObject().put("_id", ID).put("version", version))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }
}
