package io.perceive.api.insights;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository;
import io.perceive.ingest.survey.MongoInvitationRollups;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Objects;

/**
 * The query API, one handler class per route: trends of a measure, whether a trend is real
 * (trend tests), which services, support groups or agents are below the rest (weak areas),
 * targets and their breaches, watermelons, key drivers, response rates, and the comments behind
 * a number. Every route but the comments reads rollups only; a rating metric or what comments
 * say is one {@link Measure}, read by one {@link MeasureReader}.
 */
public final class InsightsHandler {

  private final MeasureReader reader;
  private final MongoInvitationRollups invitationRollups;
  private final ResponseRepository responses;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;

  public InsightsHandler(
      RollupRepository rollups,
      ScoreRollupRepository scoreRollups,
      MongoInvitationRollups invitationRollups,
      ResponseRepository responses,
      PerceiveConfig.Analytics analytics,
      Clock clock) {
    this.reader =
        new MeasureReader(
            Objects.requireNonNull(rollups, "rollups"), Objects.requireNonNull(scoreRollups, "scoreRollups"), analytics);
    this.invitationRollups = Objects.requireNonNull(invitationRollups, "invitationRollups");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.analytics = Objects.requireNonNull(analytics, "analytics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void mount(Router router) {
    router.get("/api/v1/services").handler(this::services);
    router.get("/api/v1/trends").handler(new TrendsRoute(reader, analytics, clock));
    router.get("/api/v1/trend-tests").handler(new TrendTestsRoute(reader, analytics, clock));
    router.get("/api/v1/weak-areas").handler(new WeakAreasRoute(reader, analytics, clock));
    router.get("/api/v1/watermelons").handler(new WatermelonsRoute(reader, analytics, clock));
    router.get("/api/v1/targets").handler(new TargetsRoute(reader, analytics, clock));
    router.get("/api/v1/key-drivers").handler(new KeyDriversRoute(reader, analytics, clock));
    router.get("/api/v1/response-rates").handler(new ResponseRatesRoute(invitationRollups, analytics, clock));
    router.get("/api/v1/comments").handler(new CommentsRoute(responses, clock));
  }

  /** {@code GET /api/v1/services}: the services that have answers. */
  void services(RoutingContext ctx) {
    reader
        .services()
        .onSuccess(
            names -> {
              JsonArray rows = new JsonArray();
              names.forEach(name -> rows.add(new JsonObject().put("service", name)));
              Json.send(ctx, 200, rows);
            })
        .onFailure(ctx::fail);
  }
}
