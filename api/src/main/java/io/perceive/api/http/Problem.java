package io.perceive.api.http;

import io.vertx.core.json.JsonObject;

/**
 * An error as the client sees it (RFC 9457 problem details). {@code field} names the input that
 * was wrong, when there is one.
 */
public record Problem(int status, String title, String detail, String field) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public JsonObject toJson(String instance) {
    JsonObject json =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    if (field != null) {
      json.put("field", field);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    return json;
  }
}
