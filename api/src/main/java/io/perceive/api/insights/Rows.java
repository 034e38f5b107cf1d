package io.perceive.api.insights;

import io.perceive.analytics.stats.Estimate;
import io.perceive.api.http.Csv;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** What the rows of every query route share. */
final class Rows {

  private Rows() {}

  /**
   * Answers with the rows once they are read (JSON, or a CSV table when the client's
   * {@code Accept} prefers {@code text/csv}), or fails the request with what went wrong.
   */
  static void send(RoutingContext ctx, Future<JsonArray> rows) {
    boolean csv = Csv.preferred(ctx);
    rows.onSuccess(r -> answer(ctx, csv ? Csv.table(r) : r.encode(), csv)).onFailure(ctx::fail);
  }

  /**
   * Answers with a page ({@code rows} and {@code next}) once it is read; as CSV, the rows, and
   * the next page's address in a {@code Link} header ({@code rel="next"}).
   */
  static void sendPage(RoutingContext ctx, Future<JsonObject> page) {
    boolean csv = Csv.preferred(ctx);
    page.onSuccess(p -> {
      String next = p.getString("next");
      if (csv && next != null) {
        ctx.response().putHeader("Link", "<" + nextUri(ctx, next) + ">; rel=\"next\"");
      }
      answer(ctx, csv ? Csv.table(p.getJsonArray("rows")) : p.encode(), csv);
    }).onFailure(ctx::fail);
  }

  /**
   * 200 with the body and its {@code ETag} (a digest of the body), or 304 without a body when
   * the client's {@code If-None-Match} names that tag: Grafana and browsers revalidate
   * ({@code Cache-Control: private, no-cache}) and skip the transfer of an answer that did not
   * change. The answer is computed all the same; what is saved is the bytes.
   */
  private static void answer(RoutingContext ctx, String body, boolean csv) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      return;
    }
    String tag = "W/\"" + digest(body) + "\"";
    ctx.response().putHeader("ETag", tag).putHeader("Cache-Control", "private, no-cache").putHeader("Vary", "Accept");
    String match = ctx.request().getHeader("If-None-Match");
    if (match != null && Arrays.stream(match.split(",")).map(t -> t.strip().replaceFirst("^W/", ""))
        .anyMatch(t -> t.equals("*") || t.equals(tag.substring(2)))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", csv ? Csv.CONTENT_TYPE : "application/json").end(body);
  }

  private static String digest(String body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
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
