package io.perceive.api.imports;

import io.perceive.api.PerceiveApp;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.IngestSchema;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.EmbeddedMongo;
import io.perceive.ingest.store.GroupCommit;
import io.perceive.ingest.store.MongoStore;
import io.perceive.ingest.store.SchemaVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The store a command opens without a server ({@code import}, {@code recount}): the embedded one
 * under the data directory, which only one process can hold, or the configured MongoDB, which
 * serving instances may share. Opening it recovers writes a crash interrupted, as a start does.
 */
final class OfflineStore implements AutoCloseable {

  private final Vertx vertx;
  private final EmbeddedMongo embedded;
  private final MongoStore store;
  private final GroupCommit commit;
  private final IngestService ingest;

  private OfflineStore(Vertx vertx, EmbeddedMongo embedded, MongoStore store, GroupCommit commit, IngestService ingest) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.store = store;
    this.commit = commit;
    this.ingest = ingest;
  }

  /** Opens the store, or completes with empty when the embedded one is held by a running server. */
  static Optional<OfflineStore> open(PerceiveConfig config) throws Exception {
    EmbeddedMongo embedded = null;
    String uri;
    if (config.store().mongoUri().isPresent()) {
      uri = config.store().mongoUri().get();
    } else {
      try {
        embedded = EmbeddedMongo.start(config.store().dataDir(), 0);
      } catch (RuntimeException e) {
        if (isLocked(e)) {
          return Optional.empty();
        }
        throw e;
      }
      uri = embedded.connectionString();
    }
    Vertx vertx = Vertx.vertx();
    MongoStore store = null;
    GroupCommit commit = null;
    try {
      store = MongoStore.connect(vertx, uri, config.store().database(), embedded != null);
      await(store.ensureSchema(IngestSchema.all()));
      List<String> migrated = await(SchemaVersion.RELEASE.migrate(store.client()));
      Durability durability = Durability.NONE;
      if (embedded != null) {
        commit = new GroupCommit(vertx, embedded::commit);
        durability = commit;
      }
      IngestService ingest =
          new IngestService(
              new MongoResponseRepository(store.client(), config.analytics().zone()),
              new MongoRollupRepository(store.client()),
              config.analytics().zone(),
              durability,
              () -> {},
              // Recovery recounts a bucket's comment scores with its ratings: the scorer's
              // interrupted writes leave intents here too.
              Optional.of(new MongoScoreRollupRepository(store.client())));
      OfflineStore opened = new OfflineStore(vertx, embedded, store, commit, ingest);
      opened.migrated = migrated;
      // On a shared MongoDB a young intent may be a serving instance's write in flight.
      await(opened.alone() ? ingest.recoverRollups() : ingest.recoverRollups(PerceiveApp.STALE_GRACE));
      return Optional.of(opened);
    } catch (Exception | Error e) {
      new OfflineStore(vertx, embedded, store, commit, null).close();
      throw e;
    }
  }

  private List<String> migrated = List.of();

  IngestService ingest() {
    return ingest;
  }

  /** The schema migrations opening the store ran. */
  List<String> migrated() {
    return migrated;
  }

  io.vertx.ext.mongo.MongoClient client() {
    return store.client();
  }

  /** Writes what was stored so far to the embedded store's file. */
  void commit() {
    if (embedded != null) {
      embedded.commit();
    }
  }

  /** Whether this process has the store to itself: the embedded store. */
  boolean alone() {
    return embedded != null;
  }

  @Override
  public void close() throws Exception {
    if (store != null) {
      await(store.close());
    }
    if (commit != null) {
      commit.close();
    }
    await(vertx.close());
    if (embedded != null) {
      embedded.close();
    }
  }

  static boolean isLocked(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("locked")) {
        return true;
      }
    }
    return false;
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
