package io.perceive.ingest.store;

import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.survey.MongoInvitationRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to MongoDB (embedded or external) and the schema Perceive expects: collections
 * and indexes are created at start, idempotently.
 */
public final class MongoStore {

  private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);

  private final MongoClient client;
  private final boolean embedded;

  private MongoStore(MongoClient client, boolean embedded) {
    this.client = client;
    this.embedded = embedded;
  }

  /**
   * Connects with the official driver. Writes wait for a majority of a replica set, journaled,
   * so an acknowledged write survives a primary failover; server selection fails fast so a
   * missing store becomes a 503 rather than a hung request.
   */
  public static MongoStore connect(
      Vertx vertx, String connectionString, String database, boolean embedded) {
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
            // No request waits on a silent store for more than a few seconds: it gets a 503.
            .put("socketTimeoutMS", 8000)
            .put("maxPoolSize", 50);
    return new MongoStore(
        MongoClient.createShared(vertx, config, "perceive-" + connectionString + "-" + database),
        embedded);
  }

  public MongoClient client() {
    return client;
  }

  /** Creates missing collections and, on MongoDB, the indexes the queries use. */
  public Future<Void> ensureSchema() {
    return client
        .getCollections()
        .compose(
            existing -> {
              List<String> wanted =
                  List.of(MongoResponseRepository.COLLECTION, MongoRollupRepository.COLLECTION, MongoRollupRepository.SEGMENTS);
              List<Future<Void>> creates =
                  wanted.stream()
                      .filter(name -> !existing.contains(name))
                      .map(client::createCollection)
                      .toList();
              return Future.all(creates);
            })
        .compose(
            v ->
                // The embedded server accepts secondary indexes but never builds them.
                embedded
                    ? Future.succeededFuture()
                    : Future.all(List.of(
                    index(MongoRollupRepository.COLLECTION, new JsonObject().put("dayStart", 1).put("service", 1)),
                    index(MongoRollupRepository.SEGMENTS, new JsonObject().put("kind", 1).put("dayStart", 1)),
                    index(MongoResponseRepository.COLLECTION, new JsonObject().put("service", 1).put("respondedAt", 1)),
                    index(MongoResponseRepository.COLLECTION, new JsonObject().put("rolledUp", 1)),
                    index(MongoResponseRepository.COLLECTION, new JsonObject().put("supportGroup", 1).put("day", 1)),
                    index(MongoResponseRepository.COLLECTION, new JsonObject().put("agent", 1).put("day", 1)),
                    index(MongoScoreRollupRepository.COLLECTION, new JsonObject().put("dayStart", 1).put("service", 1)),
                    index(MongoScoreRollupRepository.SEGMENTS, new JsonObject().put("kind", 1).put("dayStart", 1)),
                    index(MongoInvitationRollups.COLLECTION, new JsonObject().put("dayStart", 1).put("service", 1)),
                    // The recount of an interrupted invitation counter reads one service's day.
                    index(MongoInvitationRepository.COLLECTION, new JsonObject().put("service", 1).put("createdAt", 1)))))
        .<Void>mapEmpty()
        .onSuccess(v -> LOG.info("store schema ready"))
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  /** Answers when the store answers a ping. */
  public Future<Void> ping() {
    return client
        .runCommand("ping", new JsonObject().put("ping", 1))
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(StoreErrors.classify(err)));
  }

  private Future<Void> index(String collection, JsonObject keys) {
    return client.createIndexWithOptions(collection, keys, new IndexOptions().background(true));
  }

  public Future<Void> close() {
    return client.close();
  }
}
