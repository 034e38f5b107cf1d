package io.perceive.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.perceive.api.annotations.AnnotationsHandler;
import io.perceive.api.auth.AccessHandler;
import io.perceive.api.catalogue.Catalogue;
import io.perceive.api.catalogue.CatalogueHandler;
import io.perceive.api.config.ConfigException;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.followups.FollowUpServices;
import io.perceive.api.followups.FollowUpWebhook;
import io.perceive.api.followups.FollowUpsHandler;
import io.perceive.api.exports.ExportsHandler;
import io.perceive.api.http.ApiContract;
import io.perceive.api.http.HttpVerticle;
import io.perceive.api.insights.InsightsHandler;
import io.perceive.api.http.OperationsRoutes;
import io.perceive.api.privacy.CustomersHandler;
import io.perceive.api.imports.ImportsHandler;
import io.perceive.api.responses.ResponsesHandler;
import io.perceive.api.survey.SurveyRoutes;
import io.perceive.api.webhooks.WebhooksHandler;
import io.perceive.ingest.webhook.WebhookMappings;
import io.perceive.ingest.annotation.MongoAnnotationRepository;
import io.perceive.ingest.catalogue.MongoCatalogueRepository;
import io.perceive.ingest.demo.DemoLoader;
import io.perceive.ingest.response.CommentRetention;
import io.perceive.ingest.response.InFlightLimit;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.RecountReport;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseParser;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.CommentScoring;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.scoring.ScoringWorker;
import io.perceive.ingest.store.Durability;
import io.perceive.ingest.store.EmbeddedMongo;
import io.perceive.ingest.store.GroupCommit;
import io.perceive.ingest.store.JobLeases;
import io.perceive.ingest.store.MongoStore;
import io.perceive.ingest.store.SchemaVersion;
import io.perceive.ingest.survey.CustomerErasure;
import io.perceive.ingest.store.StoreRetry;
import io.perceive.ingest.survey.InvitationService;
import io.perceive.ingest.survey.MongoFatigueRepository;
import io.perceive.ingest.survey.MongoInvitationRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.perceive.ingest.survey.SurveyAnswers;
import io.perceive.ingest.survey.SurveyKeys;
import io.perceive.ingest.survey.SurveyPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Perceive: the store (embedded unless a MongoDB URI is configured), Vert.x, and the
 * HTTP server. The launcher and the tests start it the same way.
 */
public final class PerceiveApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PerceiveApp.class);

  static final java.time.Duration STALE_SWEEP = java.time.Duration.ofMinutes(1);
  /** How old an unfinished write must be before a sweep takes it as interrupted: no live request takes that long. */
  public static final java.time.Duration STALE_GRACE = java.time.Duration.ofMinutes(2);

  /** How often comment text past {@code privacy.comment-retention-days} is looked for. */
  static final java.time.Duration RETENTION_SWEEP = java.time.Duration.ofHours(1);

  /** Demo data to load into an empty store. */
  public record Demo(long seed, int responses) {}

  private final Vertx vertx;
  private final StoreServices services;
  private final HttpVerticle http;
  private final Optional<ScoringWorker> scoring;
  private final List<Long> sweeps;

  private final StoreRetry retry;
  private final StartupState state;

  private final FollowUpServices followUps;

  private PerceiveApp(
      Vertx vertx, StoreServices services, HttpVerticle http, Optional<ScoringWorker> scoring, List<Long> sweeps,
      StoreRetry retry, StartupState state, FollowUpServices followUps) {
    this.followUps = followUps;
    this.retry = retry;
    this.state = state;
    this.vertx = vertx;
    this.services = services;
    this.http = http;
    this.scoring = scoring;
    this.sweeps = List.copyOf(sweeps);
  }

  /** How long requests in flight and the scorer's batch may take to finish once a stop began. */
  static final java.time.Duration STOP_LIMIT = java.time.Duration.ofSeconds(10);

  /** Starts everything and blocks until the server listens. Call from a plain thread. */
  public static PerceiveApp start(PerceiveConfig config, Optional<Demo> demo) throws Exception {
    return start(config, demo, Clock.systemUTC(), Optional.empty());
  }

  /** As {@link #start(PerceiveConfig, Optional)}, telling time by {@code clock} (tests move it). */
  public static PerceiveApp start(PerceiveConfig config, Optional<Demo> demo, Clock clock) throws Exception {
    return start(config, demo, clock, Optional.empty());
  }

  /**
   * As above, with a comment scorer: stored comments are scored on worker threads, and those
   * stored before the scorer existed are caught up. Without one, responses stay unscored.
   */
  public static PerceiveApp start(PerceiveConfig config, Optional<Demo> demo, Optional<CommentScoring> scorer) throws Exception {
    return start(config, demo, Clock.systemUTC(), scorer);
  }

  /** The full form: a clock and an optional comment scorer. Returns once the demo data is loaded. */
  public static PerceiveApp start(
      PerceiveConfig config, Optional<Demo> demo, Clock clock, Optional<CommentScoring> scorer) throws Exception {
    PerceiveApp app = launch(config, demo, clock, scorer, loaded -> {});
    try {
      StoreServices.await(app.ready());
    } catch (Exception | Error e) {
      app.close();
      throw e;
    }
    return app;
  }

  /**
   * Starts everything and returns as soon as the server listens: the demo data, when asked for,
   * loads in the background ({@code demoProgress} is told the responses loaded so far), and
   * {@code /ready} answers 503 until {@link #ready()} completes.
   */
  public static PerceiveApp launch(
      PerceiveConfig config, Optional<Demo> demo, Clock clock, Optional<CommentScoring> scorer, LongConsumer demoProgress)
      throws Exception {
    if (config.survey().key().isEmpty() && config.store().mongoUri().isPresent()) {
      LOG.warn("no survey.key configured: survey links are signed with a key kept under {}; "
          + "instances sharing one MongoDB must share one key", config.store().dataDir());
    }
    SurveyKeys surveyKeys = SurveyKeys.loadOrCreate(config.survey().key(), config.store().dataDir());
    PrometheusMeterRegistry registry = OperationsRoutes.registry();
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setMetricsOptions(OperationsRoutes.vertxOptions()))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    StoreServices services = null;
    StoreRetry retry = new StoreRetry(vertx);
    try {
      services = StoreServices.open(vertx, config, retry);
      StoreServices opened = services;
      MongoStore store = services.store();
      MongoResponseRepository responses = services.responses();
      MongoRollupRepository rollups = services.rollups();
      Durability durability = services.durability();
      MongoScoreRollupRepository scoreRollups = services.scoreRollups();
      FollowUpServices followUps = FollowUpServices.on(vertx, store.client(), config.followUps(), clock);
      Optional<ScoringWorker> scoring =
          scorer.map(s -> new ScoringWorker(vertx, responses, s, durability, scoreRollups, rollups, followUps.opener()));
      IngestService ingest = services.ingest(() -> scoring.ifPresent(ScoringWorker::nudge), followUps.opener());
      bindPipelineMeters(registry, ingest, scoring, durability, retry);
      if (services.readCache().enabled()) {
        count(registry, "perceive.read.cache.hits", services.readCache(), io.perceive.ingest.store.ReadCache::hits,
            "Rollup reads answered from the embedded store's read cache (no write since the kept answer)");
        count(registry, "perceive.read.cache.misses", services.readCache(), io.perceive.ingest.store.ReadCache::misses,
            "Rollup reads that asked the embedded store (a pass over the collection)");
      }
      // Only the embedded store is this process's alone: on a shared one, a young write in flight
      // may be another instance's, so start-up leaves it to the sweep below.
      boolean alone = services.alone();
      StoreServices.await(retry.untilDone("recover rollups", () -> opened.recover(ingest, vertx)), StoreServices.RECOVERY_PATIENCE);
      scoring.ifPresent(ScoringWorker::start);
      followUps.start();
      followUps.webhook().ifPresent(w -> {
        count(registry, "perceive.followups.delivered", w, FollowUpWebhook::delivered, "Follow-ups the ITSM's webhook took");
        count(registry, "perceive.followups.dead.lettered", w, FollowUpWebhook::deadLettered,
            "Follow-ups given up on after the last retry and put on the dead-letter list");
      });
      InFlightLimit limit = new InFlightLimit(config.ingest().maxInFlight());
      // Writes an outage interrupted (a response stored, its increments not made), recounted
      // once old enough that no live request owns them, without waiting for a restart.
      // On a shared store one instance at a time runs each sweep (the others take over its lease
      // if it dies): they are idempotent, so this only saves repeated work.
      JobLeases leases = new JobLeases(store.client(), java.util.UUID.randomUUID().toString(), clock);
      java.time.Duration sweepLease = STALE_SWEEP.multipliedBy(3);
      long responseSweep = vertx.setPeriodic(
          STALE_SWEEP.toMillis(),
          // Alone, only this process leaves uncounted answers, and it knows which: no search of them all.
          id -> leases.runIfHeld("sweep:response-rollups", sweepLease,
                  () -> alone ? ingest.recoverTracked(STALE_GRACE) : ingest.recoverRollups(STALE_GRACE))
              .onFailure(err -> LOG.debug("stale sweep skipped [reason: {}]", err.getMessage())));
      List<Long> timers = new java.util.ArrayList<>(List.of(responseSweep));
      if (config.privacy().commentRetention().isPresent()) {
        CommentRetention retention = new CommentRetention(responses, durability, config.privacy().commentRetention().get(), clock);
        LOG.info("comments past their retention purged [comments: {}]", StoreServices.await(retention.purge()));
        timers.add(
            vertx.setPeriodic(
                RETENTION_SWEEP.toMillis(),
                id -> leases.runIfHeld("sweep:comment-retention", RETENTION_SWEEP.multipliedBy(3), retention::purge)
                    .onFailure(err -> LOG.debug("retention sweep skipped [reason: {}]", err.getMessage()))));
      }
      MongoInvitationRollups invitationRollups = new MongoInvitationRollups(store.client(), config.analytics().zone(), clock, services.readCache());
      StoreServices.await(
          retry.untilDone("recover invitation counters", () -> alone ? invitationRollups.recover() : invitationRollups.recoverStale(STALE_GRACE)));
      // Invitation counters a failed write left behind, without waiting for a restart.
      long invitationSweep = vertx.setPeriodic(
          STALE_SWEEP.toMillis(),
          id -> leases.runIfHeld("sweep:invitation-counters", sweepLease, () -> invitationRollups.recoverStale(STALE_GRACE))
              .onFailure(err -> LOG.debug("invitation sweep skipped [reason: {}]", err.getMessage())));
      MongoInvitationRepository invitationStore = new MongoInvitationRepository(store.client(), invitationRollups);
      SurveyPolicy surveyPolicy = config.survey().policy();
      InvitationService invitations =
          new InvitationService(
              invitationStore, new MongoFatigueRepository(store.client()), surveyKeys, surveyPolicy, clock);
      SurveyAnswers answers = new SurveyAnswers(invitationStore, ingest, surveyPolicy, clock);
      AtomicInteger boundPort = new AtomicInteger();
      Supplier<String> surveyBaseUrl =
          () -> config.survey().baseUrl().orElseGet(() -> "http://localhost:" + boundPort.get());
      SurveyRoutes survey =
          new SurveyRoutes(vertx, config, invitations, answers, surveyKeys, store.client(), surveyBaseUrl, limit, clock);
      survey.bindMeters(registry);
      MongoCatalogueRepository catalogueStore = new MongoCatalogueRepository(store.client());
      MongoAnnotationRepository annotations = new MongoAnnotationRepository(store.client());
      Catalogue catalogue = new Catalogue(catalogueStore, config.analytics().targets(), clock);
      int seeded = StoreServices.await(retry.untilDone("seed the catalogue", catalogue::seed));
      if (seeded > 0) {
        LOG.info("catalogue entries added from the targets file [services: {}]", seeded);
      }
      AccessHandler access = new AccessHandler(config.auth().tokens());
      access.logMode();
      StartupState state = new StartupState(demo.map(Demo::responses), scorer);
      ApiContract contract = StoreServices.await(ApiContract.create(vertx));
      HttpVerticle http =
          new HttpVerticle(
              config.http(),
              List.of(
                  access::mount,
                  contract::mount,
                  new OperationsRoutes(store, state::status, Main.version(), registry)::mount,
                  new ResponsesHandler(new ResponseParser(clock), ingest, limit)::mount,
                  new ImportsHandler(vertx, new ResponseParser(clock), ingest, limit)::mount,
                  new WebhooksHandler(webhookMappings(config), new ResponseParser(clock), ingest, limit, invitations)::mount,
                  new InsightsHandler(
                          rollups, scoreRollups, invitationRollups, responses, followUps.repository(), config.analytics(), catalogue::targets, clock)
                      .withEffects(annotations)::mount,
                  new FollowUpsHandler(followUps.repository(), clock)::mount,
                  new ExportsHandler(new MongoResponseRepository(store.streamClient(), config.analytics().zone()), clock)::mount,
                  new CatalogueHandler(catalogue, rollups)::mount,
                  new AnnotationsHandler(annotations, clock)::mount,
                  new CustomersHandler(invitations, new CustomerErasure(store.client(), ingest, invitationRollups, durability, clock))::mount,
                  survey::mount));
      StoreServices.await(vertx.deployVerticle(http));
      boundPort.set(http.actualPort());
      timers.add(invitationSweep);
      PerceiveApp app = new PerceiveApp(vertx, services, http, scoring, timers, retry, state, followUps);
      if (demo.isEmpty()) {
        state.done();
      } else {
        DemoLoader loader = new DemoLoader(responses, ingest, invitationStore, catalogueStore, annotations, retry);
        Instant end = clock.instant();
        // Generating the data takes a moment: not on the caller's thread, which reports the URL.
        Thread loading =
            new Thread(
                () ->
                    loader
                        .loadIfEmpty(demo.get().seed(), end, demo.get().responses(), state.progress(demoProgress))
                        .compose(loaded -> recountIfInterrupted(retry, state, alone, ingest).map(loaded))
                        .compose(loaded -> loaded == 0 ? Future.succeededFuture(loaded)
                            : retry.untilDone("demo: work follow-ups", () -> DemoLoader.workFollowUps(followUps.repository(), demo.get().seed(), end)).map(loaded))
                        .onSuccess(loaded -> {
                          LOG.info("demo data ready [loaded: {}]", loaded);
                          state.done();
                        })
                        .onFailure(state::failed),
                "perceive-demo");
        loading.setDaemon(true);
        loading.start();
      }
      return app;
    } catch (Exception | Error e) {
      try {
        if (services != null) {
          services.close(vertx);
        } else {
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * The pipeline's own counters, next to Vert.x's HTTP meters: responses acknowledged (new or a
   * retry's), comments scored and failed, file commits of the embedded store. Bounded labels.
   */
  private static void bindPipelineMeters(
      PrometheusMeterRegistry registry, IngestService ingest, Optional<ScoringWorker> scoring, Durability durability, StoreRetry retry) {
    count(registry, "perceive.store.retries", retry, StoreRetry::retries,
        "Background jobs' tries that found the store busy or unreachable and were repeated");
    String acknowledged = "Responses acknowledged as stored, by outcome";
    count(registry, "perceive.responses", ingest, IngestService::storedCount, acknowledged, "outcome", "stored");
    count(registry, "perceive.responses", ingest, IngestService::alreadyStoredCount, acknowledged, "outcome", "already_stored");
    scoring.ifPresent(
        worker -> {
          count(registry, "perceive.comments.scored", worker, ScoringWorker::scored, "Comments scored (sentiment and competency)");
          count(registry, "perceive.scoring.passes.failed", worker, ScoringWorker::failedPasses,
              "Scoring passes that found the store busy or unreachable and were tried again");
          count(registry, "perceive.comments.failed", worker, ScoringWorker::failures, "Comments the scorer failed on, stored as failed");
        });
    if (durability instanceof GroupCommit commits) {
      count(registry, "perceive.store.commits", commits, GroupCommit::commits,
          "File commits of the embedded store (each covers every write before it)");
    }
  }

  /** A counter that reads {@code value} of {@code source} when scraped; {@code tags}: key, value, ... */
  static <T> void count(
      PrometheusMeterRegistry registry, String name, T source, java.util.function.ToDoubleFunction<T> value, String description, String... tags) {
    FunctionCounter.builder(name, source, value).tags(tags).description(description).register(registry);
  }

  private static WebhookMappings webhookMappings(PerceiveConfig config) {
    try {
      return WebhookMappings.load(config.ingest().webhookMappings());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("configuration: ingest.webhook-mappings: " + e.getMessage());
    }
  }

  /**
   * An interrupted demo batch leaves its rollup increments to the recount of interrupted writes:
   * on the embedded store, which is this process's alone, that recount runs at once.
   */
  private static Future<Integer> recountIfInterrupted(StoreRetry retry, StartupState state, boolean alone, IngestService ingest) {
    if (!alone || retry.retries() == 0) {
      return Future.succeededFuture(0);
    }
    state.describe("recounting the rollups of demo batches the store interrupted");
    // One pass over the responses: recounting bucket by bucket scans them all for each bucket
    // on the embedded store.
    return retry.untilDone("recount interrupted demo batches", () -> ingest.recountAll(null, n -> {}).map(RecountReport::recounted));
  }

  public int port() {
    return http.actualPort();
  }

  /** Every route the HTTP server mounts, as "METHOD path" ("* path" for any method). */
  List<String> routes() {
    return http.routes();
  }

  /** Completes once start-up work (the demo data) is done; fails when it failed. */
  public Future<Void> ready() {
    return state.ready();
  }

  /** Tries of background jobs that found the store busy and were repeated. */
  public long storeRetries() {
    return retry.retries();
  }

  /** How the start looked for writes a crash interrupted (tests: whether it read every answer). */
  StoreServices.StartRecovery startRecovery() {
    return services.startRecovery();
  }

  /** The embedded store, when this process runs one. */
  Optional<EmbeddedMongo> embeddedStore() {
    return Optional.ofNullable(services.embedded());
  }

  /** The connection string of the store in use (the embedded one's loopback port, or the URI). */
  public String storeConnectionString() {
    return services.uri();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Stops at once (tests): {@link #stop} without a readiness grace. */
  @Override
  public void close() throws Exception {
    stop(java.time.Duration.ZERO);
  }

  /**
   * A clean stop, in order: readiness and every new request answer 503 (for at least
   * {@code readinessGrace}); requests in flight finish (at most {@link #STOP_LIMIT}); the port
   * closes; the scorer takes no further batch and finishes or abandons the one in hand (at most
   * {@link #STOP_LIMIT}; abandoned comments stay unscored for the next start); only then the
   * store closes, so nothing acknowledged is left unwritten and nothing runs against a closed store.
   */
  public void stop(java.time.Duration readinessGrace) throws Exception {
    LOG.info("perceive stopping: readiness off, finishing requests in flight");
    try {
      int left = awaitAtMost(http.drain(readinessGrace, STOP_LIMIT), 0);
      if (left > 0) {
        LOG.info("requests still unanswered after {} s were cut off [requests: {}]", STOP_LIMIT.toSeconds(), left);
      }
      sweeps.forEach(vertx::cancelTimer);
      awaitAtMost(followUps.close().map(v -> 1), 0);
      if (scoring.isPresent() && awaitAtMost(scoring.get().stop().map(v -> 1), 0) == 0) {
        LOG.info("the scorer did not stop within {} s; its batch is left for the next start", STOP_LIMIT.toSeconds());
      }
    } finally {
      services.close(vertx);
    }
    LOG.info("perceive stopped [at: {}]", Instant.now());
  }

  /** The future's result, or {@code otherwise} when it takes longer than {@link #STOP_LIMIT} (plus a margin). */
  private static <T> T awaitAtMost(Future<T> future, T otherwise) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(STOP_LIMIT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return otherwise;
    }
  }
}
