package io.perceive.api.insights;

import io.perceive.analytics.rollup.Targets;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.annotation.AnnotationRepository;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The query API, one handler class per route: trends of a measure, whether a trend is real
 * (trend tests), which services, support groups or agents are below the rest (weak areas),
 * targets and their breaches, watermelons, key drivers, response rates, and the comments behind
 * a number. Every route but the comments reads rollups only; a rating metric or what comments
 * say is one {@link Measure}, read by one {@link MeasureReader}.
 */
public final class InsightsHandler {

  /** Each route's path and handler, in mounting order. */
  private final Map<String, Handler<RoutingContext>> routes = new LinkedHashMap<>();
  private final MeasureReader reader;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;
  private ReviewPack pack;

  /**
   * The routes on these rollups, holding services to {@code targets} (read on each request: the
   * catalogue changes while serving).
   */
  public InsightsHandler(
      RollupRepository rollups,
      ScoreRollupRepository scoreRollups,
      MongoInvitationRollups invitationRollups,
      ResponseRepository responses,
      MongoFollowUpRepository followUps,
      PerceiveConfig.Analytics analytics,
      Supplier<Future<Targets>> targets,
      Clock clock) {
    Objects.requireNonNull(analytics, "analytics");
    Objects.requireNonNull(targets, "targets");
    this.analytics = analytics;
    this.clock = clock;
    Objects.requireNonNull(clock, "clock");
    reader =
        new MeasureReader(
            Objects.requireNonNull(rollups, "rollups"), Objects.requireNonNull(scoreRollups, "scoreRollups"), analytics);
    routes.put("/api/v1/services", this::services);
    TrendTestsRoute trendTests = new TrendTestsRoute(reader, analytics, clock);
    WeakAreasRoute weakAreas = new WeakAreasRoute(reader, analytics, clock);
    TargetsRoute targetsRoute = new TargetsRoute(reader, analytics, targets, clock);
    KeyDriversRoute keyDrivers = new KeyDriversRoute(reader, analytics, clock);
    ResponseRatesRoute responseRates =
        new ResponseRatesRoute(Objects.requireNonNull(invitationRollups, "invitationRollups"), analytics, clock);
    FollowUpMetricsRoute followUpMetrics =
        new FollowUpMetricsRoute(reader, Objects.requireNonNull(followUps, "followUps"), analytics, clock);
    routes.put("/api/v1/trends", new TrendsRoute(reader, analytics, targets, clock));
    routes.put("/api/v1/trend-tests", trendTests);
    routes.put("/api/v1/weak-areas", weakAreas);
    routes.put("/api/v1/watermelons", new WatermelonsRoute(reader, analytics, targets, clock));
    routes.put("/api/v1/targets", targetsRoute);
    routes.put("/api/v1/key-drivers", keyDrivers);
    routes.put("/api/v1/response-rates", responseRates);
    routes.put("/api/v1/comments", new CommentsRoute(Objects.requireNonNull(responses, "responses"), clock));
    routes.put("/api/v1/follow-up-metrics", followUpMetrics);
    pack = new ReviewPack(reader, targetsRoute, trendTests, keyDrivers, weakAreas, responseRates, followUpMetrics, responses, null);
    reviewRoutes();
  }

  private void reviewRoutes() {
    routes.put("/api/v1/review", new ReviewRoute(pack, analytics, clock, false));
    routes.put("/review", new ReviewRoute(pack, analytics, clock, true));
  }

  /**
   * Adds {@code GET /api/v1/annotations/{id}/effect}, the measured effect of each annotation, and
   * {@code GET /api/v1/incidents/communication}, incidents with proactive updates against those
   * without; the review pack then lists the period's annotations with their effect.
   */
  public InsightsHandler withEffects(AnnotationRepository annotations) {
    EffectRoute effects = new EffectRoute(Objects.requireNonNull(annotations, "annotations"), reader, analytics, clock);
    routes.put("/api/v1/annotations/:id/effect", effects);
    pack = pack.withActions(effects);
    reviewRoutes();
    routes.put("/api/v1/incidents/communication", new IncidentsRoute(annotations, reader, analytics, clock));
    return this;
  }

  public void mount(Router router) {
    routes.forEach((path, handler) -> router.get(path).handler(handler));
  }

  /** {@code GET /api/v1/services}: the services that have answers. */
  void services(RoutingContext ctx) {
    Rows.send(
        ctx,
        reader.services().map(names -> {
          JsonArray rows = new JsonArray();
          names.forEach(name -> rows.add(new JsonObject().put("service", name)));
          return rows;
        }));
  }
}
