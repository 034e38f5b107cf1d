package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.EmbeddedMongo;
import io.perceive.ingest.store.GroupCommit;
import io.perceive.ingest.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * The one place that opens the store and wires the write path on it, shared by {@code serve},
 * {@code import} and {@code recount}: the embedded store under the data directory unless a
 * MongoDB URI is configured, its schema, the durability barrier (a file commit on the embedded
 * store, MongoDB's write concern otherwise), the response and rollup repositories and the
 * {@link IngestService}.
 */
final class StoreServices {

  private final EmbeddedMongo embedded;
  private final String uri;
  private final MongoStore store;
  private final GroupCommit commit;
  private final Durability durability;
  private final MongoResponseRepository responses;
  private final MongoRollupRepository rollups;
  private final MongoScoreRollupRepository scoreRollups;
  private final PerceiveConfig config;

  private StoreServices(EmbeddedMongo embedded, String uri, MongoStore store, GroupCommit commit, PerceiveConfig config) {
    this.embedded = embedded;
    this.uri = uri;
    this.store = store;
    this.commit = commit;
    this.config = config;
    // Acknowledged means on disk: MongoDB's write concern does it, the embedded file needs a commit.
    this.durability = commit == null ? Durability.NONE : commit;
    this.responses = new MongoResponseRepository(store.client(), config.analytics().zone());
    this.rollups = new MongoRollupRepository(store.client());
    this.scoreRollups = new MongoScoreRollupRepository(store.client());
  }

  /**
   * Opens the store: starts the embedded one under the data directory unless a MongoDB URI is
   * configured, connects and makes sure of the schema. Fails as the embedded store's start fails
   * when another process holds its data directory. {@link #close()} closes all it opened.
   */
  public static Future<StoreServices> open(Vertx vertx, PerceiveConfig config) {
    EmbeddedMongo embedded;
    try {
      embedded = config.store().mongoUri().isPresent() ? null : EmbeddedMongo.start(config.store().dataDir(), 0);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String uri = embedded != null ? embedded.connectionString() : config.store().mongoUri().orElseThrow();
    MongoStore store = MongoStore.connect(vertx, uri, config.store().database(), embedded != null);
    GroupCommit commit = embedded == null ? null : new GroupCommit(vertx, embedded::commit);
    StoreServices services = new StoreServices(embedded, uri, store, commit, config);
    return store
        .ensureSchema()
        .map(v -> services)
        .recover(err -> services.close().transform(closed -> Future.failedFuture(err)));
  }

  /**
   * The write path on this store. {@code commentStored} is told after a response with a comment
   * was stored (it wakes the scorer). Recovery recounts a bucket's comment scores with its
   * ratings: the scorer's interrupted writes leave intents too.
   */
  public IngestService ingest(Runnable commentStored) {
    return new IngestService(
        responses, rollups, config.analytics().zone(), durability, commentStored, Optional.of(scoreRollups));
  }

  /**
   * Recounts what interrupted writes left behind: all of them when this process has the store to
   * itself (the embedded store), else only those older than {@link PerceiveApp#STALE_GRACE}, since
   * a young one may be another instance's write in flight.
   */
  public Future<Integer> recover(IngestService ingest) {
    return alone() ? ingest.recoverRollups() : ingest.recoverRollups(PerceiveApp.STALE_GRACE);
  }

  /** Whether this process has the store to itself: the embedded store. */
  public boolean alone() {
    return embedded != null;
  }

  /** The connection string (the embedded store's loopback port, or the URI). */
  public String uri() {
    return uri;
  }

  public MongoStore store() {
    return store;
  }

  public Durability durability() {
    return durability;
  }

  public MongoResponseRepository responses() {
    return responses;
  }

  public MongoRollupRepository rollups() {
    return rollups;
  }

  public MongoScoreRollupRepository scoreRollups() {
    return scoreRollups;
  }

  /** Closes the connection, then stops the embedded store's committer and the embedded store. */
  public Future<Void> close() {
    return store.close().andThen(closed -> {
      if (commit != null) {
        commit.close();
      }
      if (embedded != null) {
        embedded.close();
      }
    });
  }
}
