package io.perceive.api.insights;

import io.perceive.analytics.stats.Estimate;
import io.perceive.api.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** What the rows of every query route share. */
final class Rows {

  private Rows() {}

  /** Answers with the rows once they are read, or fails the request with what went wrong. */
  static void send(RoutingContext ctx, Future<JsonArray> rows) {
    rows.onSuccess(r -> Json.send(ctx, 200, r)).onFailure(ctx::fail);
  }

  /** Answers with a page ({@code rows} and {@code next}) once it is read. */
  static void sendPage(RoutingContext ctx, Future<JsonObject> page) {
    page.onSuccess(p -> Json.send(ctx, 200, p)).onFailure(ctx::fail);
  }

  /** An estimate's {@code value, lower, upper, n}, in that order after what the row has. */
  static JsonObject estimate(JsonObject row, Estimate e) {
    return row.put("value", e.value()).put("lower", e.lower()).put("upper", e.upper()).put("n", e.n());
  }
}
