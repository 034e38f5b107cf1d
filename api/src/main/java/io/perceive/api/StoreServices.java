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
import io.perceive.ingest.store.ReadCache;
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
    List<String> migrated,
    Writers writers) {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreServices.class);

  /**
   * What a clean stop of the embedded store needs to know: the write paths opened on it, and
   * whether every answer stored before them is known to be counted (the last stop was clean, or
   * a recovery looked through every answer since this start).
   */
  static final class Writers {
    private final List<IngestService> ingests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean earlierCounted;

    Writers(boolean earlierCounted) {
      this.earlierCounted = earlierCounted;
    }

    /** Whether a stop now may leave the clean-stop mark: nothing earlier uncounted, nothing of this run unfinished. */
    boolean allCounted() {
      return earlierCounted && ingests.stream().allMatch(i -> i.unfinishedWrites() == 0);
    }
  }

  /** How start-up recovery looked for writes a crash interrupted. */
  enum StartRecovery {
    /** The embedded store was stopped cleanly: only the intents of writes in flight, no answer read. */
    INTENTS_ONLY,
    /** The embedded store was not stopped cleanly: every answer looked at, on a client that waits long enough. */
    EVERY_ANSWER,
    /** A shared MongoDB: answers marked uncounted and older than the grace (an index finds them), and intents. */
    STALE_WRITES
  }

  /**
   * Opens the store: starts the embedded one under the data directory unless a MongoDB URI is
   * configured, connects and makes sure of the schema. Throws as the embedded store's start does
   * when another process holds its data directory. Blocks: call it from a plain thread.
   */
  /** How long a tool waits for one answer of the store (a whole collection's rollup versions at a million answers). */
  static final java.time.Duration TOOL_SOCKET_TIMEOUT = java.time.Duration.ofMinutes(10);

  /** Answer documents the embedded store's read cache keeps at most (a year of weekly rows of 50 services is 2,650). */
  static final int READ_CACHE_DOCUMENTS = 100_000;

  /** The cache the rollup reads go through: the embedded store's, or none on MongoDB. */
  ReadCache readCache() {
    return rollups.cache();
  }

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
    // Only where every write passes through this process's own server can it tell a kept answer is current.
    ReadCache cache = embedded == null ? ReadCache.NONE : ReadCache.over(embedded::writes, READ_CACHE_DOCUMENTS);
    StoreServices services =
        new StoreServices(
            embedded, uri, store, commit,
            // Acknowledged means on disk: MongoDB's write concern does it, the embedded file needs a commit.
            commit == null ? Durability.NONE : commit,
            new MongoResponseRepository(store.client(), zone), new MongoRollupRepository(store.client(), cache),
            new MongoScoreRollupRepository(store.client(), cache), zone, List.of(),
            new Writers(embedded != null && embedded.stoppedCleanly()));
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
    return new StoreServices(embedded, uri, store, commit, durability, responses, rollups, scoreRollups, zone, List.copyOf(steps), writers);
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
    IngestService ingest = new IngestService(responses, rollups, zone, durability, commentStored, Optional.of(scoreRollups), followUps);
    writers.ingests.add(ingest);
    return ingest;
  }

  /** How {@link #recover} will look for interrupted writes on this store. */
  StartRecovery startRecovery() {
    if (!alone()) {
      return StartRecovery.STALE_WRITES;
    }
    return embedded.stoppedCleanly() ? StartRecovery.INTENTS_ONLY : StartRecovery.EVERY_ANSWER;
  }

  /**
   * Recounts what interrupted writes left behind. On a shared MongoDB only those older than
   * {@link PerceiveApp#STALE_GRACE}, since a young one may be another instance's write in flight
   * (the partial index {@code rolledUp_1__id_1_pending} finds them without reading the rest). On
   * the embedded store, which is this process's alone, all of them: after a clean stop only the
   * intents (a clean stop left no answer uncounted); else every answer is looked at (the embedded
   * server builds no index, so that reads them all), on a client that waits for a whole pass.
   */
  Future<Integer> recover(IngestService ingest, io.vertx.core.Vertx vertx) {
    switch (startRecovery()) {
      case STALE_WRITES:
        return ingest.recoverRollups(PerceiveApp.STALE_GRACE);
      case INTENTS_ONLY:
        LOG.info("the store is new or was stopped cleanly: recovering recorded writes in flight only, answers not read");
        return ingest.recoverIntents();
      default:
        break;
    }
    LOG.info("the store was not stopped cleanly: looking through every answer for interrupted writes (minutes on a large store)");
    long started = System.nanoTime();
    long ticker = vertx.setPeriodic(30_000, id -> LOG.info("still looking for interrupted writes [seconds: {}]", (System.nanoTime() - started) / 1_000_000_000L));
    io.vertx.ext.mongo.MongoClient patient = store.streamClient();
    return ingest
        .on(new MongoResponseRepository(patient, zone), new MongoRollupRepository(patient), Optional.of(new MongoScoreRollupRepository(patient)))
        .recoverRollups()
        .onComplete(done -> vertx.cancelTimer(ticker))
        .onSuccess(n -> {
          writers.earlierCounted = true;
          LOG.info("every answer looked at for interrupted writes [buckets recounted: {}, seconds: {}]", n, (System.nanoTime() - started) / 1_000_000_000L);
        });
  }

  /** Tells a clean stop that every answer is now counted (a full recount that left nothing busy). */
  void everyAnswerCounted() {
    writers.earlierCounted = true;
  }

  /**
   * Answers are being written around the write path (a restore loads them as they were backed
   * up, some perhaps uncounted): until {@link #everyAnswerCounted()}, a stop leaves no clean-stop mark.
   */
  void answersWrittenDirectly() {
    writers.earlierCounted = false;
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
    if (embedded != null && writers.allCounted()) {
      // Nothing writes any more: callers close once their work has ended.
      embedded.markCleanStop();
    } else if (embedded != null) {
      LOG.info("stopping with answers possibly uncounted; the next start looks through every answer");
    }
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

  /** How long a start waits for its recovery: looking through a million answers takes minutes (it logs progress). */
  static final java.time.Duration RECOVERY_PATIENCE = java.time.Duration.ofHours(1);

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
