package io.perceive.api.insights;

import io.perceive.api.auth.AccessHandler;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.api.review.ReviewPage;
import io.perceive.ingest.BadInputException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/review?service=VPN&from=...&to=...} (JSON) and {@code GET /review} (the same
 * pack as a printable HTML page): the review pack of one service, or of the organisation with
 * its services ranked when no service is named ({@link ReviewPack}). Viewers get the numbers;
 * managers also the support groups, agents, verbatims and open follow-ups. The JSON route takes
 * {@code section} (repeated) to build only the sections a dashboard panel shows.
 */
record ReviewRoute(ReviewPack pack, PerceiveConfig.Analytics analytics, Clock clock, boolean html) implements Handler<RoutingContext> {

  static final int MAX_SERVICE = 200;

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.queryParam("service").size() > 1) {
      throw new BadInputException("service", "a review pack is of one service, or of the organisation without one");
    }
    String service = QueryParams.single(ctx, "service", null);
    if (service != null && (service.isBlank() || service.length() > MAX_SERVICE)) {
      throw new BadInputException("service", "service must be 1 to " + MAX_SERVICE + " characters");
    }
    String named = service == null || service.strip().equals("*") ? null : service.strip();
    QueryParams.Range range = QueryParams.range(ctx, clock);
    pack.build(named, range, AccessHandler.managerSight(ctx), html ? Set.copyOf(ReviewPack.SECTIONS) : sections(ctx))
        .onSuccess(json -> {
          if (!html) {
            Json.send(ctx, 200, json);
            return;
          }
          if (ctx.response().headWritten() || ctx.response().closed()) {
            return;
          }
          ctx.response()
              .putHeader("Content-Type", "text/html; charset=utf-8")
              .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
              .putHeader("Cache-Control", "no-store")
              .end(ReviewPage.render(json, analytics.zone()));
        })
        .onFailure(ctx::fail);
  }

  /** The sections asked for, every one when none is named; a name that is not a section is a 400. */
  private static Set<String> sections(RoutingContext ctx) {
    List<String> asked = ctx.queryParam("section");
    if (asked.isEmpty()) {
      return Set.copyOf(ReviewPack.SECTIONS);
    }
    Set<String> out = new HashSet<>();
    for (String value : asked) {
      for (String name : value.split(",", -1)) {
        String section = name.strip();
        if (!ReviewPack.SECTIONS.contains(section)) {
          throw new BadInputException("section", "section must be one of " + String.join(", ", ReviewPack.SECTIONS));
        }
        out.add(section);
      }
    }
    return out;
  }
}
