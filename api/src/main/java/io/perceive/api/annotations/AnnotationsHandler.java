package io.perceive.api.annotations;

import io.perceive.api.auth.AccessHandler;
import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.annotation.Annotation;
import io.perceive.ingest.annotation.AnnotationRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Improvement actions, incidents, changes and communications as annotations:
 * {@code POST|GET /api/v1/annotations}, {@code GET|PATCH|DELETE /api/v1/annotations/{id}}.
 * {@code GET /api/v1/annotations?format=grafana} answers in the shape of Grafana annotations.
 * Reading needs a viewer, writing an admin. Their measured effect is
 * {@code GET /api/v1/annotations/{id}/effect} (in {@code api.insights}).
 */
public record AnnotationsHandler(AnnotationRepository annotations, Clock clock) {

  static final String PATH = "/api/v1/annotations";


  public void mount(Router router) {
    router.post(PATH).handler(this::create);
    router.get(PATH).handler(this::list);
    router.get(PATH + "/:id").handler(this::get);
    router.patch(PATH + "/:id").handler(this::patch);
    router.delete(PATH + "/:id").handler(this::delete);
  }

  void create(RoutingContext ctx) {
    JsonObject body = object(ctx);
    Instant now = clock.instant();
    String by = principal(ctx);
    Annotation base = new Annotation(
        "a_" + UUID.randomUUID().toString().replace("-", ""), Annotation.ALL, Annotation.Kind.CHANGE, "-", null, now, null,
        List.of(), null, by, now, by, now);
    Annotation created = AnnotationBodies.merge(base, body, true);
    if (created.metrics().isEmpty() && !body.containsKey("metrics")) {
      created = withMetrics(created, List.of("csat"));
    }
    Annotation stored = created;
    annotations.insert(stored)
        .onSuccess(a -> {
          ctx.response().putHeader("Location", PATH + "/" + a.id());
          Json.send(ctx, 201, AnnotationBodies.json(a));
        })
        .onFailure(ctx::fail);
  }

  private static Annotation withMetrics(Annotation a, List<String> metrics) {
    return new Annotation(
        a.id(), a.service(), a.kind(), a.title(), a.description(), a.start(), a.end(), metrics, a.communicated(), a.createdBy(),
        a.createdAt(), a.updatedBy(), a.updatedAt());
  }

  void list(RoutingContext ctx) {
    boolean grafana = "grafana".equals(QueryParams.single(ctx, "format", "json"));
    if (!grafana && !"json".equals(QueryParams.single(ctx, "format", "json"))) {
      throw new BadInputException("format", "format must be json or grafana");
    }
    Set<String> services = QueryParams.services(ctx);
    String kind = QueryParams.single(ctx, "kind", null);
    if (kind != null && Annotation.Kind.parse(kind).isEmpty()) {
      throw new BadInputException("kind", "kind must be one of: improvement, incident, change, communication");
    }
    // Without from/to: every annotation; with them, those that overlap the range.
    boolean ranged = ctx.queryParams().contains("from") || ctx.queryParams().contains("to");
    QueryParams.Range range = ranged ? QueryParams.range(ctx, clock) : null;
    annotations.all()
        .onSuccess(all -> {
          List<Object> rows = new ArrayList<>();
          for (Annotation a : all) {
            boolean serviceMatches = services.isEmpty() || a.service().equals(Annotation.ALL) || services.contains(a.service());
            boolean kindMatches = kind == null || a.kind().label().equals(kind);
            boolean inRange = range == null || (!a.endOrStart().isBefore(range.from()) && !a.start().isAfter(range.to()));
            if (serviceMatches && kindMatches && inRange) {
              rows.add(grafana ? AnnotationBodies.grafana(a) : AnnotationBodies.json(a));
            }
          }
          Json.send(ctx, 200, new JsonArray(rows));
        })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    annotations.find(id)
        .onSuccess(a -> {
          if (a == null) {
            ctx.fail(notFound());
          } else {
            Json.send(ctx, 200, AnnotationBodies.json(a));
          }
        })
        .onFailure(ctx::fail);
  }

  void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject body = object(ctx);
    String by = principal(ctx);
    Instant now = clock.instant();
    annotations.find(id)
        .compose(found -> {
          if (found == null) {
            return io.vertx.core.Future.failedFuture(notFound());
          }
          Annotation merged = AnnotationBodies.merge(found, body, false);
          Annotation changed = new Annotation(
              merged.id(), merged.service(), merged.kind(), merged.title(), merged.description(), merged.start(), merged.end(),
              merged.metrics(), merged.communicated(), merged.createdBy(), merged.createdAt(), by, now);
          return annotations.replace(changed).compose(done -> done
              ? io.vertx.core.Future.succeededFuture(changed)
              : io.vertx.core.Future.failedFuture(notFound()));
        })
        .onSuccess(a -> Json.send(ctx, 200, AnnotationBodies.json(a)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    annotations.delete(ctx.pathParam("id"))
        .onSuccess(deleted -> {
          if (deleted) {
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(notFound());
          }
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject object(RoutingContext ctx) {
    if (!(Json.body(ctx) instanceof JsonObject body)) {
      throw new BadInputException("body", "the body must be a JSON object: the annotation");
    }
    return body;
  }

  private static String principal(RoutingContext ctx) {
    return AccessHandler.principal(ctx);
  }

  static HttpException notFound() {
    return new HttpException(404, "no annotation has this id", "id");
  }
}
