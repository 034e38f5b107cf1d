package io.perceive.api.followups;

import io.perceive.api.auth.AccessHandler;
import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The closed loop on unhappy customers: {@code GET /api/v1/follow-ups} lists them (newest answer
 * first; {@code status}, {@code service}, {@code from}, {@code to}, {@code limit}),
 * {@code PATCH /api/v1/follow-ups/{id}} moves one forward (open, contacted, closed) and sets its
 * owner and note, {@code GET /api/v1/follow-ups/dead-letters} lists those the webhook gave up on.
 * Managers only: rows name support groups and agents.
 */
public record FollowUpsHandler(MongoFollowUpRepository followUps, Clock clock) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_OWNER = 200;
  static final int MAX_NOTE = 2000;
  private static final Set<String> PATCH_FIELDS = Set.of("status", "owner", "note");


  public void mount(Router router) {
    router.get("/api/v1/follow-ups").handler(this::list);
    router.get("/api/v1/follow-ups/dead-letters").handler(this::deadLetters);
    router.patch("/api/v1/follow-ups/:id").handler(this::patch);
  }

  void list(RoutingContext ctx) {
    String status = QueryParams.single(ctx, "status", null);
    if (status != null && !MongoFollowUpRepository.STATUSES.contains(status)) {
      throw new BadInputException("status", "status must be one of: " + String.join(", ", MongoFollowUpRepository.STATUSES));
    }
    QueryParams.Range range = QueryParams.range(ctx, clock);
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    followUps
        .list(new MongoFollowUpRepository.Query(
            range.from().toEpochMilli(), range.to().toEpochMilli(), status, QueryParams.services(ctx), limit))
        .map(FollowUpsHandler::rows)
        .onSuccess(rows -> Json.send(ctx, 200, rows))
        .onFailure(ctx::fail);
  }

  void deadLetters(RoutingContext ctx) {
    followUps.deadLetters(QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT)).map(FollowUpsHandler::rows).onSuccess(rows -> Json.send(ctx, 200, rows)).onFailure(ctx::fail);
  }

  void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!(Json.body(ctx) instanceof JsonObject body)) {
      throw new BadInputException("body", "the body must be a JSON object");
    }
    for (String field : body.fieldNames()) {
      if (!PATCH_FIELDS.contains(field)) {
        throw new BadInputException(field, "unknown field '" + field + "'; a follow-up takes: status, owner, note");
      }
    }
    String status = text(body, "status", 20);
    if (status != null && !MongoFollowUpRepository.STATUSES.contains(status)) {
      throw new BadInputException("status", "status must be one of: " + String.join(", ", MongoFollowUpRepository.STATUSES));
    }
    String owner = text(body, "owner", MAX_OWNER);
    String note = text(body, "note", MAX_NOTE);
    String by = AccessHandler.principal(ctx);
    followUps
        .find(id)
        .compose(current -> {
          if (current == null) {
            return Future.failedFuture(new HttpException(404, "no follow-up has this id", "id"));
          }
          String was = current.getString("status");
          if (status != null && STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(was)) {
            return Future.failedFuture(
                new HttpException(409, "a follow-up only moves forward (open, contacted, closed); this one is " + was, "status"));
          }
          long now = clock.millis();
          JsonObject set = new JsonObject().put("updatedAt", now).put("updatedBy", by);
          if (status != null) {
            set.put("status", status);
            if (status.equals("contacted") && current.getValue("contactedAt") == null) {
              set.put("contactedAt", now);
            }
            if (status.equals("closed") && current.getValue("closedAt") == null) {
              set.put("closedAt", now);
            }
          }
          if (body.containsKey("owner")) {
            set.put("owner", owner);
          }
          if (body.containsKey("note")) {
            set.put("note", note);
          }
          return followUps.update(id, was, set);
        })
        .onSuccess(updated -> {
          if (updated == null) {
            ctx.fail(new HttpException(409, "the follow-up changed meanwhile; read it again", "status"));
          } else {
            Json.send(ctx, 200, row(updated));
          }
        })
        .onFailure(ctx::fail);
  }

  private static final List<String> STATUS_ORDER = MongoFollowUpRepository.STATUSES;

  private static String text(JsonObject body, String field, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.length() > max) {
      throw new BadInputException(field, field + " must be a string of at most " + max + " characters");
    }
    return s.strip();
  }

  public static JsonArray rows(List<JsonObject> docs) {
    JsonArray rows = new JsonArray();
    docs.forEach(d -> rows.add(row(d)));
    return rows;
  }

  /** The stored fields a follow-up shows as they are, in this order, after its id. */
  private static final List<String> SHOWN =
      List.of(
          "service", "supportGroup", "agent", "ticketId", "rating", "sentiment", "reason", "respondedAt", "status",
          "owner", "note", "contactedAt", "closedAt", "updatedAt", "updatedBy");

  /** A follow-up as the API shows it: its answer, its state, and its delivery when a webhook is configured. */
  public static JsonObject row(JsonObject d) {
    JsonObject row = new JsonObject().put("id", d.getString("_id"));
    SHOWN.forEach(field -> row.put(field, d.getValue(field)));
    if (d.getString("deliveryState") != null) {
      row.put(
          "delivery",
          new JsonObject()
              .put("state", d.getString("deliveryState"))
              .put("tries", d.getInteger("deliveryTries"))
              .put("deliveredAt", d.getLong("deliveredAt"))
              .put("deadAt", d.getLong("deliveryDeadAt"))
              .put("error", d.getString("deliveryError")));
    }
    return row;
  }
}
