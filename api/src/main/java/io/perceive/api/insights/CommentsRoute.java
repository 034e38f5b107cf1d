package io.perceive.api.insights;

import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.TicketTypes;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.response.ResponseRepository.After;
import io.perceive.ingest.response.ResponseRepository.CommentQuery;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/comments}: the comments behind a number. The most recent scored comments of
 * a service, support group, agent, ticket type or provider that speak about a dimension (or overall sentiment) with a
 * given polarity, each with the sentences the scorer read and their scores, so a manager reads
 * why a weak area is weak. The answer is a page, {@code {"rows": [...], "next": "..."}}:
 * {@code next} (null on the last page) passed back as {@code cursor} gives the page after it,
 * however many comments there are. Comments were redacted of e-mail addresses and phone numbers
 * when they were stored.
 */
record CommentsRoute(ResponseRepository responses, Clock clock) implements Handler<RoutingContext> {

  static final int DEFAULT_LIMIT = 20;
  /** The most comments in one page; {@code next} leads to the rest. */
  static final int MAX_LIMIT = 1000;
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
    Set<String> services = QueryParams.services(ctx);
    String group = name(ctx, "group");
    String agent = name(ctx, "agent");
    String type = name(ctx, "type");
    String provider = name(ctx, "provider");
    if (type != null) {
      // The document's enum has refused anything else already; this keeps the route's own word.
      type = TicketTypes.of(type, "type");
    }
    // Not a secret: a cursor only says where to go on; this tells a cursor of other filters.
    String filters = Integer.toHexString(Objects.hash(measure, polarity, new TreeSet<>(services), group, agent, type, provider));
    String cursorText = QueryParams.single(ctx, "cursor", null);
    CommentCursor cursor;
    if (cursorText == null) {
      QueryParams.Range range = QueryParams.range(ctx, clock);
      cursor = new CommentCursor(range.from().toEpochMilli(), range.to().toEpochMilli(), null, filters);
    } else {
      cursor = CommentCursor.decode(cursorText, filters);
    }
    CommentQuery query =
        new CommentQuery(cursor.from(), cursor.to(), services, group, agent, measure, polarity, limit + 1, cursor.after(), type, provider);
    Rows.sendPage(
        ctx,
        responses
            .findComments(query)
            .map(docs -> page(docs, limit, cursor, measure)));
  }

  /** One page: its rows, and {@code next} (null on the last page) to ask for the rest. */
  private static JsonObject page(List<JsonObject> docs, int limit, CommentCursor cursor, String measure) {
    boolean more = docs.size() > limit;
    List<JsonObject> shown = more ? docs.subList(0, limit) : docs;
    String next = null;
    if (more) {
      JsonObject last = shown.get(shown.size() - 1);
      next = new CommentCursor(cursor.from(), cursor.to(), new After(last.getLong("respondedAt"), last.getString("_id")), cursor.filters()).encode();
    }
    return new JsonObject().put("rows", rows(shown, measure)).put("next", next);
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
              .put("sentences", score.getJsonArray("sentences", new JsonArray()))
              // Last, so the columns a CSV reader had before keep their places.
              .put("ticketType", d.getString("ticketType"))
              .put("provider", d.getString("provider")));
    }
    return rows;
  }
}
