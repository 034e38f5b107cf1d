package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.IngestSchema;
import io.perceive.ingest.followup.FollowUpOpener;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.EmbeddedMongo;
import io.perceive.ingest.store.GroupCommit;
import io.perceive.ingest.store.MongoStore;
import io.perceive.ingest.store.SchemaVersion;
import io.perceive.ingest.store.StoreRetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one place that opens the store and wires the write path on it, shared by {@code serve},
 * {@code import} and {@code recount}: the embedded store under the data directory unless a
 * MongoDB URI is configured, its schema, the durability barrier (a file commit on the embedded
 * store, MongoDB's write concern otherwise), the response and rollup repositories and the
 * {@link IngestService}.
 *
 * @param embedded the embedded store, or null on a configured MongoDB
 * @param commit the embedded store's group commit, or null
 */
record StoreServices(
    EmbeddedMongo embedded,
    String uri,
    MongoStore store,
    GroupCommit commit,
    Durability durability,
    MongoResponseRepository responses,
    MongoRollupRepository rollups,
    MongoScoreRollupRepository scoreRollups,
    ZoneId zone,
    List<String> migrated) {

  /**
   * Opens the store: starts the embedded one under the data directory unless a MongoDB URI is
   * configured, connects and makes sure of the schema. Throws as the embedded store's start does
   * when another process holds its data directory. Blocks: call it from a plain thread.
   */
  /** How long a tool waits for one answer of the store (a whole collection's rollup versions at a million answers). */
  static final java.time.Duration TOOL_SOCKET_TIMEOUT = java.time.Duration.ofMinutes(10);

  static StoreServices open(Vertx vertx, PerceiveConfig config) throws Exception {
    return open(vertx, config, null);
  }

  /**
   * As above; with {@code retry}, creating the schema and migrating the store wait out a busy
   * store instead of failing. A newer store is refused here, before anything reads or writes it.
   */
  static StoreServices open(Vertx vertx, PerceiveConfig config, StoreRetry retry) throws Exception {
    EmbeddedMongo embedded = config.store().mongoUri().isPresent() ? null : EmbeddedMongo.start(config.store().dataDir(), 0);
    String uri = embedded != null ? embedded.connectionString() : config.store().mongoUri().orElseThrow();
    // Serving: a silent store gives a 503 within seconds. A tool without retry (recount, import,
    // backup) has no request waiting and reads whole collections: minutes, not seconds.
    MongoStore store =
        MongoStore.connect(
            vertx, uri, config.store().database(), embedded != null,
            retry == null ? TOOL_SOCKET_TIMEOUT : MongoStore.SERVING_SOCKET_TIMEOUT);
    GroupCommit commit = embedded == null ? null : new GroupCommit(vertx, embedded::commit);
    ZoneId zone = config.analytics().zone();
    StoreServices services =
        new StoreServices(
            embedded, uri, store, commit,
            // Acknowledged means on disk: MongoDB's write concern does it, the embedded file needs a commit.
            commit == null ? Durability.NONE : commit,
            new MongoResponseRepository(store.client(), zone), new MongoRollupRepository(store.client()),
            new MongoScoreRollupRepository(store.client()), zone, List.of());
    try {
      if (retry == null) {
        await(store.ensureSchema(IngestSchema.all()));
        return services.withMigrated(await(SchemaVersion.RELEASE.migrate(store.client())));
      }
      await(retry.untilDone("create the schema", () -> store.ensureSchema(IngestSchema.all())));
      return services.withMigrated(await(retry.untilDone("migrate the store", () -> SchemaVersion.RELEASE.migrate(store.client()))));
    } catch (Exception | Error e) {
      try {
        services.close(null);
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private StoreServices withMigrated(List<String> steps) {
    return new StoreServices(embedded, uri, store, commit, durability, responses, rollups, scoreRollups, zone, List.copyOf(steps));
  }

  /**
   * The write path on this store. {@code commentStored} is told after a response with a comment
   * was stored (it wakes the scorer). Recovery recounts a bucket's comment scores with its
   * ratings: the scorer's interrupted writes leave intents too.
   */
  IngestService ingest(Runnable commentStored) {
    return ingest(commentStored, FollowUpOpener.NONE);
  }

  /** As above; {@code followUps} opens a follow-up for each unhappy answer. */
  IngestService ingest(Runnable commentStored, FollowUpOpener followUps) {
    return new IngestService(responses, rollups, zone, durability, commentStored, Optional.of(scoreRollups), followUps);
  }

  /**
   * Recounts what interrupted writes left behind: all of them when this process has the store to
   * itself (the embedded store), else only those older than {@link PerceiveApp#STALE_GRACE}, since
   * a young one may be another instance's write in flight.
   */
  Future<Integer> recover(IngestService ingest) {
    return alone() ? ingest.recoverRollups() : ingest.recoverRollups(PerceiveApp.STALE_GRACE);
  }

  /** Whether this process has the store to itself: the embedded store. */
  boolean alone() {
    return embedded != null;
  }

  /**
   * Closes the connection, the committer, then {@code vertx} (when given), and last the embedded
   * store, so nothing acknowledged is left unwritten. Blocks: call it from a plain thread.
   */
  void close(Vertx vertx) throws Exception {
    try {
      await(store.close());
      if (commit != null) {
        commit.close();
      }
      if (vertx != null) {
        await(vertx.close());
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return await(future, java.time.Duration.ofMinutes(5));
  }

  /** As {@link #await(Future)}, for work that may take longer than five minutes (a recount). */
  static <T> T await(Future<T> future, java.time.Duration patience) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
