package io.perceive.api.insights;

import io.perceive.analytics.stats.Estimate;
import io.perceive.api.http.Csv;
import io.perceive.api.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the rows of every query route share. */
final class Rows {

  private Rows() {}

  /**
   * Answers with the rows once they are read (JSON, or a CSV table when the client's
   * {@code Accept} prefers {@code text/csv}), or fails the request with what went wrong.
   */
  static void send(RoutingContext ctx, Future<JsonArray> rows) {
    boolean csv = Csv.preferred(ctx);
    rows.onSuccess(r -> {
      if (csv) {
        Csv.send(ctx, r);
      } else {
        Json.send(ctx, 200, r);
      }
    }).onFailure(ctx::fail);
  }

  /**
   * Answers with a page ({@code rows} and {@code next}) once it is read; as CSV, the rows, and
   * the next page's address in a {@code Link} header ({@code rel="next"}).
   */
  static void sendPage(RoutingContext ctx, Future<JsonObject> page) {
    boolean csv = Csv.preferred(ctx);
    page.onSuccess(p -> {
      if (!csv) {
        Json.send(ctx, 200, p);
        return;
      }
      String next = p.getString("next");
      if (next != null) {
        ctx.response().putHeader("Link", "<" + nextUri(ctx, next) + ">; rel=\"next\"");
      }
      Csv.send(ctx, p.getJsonArray("rows"));
    }).onFailure(ctx::fail);
  }

  /** This request's address with {@code cursor} set to {@code next}. */
  private static String nextUri(RoutingContext ctx, String next) {
    StringBuilder uri = new StringBuilder(ctx.request().path()).append('?');
    ctx.queryParams().forEach((name, value) -> {
      if (!name.equals("cursor")) {
        uri.append(encode(name)).append('=').append(encode(value)).append('&');
      }
    });
    return uri.append("cursor=").append(encode(next)).toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** An estimate's {@code value, lower, upper, n}, in that order after what the row has. */
  static JsonObject estimate(JsonObject row, Estimate e) {
    return row.put("value", e.value()).put("lower", e.lower()).put("upper", e.upper()).put("n", e.n());
  }
}
