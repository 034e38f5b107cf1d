package io.perceive.api.responses;

import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.InFlightLimit;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.Outcome;
import io.perceive.ingest.response.ResponseParser;
import io.perceive.ingest.response.SurveyResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/v1/responses}: one response (a JSON object) or a batch (an array of up to
 * 1,000). A batch is validated whole before anything is stored, so a bad item stores nothing.
 * The answer comes only after the responses are durably stored. A single response may carry its
 * idempotency key in an {@code Idempotency-Key} header instead of a {@code sourceId}.
 */
public final class ResponsesHandler {

  static final int MAX_BATCH = 1_000;
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final ResponseParser parser;
  private final IngestService ingest;
  private final InFlightLimit limit;

  public ResponsesHandler(ResponseParser parser, IngestService ingest) {
    this(parser, ingest, new InFlightLimit(Integer.MAX_VALUE));
  }

  public ResponsesHandler(ResponseParser parser, IngestService ingest, InFlightLimit limit) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  public void mount(Router router) {
    router.post("/api/v1/responses").handler(this::post);
  }

  void post(RoutingContext ctx) {
    Object body = Json.body(ctx);
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    if (body instanceof JsonObject single) {
      SurveyResponse response = parser.parse(withIdempotencyKey(single, key));
      limit.admit(1, () -> ingest.accept(response))
          .onSuccess(outcome -> Json.send(ctx, outcome == Outcome.STORED ? 201 : 200, result(response, outcome)))
          .onFailure(ctx::fail);
      return;
    }
    if (key != null) {
      throw new BadInputException(IDEMPOTENCY_KEY, "Idempotency-Key applies to a single response; give each batch item a sourceId");
    }
    JsonArray batch = (JsonArray) body;
    if (batch.isEmpty()) {
      throw new BadInputException("body", "the batch is empty");
    }
    if (batch.size() > MAX_BATCH) {
      throw new BadInputException("body", "a batch holds at most " + MAX_BATCH + " responses, got " + batch.size());
    }
    List<SurveyResponse> responses = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Object item = batch.getValue(i);
      if (!(item instanceof JsonObject json)) {
        throw new BadInputException("/" + i, "item " + i + " must be a JSON object");
      }
      try {
        responses.add(parser.parse(json));
      } catch (BadInputException e) {
        throw new BadInputException("/" + i + "/" + e.field(), "item " + i + ": " + e.getMessage());
      }
    }
    limit.admit(responses.size(), () -> ingest.acceptBatch(responses))
        .onSuccess(
            outcomes -> {
              JsonArray results = new JsonArray();
              for (int i = 0; i < responses.size(); i++) {
                results.add(result(responses.get(i), outcomes.get(i)));
              }
              Json.send(ctx, 200, results);
            })
        .onFailure(ctx::fail);
  }

  /** The header is the sourceId of a body that has none; a body with a different one is refused. */
  static JsonObject withIdempotencyKey(JsonObject body, String key) {
    if (key == null) {
      return body;
    }
    String trimmed = key.strip();
    if (trimmed.isEmpty() || trimmed.length() > 200 || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException(IDEMPOTENCY_KEY, "Idempotency-Key must be 1 to 200 printable characters");
    }
    Object sourceId = body.getValue("sourceId");
    if (sourceId != null) {
      if (!trimmed.equals(sourceId)) {
        throw new BadInputException(IDEMPOTENCY_KEY, "Idempotency-Key differs from the body's sourceId");
      }
      return body;
    }
    JsonObject copy = body.copy().put("sourceId", trimmed);
    if (copy.getValue("source") == null) {
      copy.put("source", "api");
    }
    return copy;
  }

  private static JsonObject result(SurveyResponse response, Outcome outcome) {
    return new JsonObject()
        .put("id", response.id())
        .put("status", outcome == Outcome.STORED ? "stored" : "already-stored");
  }
}
