package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to MongoDB (embedded or external) and the schema Perceive expects. At start the
 * collections are created, idempotently across instances; the indexes the repositories declare
 * are then built in the background, so a long build never stops a start.
 */
public final class MongoStore {

  private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);
  private static final int NAMESPACE_EXISTS = 48;
  private static final int NAMESPACE_NOT_FOUND = 26;
  private static final int INDEX_OPTIONS_CONFLICT = 85;
  private static final int INDEX_KEY_SPECS_CONFLICT = 86;

  private final Vertx vertx;
  private final JsonObject config;
  private final MongoClient client;
  private final boolean embedded;
  private final Promise<IndexReport> indexes = Promise.promise();
  private MongoClient indexClient;

  /**
   * How the declared indexes stood after a build, by index name: there already, built now, in
   * conflict with an index already there (why), or failed (why). On the embedded store nothing is
   * built (it accepts secondary indexes but never builds them).
   */
  public record IndexReport(List<String> present, List<String> built, Map<String, String> conflicts, Map<String, String> failed) {}

  private MongoStore(Vertx vertx, JsonObject config, MongoClient client, boolean embedded) {
    this.vertx = vertx;
    this.config = config;
    this.client = client;
    this.embedded = embedded;
  }

  /**
   * Connects with the official driver. Writes wait for a majority of a replica set, journaled
   * ({@code j: true}, set here rather than left to the server's default), so an acknowledged
   * write survives a primary failover; server selection fails fast so a missing store becomes a
   * 503 rather than a hung request.
   */
  public static MongoStore connect(Vertx vertx, String connectionString, String database, boolean embedded) {
    return connect(vertx, connectionString, database, embedded, SERVING_SOCKET_TIMEOUT);
  }

  /** No request waits on a silent store for more than a few seconds: it gets a 503. */
  public static final java.time.Duration SERVING_SOCKET_TIMEOUT = java.time.Duration.ofSeconds(8);

  /**
   * As above, with a socket timeout of its own: minutes for a tool that has no request waiting
   * and reads whole collections, such as {@code perceive recount}, whose reads of a million
   * answers' rollups outlast a serving timeout on the embedded server (it gathers a query's whole
   * answer before its first batch).
   */
  public static MongoStore connect(
      Vertx vertx, String connectionString, String database, boolean embedded, java.time.Duration socketTimeout) {
    Objects.requireNonNull(connectionString, "connectionString");
    JsonObject config =
        new JsonObject()
            .put("connection_string", connectionString)
            .put("db_name", database)
            .put("w", "majority")
            .put("j", true)
            .put("wtimeoutMS", 5000)
            .put("serverSelectionTimeoutMS", 3000)
            .put("connectTimeoutMS", 3000)
            .put("socketTimeoutMS", socketTimeout.toMillis())
            .put("maxPoolSize", 50);
    return new MongoStore(
        vertx, config,
        MongoClient.createShared(vertx, config, "perceive-" + connectionString + "-" + database + "-" + socketTimeout.toMillis()),
        embedded);
  }

  public MongoClient client() {
    return client;
  }

  /**
   * Creates the missing collections of {@code schema}, then starts building its missing indexes
   * in the background ({@link #indexes()} tells how that went). Completes once the collections
   * exist. Another instance creating a collection at the same moment (NamespaceExists) is fine.
   */
  public Future<Void> ensureSchema(Schema schema) {
    return client
        .getCollections()
        .compose(
            existing ->
                Future.all(
                    schema.collections().stream()
                        .filter(name -> !existing.contains(name))
                        .map(this::createCollection)
                        .toList()))
        .<Void>mapEmpty()
        .onSuccess(
            v -> {
              LOG.info("store collections ready");
              buildIndexes(schema);
            })
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private Future<Void> createCollection(String name) {
    return client
        .createCollection(name)
        .recover(err -> codeOf(err) == NAMESPACE_EXISTS ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** Completes when the index build started by {@link #ensureSchema} has ended, however it ended. */
  public Future<IndexReport> indexes() {
    return indexes.future();
  }

  /**
   * Builds on a client of its own without a socket timeout: since MongoDB 4.4 {@code
   * createIndexes} answers only once every voting member has built the index, which on a large
   * collection (or with a member down) takes longer than any request should wait. Serving goes
   * on meanwhile, with the queries of a missing index scanning.
   */
  private void buildIndexes(Schema schema) {
    if (embedded) {
      indexes.tryComplete(new IndexReport(List.of(), List.of(), Map.of(), Map.of()));
      return;
    }
    indexClient = MongoClient.create(vertx, config.copy().put("socketTimeoutMS", 0));
    Map<String, List<IndexSpec>> byCollection = new LinkedHashMap<>();
    schema.indexes().forEach(i -> byCollection.computeIfAbsent(i.collection(), c -> new ArrayList<>()).add(i));
    IndexReport report = new IndexReport(new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    InTurn.each(new ArrayList<>(byCollection.entrySet()), e -> buildCollection(e.getKey(), e.getValue(), report))
        .onComplete(
            done -> {
              if (done.failed()) {
                LOG.warn("index build stopped [reason: {}]", done.cause().getMessage());
              }
              LOG.info(
                  "store indexes checked [present: {}, built: {}, conflicts: {}, failed: {}]",
                  report.present().size(), report.built().size(), report.conflicts().keySet(), report.failed().keySet());
              indexClient.close();
              indexes.tryComplete(report);
            });
  }

  private Future<Void> buildCollection(String collection, List<IndexSpec> wanted, IndexReport report) {
    return indexClient
        .listIndexes(collection)
        .recover(err -> codeOf(err) == NAMESPACE_NOT_FOUND ? Future.succeededFuture(new JsonArray()) : Future.failedFuture(err))
        .compose(
            existing ->
                InTurn.each(
                    wanted,
                    index -> {
                      for (Object o : existing) {
                        JsonObject there = (JsonObject) o;
                        if (index.matches(there)) {
                          report.present().add(index.name());
                          return Future.succeededFuture();
                        }
                        String conflict = index.conflictWith(there);
                        if (conflict != null) {
                          conflict(report, index, conflict);
                          return Future.succeededFuture();
                        }
                      }
                      return build(index, report);
                    }));
  }

  private Future<Void> build(IndexSpec index, IndexReport report) {
    LOG.info("building index [collection: {}, index: {}]", index.collection(), index.name());
    return indexClient
        .createIndexWithOptions(index.collection(), index.keys(), index.options())
        .onSuccess(v -> report.built().add(index.name()))
        .recover(
            err -> {
              int code = codeOf(err);
              if (code == INDEX_OPTIONS_CONFLICT || code == INDEX_KEY_SPECS_CONFLICT) {
                conflict(report, index, err.getMessage());
              } else {
                report.failed().put(index.name(), String.valueOf(err.getMessage()));
                LOG.warn(
                    "index not built; its queries scan until it is [collection: {}, index: {}, reason: {}]",
                    index.collection(), index.name(), err.getMessage());
              }
              return Future.succeededFuture();
            });
  }

  private static void conflict(IndexReport report, IndexSpec index, String why) {
    report.conflicts().put(index.name(), why);
    LOG.error(
        "index conflicts with one already there; drop or rename the existing index [collection: {}, index: {}, conflict: {}]",
        index.collection(), index.name(), why);
  }

  private static int codeOf(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof com.mongodb.MongoException me) {
        return me.getCode();
      }
    }
    return -1;
  }

  /** Answers when the store answers a ping. */
  public Future<Void> ping() {
    return client
        .runCommand("ping", new JsonObject().put("ping", 1))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  public Future<Void> close() {
    if (indexClient != null && !indexes.future().isComplete()) {
      indexClient.close();
    }
    return client.close();
  }
}
