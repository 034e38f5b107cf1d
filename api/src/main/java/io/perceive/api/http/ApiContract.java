package io.perceive.api.http;

import io.perceive.ingest.BadInputException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenAPI 3.1 description of every route, kept in one resource file
 * ({@code io/perceive/api/openapi.json}) beside the code, served at {@code GET /openapi.json}; a
 * test fails when the router's routes and the document's paths differ.
 *
 * <p>Query parameters of the read routes are checked against the OpenAPI document by Vert.x OpenAPI
 * (types, enums, ranges, lengths) before the route runs; a failure is a 400 naming the
 * parameter, in the problem shape of every other 400. What a schema cannot say stays with the
 * routes: times (epoch milliseconds, ISO 8601 or {@code now-30d}), "from before to", a cursor's
 * integrity, "one of email or customerId", and request bodies, whose parsers name nested fields
 * and batch items.
 *
 * <p>The request is handed to the validator value by value, as the route reads it (a blank value
 * is absent, one given twice is left to the route's "may be given once"), rather than through
 * {@code ValidatableRequest.of}: that decodes the already decoded values a second time and joins
 * repeated parameters with {@code &}, so a service named "R&D" or "100%" would be refused.
 * Repeated (array) parameters such as {@code service} are checked by the route.
 */
public final class ApiContract {

  public static final String PATH = "/openapi.json";
  static final String RESOURCE = "/io/perceive/api/openapi.json";


  private final RequestValidator validator;
  /** "GET /api/v1/trends" to its operation: the read routes, which have no path parameters. */
  private final Map<String, Operation> reads = new HashMap<>();

  private final Buffer served;

  private ApiContract(RequestValidator validator, OpenAPIContract contract, JsonObject document) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.served = Buffer.buffer(document.encode());
    for (Operation op : contract.operations()) {
      if ((op.getHttpMethod() == HttpMethod.GET || op.getHttpMethod() == HttpMethod.DELETE) && !op.getOpenAPIPath().contains("{")) {
        reads.put(op.getHttpMethod().name() + " " + op.getOpenAPIPath(), op);
      }
    }
  }

  /** The document and the validation of its query parameters, once Vert.x OpenAPI has read them. */
  public static Future<ApiContract> create(Vertx vertx) {
    JsonObject document = document();
    return OpenAPIContract.from(vertx, parametersOnly(document))
        .map(contract -> new ApiContract(RequestValidator.create(vertx, contract), contract, document));
  }

  /** The document, as the resource holds it. */
  public static JsonObject document() {
    try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the jar");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document as far as Vert.x OpenAPI 5.0 reads it: every operation with its parameters, and
   * neither bodies nor answers, whose media types (CSV, JSON Lines, forms, HTML, problem+json)
   * it does not take. Bodies are checked by their parsers.
   */
  public static JsonObject parametersOnly(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        op.remove("requestBody");
        op.put("responses", new JsonObject().put("default", new JsonObject().put("description", "see the full document")));
      }
    }
    copy.getJsonObject("components").remove("responses");
    return copy;
  }

  /** Validation before every route mounted after it, and the document itself. */
  public void mount(Router router) {
    router.route().handler(this::validate);
    router.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(served));
  }

  void validate(RoutingContext ctx) {
    Operation op = reads.get(ctx.request().method().name() + " " + ctx.normalizedPath());
    if (op == null) {
      ctx.next();
      return;
    }
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter p : op.getParameters()) {
      if (p.getIn() != Location.QUERY || p.getSchemaType() == SchemaType.ARRAY) {
        continue;
      }
      List<String> values = ctx.queryParam(p.getName());
      boolean one = values.size() == 1 && !values.get(0).isBlank();
      query.put(p.getName(), new RequestParameterImpl(one ? values.get(0).strip() : null));
    }
    Future<?> checked;
    try {
      checked = validator.validate(new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), query), op.getOperationId());
    } catch (RuntimeException e) {
      // The library's parameter decoding may throw before it returns a future: bad input all the same.
      checked = Future.failedFuture(e);
    }
    checked.onSuccess(valid -> ctx.next()).onFailure(err -> ctx.fail(badInput(op, err)));
  }

  /** The validator's failure as a 400 naming the parameter, with what the document allows. */
  static RuntimeException badInput(Operation op, Throwable err) {
    String message = String.valueOf(err.getMessage());
    for (Parameter p : op.getParameters()) {
      String name = p.getName();
      if (p.getIn() == Location.QUERY && (message.contains(" parameter " + name + " ") || message.contains(" parameter " + name + "."))) {
        return new BadInputException(name, name + " must be " + allowed(p.getSchema()));
      }
    }
    return new BadInputException("query", "the query does not match the API description");
  }

  /** What a parameter's schema allows, in words. */
  static String allowed(JsonSchema schema) {
    Object values = schema.get("enum");
    if (values instanceof JsonArray list) {
      return "one of: " + String.join(", ", list.stream().map(String::valueOf).toList());
    }
    String type = String.valueOf(schema.<Object>get("type"));
    Object min = schema.get("minimum") != null ? schema.get("minimum") : schema.get("exclusiveMinimum");
    Object max = schema.get("maximum") != null ? schema.get("maximum") : schema.get("exclusiveMaximum");
    String lower = schema.get("exclusiveMinimum") != null ? "(" : "[";
    String upper = schema.get("exclusiveMaximum") != null ? ")" : "]";
    return switch (type) {
      case "integer" -> "an integer from " + min + " to " + max;
      case "number" -> "a number in " + lower + min + ", " + max + upper;
      case "boolean" -> "true or false";
      default -> schema.get("maxLength") != null ? "at most " + schema.get("maxLength") + " characters" : "as the API description says";
    };
  }
}
