package io.perceive.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers for JSON in and out. */
public final class Json {

  private Json() {}

  public static void send(RoutingContext ctx, int status, Object body) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      // Answered already (the request deadline passed) or the client left.
      return;
    }
    String encoded =
        body instanceof JsonObject o ? o.encode()
            : body instanceof JsonArray a ? a.encode()
            : io.vertx.core.json.Json.encode(body);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(encoded);
  }

  /** The request body as parsed JSON (object or array); 415 unless the client sent JSON. */
  public static Object body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new HttpException(415, "the body must be application/json", "Content-Type");
    }
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new io.perceive.ingest.BadInputException("body", "the body is empty; send a JSON object");
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw new io.perceive.ingest.BadInputException("body", "the body is not valid JSON");
    }
    if (!(value instanceof JsonObject) && !(value instanceof JsonArray)) {
      throw new io.perceive.ingest.BadInputException("body", "the body must be a JSON object");
    }
    return value;
  }
}
