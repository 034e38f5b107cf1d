package io.perceive.api.responses;

import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.Outcome;
import io.perceive.ingest.response.ResponseParser;
import io.perceive.ingest.response.SurveyResponse;
import io.vertx.core.Future;
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
 * The answer comes only after the responses are durably stored.
 */
public final class ResponsesHandler {

  static final int MAX_BATCH = 1_000;

  private final ResponseParser parser;
  private final IngestService ingest;

  public ResponsesHandler(ResponseParser parser, IngestService ingest) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
  }

  public void mount(Router router) {
    router.post("/api/v1/responses").handler(this::post);
  }

  void post(RoutingContext ctx) {
    Object body = Json.body(ctx);
    if (body instanceof JsonObject single) {
      SurveyResponse response = parser.parse(single);
      ingest
          .accept(response)
          .onSuccess(outcome -> Json.send(ctx, outcome == Outcome.STORED ? 201 : 200, result(response, outcome)))
          .onFailure(ctx::fail);
      return;
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
    storeInOrder(responses, 0, new JsonArray())
        .onSuccess(results -> Json.send(ctx, 200, results))
        .onFailure(ctx::fail);
  }

  /** One at a time: bounded load on the store, and results in the order of the batch. */
  private Future<JsonArray> storeInOrder(List<SurveyResponse> responses, int index, JsonArray results) {
    if (index == responses.size()) {
      return Future.succeededFuture(results);
    }
    SurveyResponse response = responses.get(index);
    return ingest
        .accept(response)
        .compose(outcome -> storeInOrder(responses, index + 1, results.add(result(response, outcome))));
  }

  private static JsonObject result(SurveyResponse response, Outcome outcome) {
    return new JsonObject()
        .put("id", response.id())
        .put("status", outcome == Outcome.STORED ? "stored" : "already-stored");
  }
}
