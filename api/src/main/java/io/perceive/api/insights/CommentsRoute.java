package io.perceive.api.insights;

import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.response.ResponseRepository.CommentQuery;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/v1/comments}: the comments behind a number. The most recent scored comments of
 * a service, support group or agent that speak about a dimension (or overall sentiment) with a
 * given polarity, each with the sentences the scorer read and their scores, so a manager reads
 * why a weak area is weak.
 * Comments were redacted of e-mail addresses and phone numbers when they were stored.
 */
record CommentsRoute(ResponseRepository responses, Clock clock) implements Handler<RoutingContext> {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  static final List<String> POLARITIES = List.of("negative", "positive", "any");

  @Override
  public void handle(RoutingContext ctx) {
    String measure = QueryParams.single(ctx, "dimension", "sentiment");
    if (!Measure.COMMENTS.contains(measure)) {
      throw new BadInputException("dimension", "dimension must be one of: " + String.join(", ", Measure.COMMENTS));
    }
    String polarity = QueryParams.single(ctx, "polarity", "negative");
    if (!POLARITIES.contains(polarity)) {
      throw new BadInputException("polarity", "polarity must be one of: " + String.join(", ", POLARITIES));
    }
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    QueryParams.Range range = QueryParams.range(ctx, clock);
    CommentQuery query =
        new CommentQuery(
            range.from().toEpochMilli(),
            range.to().toEpochMilli(),
            QueryParams.services(ctx),
            name(ctx, "group"),
            name(ctx, "agent"),
            measure,
            polarity,
            limit);
    Rows.send(
        ctx,
        responses
            .findComments(query)
            .map(docs -> rows(docs, measure)));
  }

  private static String name(RoutingContext ctx, String param) {
    String value = QueryParams.single(ctx, param, null);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 200) {
      throw new BadInputException(param, param + " must be at most 200 characters");
    }
    return value.strip();
  }

  private static JsonArray rows(List<JsonObject> docs, String measure) {
    JsonArray rows = new JsonArray();
    for (JsonObject d : docs) {
      JsonObject score = d.getJsonObject("score", new JsonObject());
      JsonObject sentiment = score.getJsonObject("sentiment", new JsonObject());
      JsonObject competency = score.getJsonObject("competency", new JsonObject());
      Object value = measure.equals("sentiment") ? sentiment.getValue("score") : competency.getValue(measure);
      rows.add(
          new JsonObject()
              .put("time", d.getLong("respondedAt"))
              .put("service", d.getString("service"))
              .put("supportGroup", d.getString("supportGroup"))
              .put("agent", d.getString("agent"))
              .put("rating", d.getInteger("rating"))
              .put("comment", d.getString("comment"))
              .put("dimension", measure)
              .put("score", value)
              .put("sentiment", sentiment.getValue("score"))
              .put("competency", competency)
              .put("sentences", score.getJsonArray("sentences", new JsonArray())));
    }
    return rows;
  }
}
