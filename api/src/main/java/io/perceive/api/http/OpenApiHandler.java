package io.perceive.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every route, kept in one resource
 * file ({@code io/perceive/api/openapi.json}) beside the code; a test fails when the router's
 * routes and the document's paths differ.
 */
public final class OpenApiHandler {

  public static final String PATH = "/openapi.json";
  static final String RESOURCE = "/io/perceive/api/openapi.json";

  private final Buffer document;

  public OpenApiHandler() {
    this.document = Buffer.buffer(load().encode());
  }

  /** The document, as the resource holds it. */
  public static JsonObject load() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the jar");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::document);
  }

  void document(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(document);
  }
}
