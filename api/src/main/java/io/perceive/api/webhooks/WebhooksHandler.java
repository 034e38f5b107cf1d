package io.perceive.api.webhooks;

import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.InFlightLimit;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.Outcome;
import io.perceive.ingest.response.ResponseParser;
import io.perceive.ingest.survey.InvitationService;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.webhook.WebhookMapping;
import io.perceive.ingest.webhook.WebhookMappings;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/v1/webhooks/{tool}}: a payload as an ITSM tool sends it ({@code servicenow},
 * {@code jsm}, or a mapping from configuration such as {@code generic}), mapped field by field
 * into a response and stored like {@code POST /api/v1/responses}. The mapping's source and the
 * payload's record id make retries idempotent; a bad payload is a 400 naming the payload path.
 */
public final class WebhooksHandler {

  private final WebhookMappings mappings;
  private final ResponseParser parser;
  private final IngestService ingest;
  private final InFlightLimit limit;
  private final InvitationService invitations;

  public WebhooksHandler(
      WebhookMappings mappings, ResponseParser parser, IngestService ingest, InFlightLimit limit, InvitationService invitations) {
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.invitations = Objects.requireNonNull(invitations, "invitations");
  }

  public void mount(Router router) {
    router.post("/api/v1/webhooks/:tool").handler(this::post);
    router.post("/api/v1/webhooks/:tool/reopened").handler(this::reopened);
  }

  /**
   * A reopened ticket, as the tool sends it: the same mapping finds its ticket id, and the
   * ticket's unanswered invitation is withdrawn. Always 200 for a known outcome, since an ITSM
   * fires this for every reopen (most tickets have no open invitation) and would retry a 4xx.
   */
  void reopened(RoutingContext ctx) {
    WebhookMapping mapping = mapping(ctx.pathParam("tool"));
    Object body = Json.body(ctx);
    if (!(body instanceof JsonObject payload)) {
      throw new BadInputException("body", "a webhook payload is one JSON object");
    }
    WebhookMapping.Mapped mapped = mapping.map(payload);
    String ticketId = mapped.response().getString("ticketId");
    if (ticketId == null || ticketId.isBlank()) {
      List<String> candidates = mapping.fields().getOrDefault("ticketId", List.of("ticketId"));
      throw new BadInputException(
          candidates.get(0), "ticketId is required: none of " + String.join(", ", candidates) + " is in the payload");
    }
    String source = mapped.response().getString("source");
    invitations
        .currentId(source, ticketId.strip())
        .compose(
            id ->
                invitations
                    .cancel(id)
                    .map(
                        outcome ->
                            new JsonObject()
                                .put("invitation", id)
                                .put("ticketId", ticketId.strip())
                                .put(
                                    "status",
                                    switch (outcome) {
                                      case CANCELLED, ALREADY_CANCELLED -> "cancelled";
                                      case ALREADY_ANSWERED -> "answered";
                                      case SKIPPED -> "skipped";
                                      case NOT_FOUND -> "no-invitation";
                                    })))
        .onSuccess(reply -> Json.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private WebhookMapping mapping(String tool) {
    return mappings
        .get(tool)
        .orElseThrow(
            () ->
                new HttpException(
                    404,
                    "no webhook mapping named '" + (tool.length() > 40 ? tool.substring(0, 40) + "..." : tool)
                        + "'; configured: " + String.join(", ", mappings.names())
                        + (tool.equals("generic") ? " (a generic mapping is configured with ingest.webhook-mappings)" : "")));
  }

  void post(RoutingContext ctx) {
    WebhookMapping mapping = mapping(ctx.pathParam("tool"));
    Object body = Json.body(ctx);
    if (!(body instanceof JsonObject payload)) {
      throw new BadInputException("body", "a webhook payload is one JSON object");
    }
    SurveyResponse response = toResponse(mapping, payload);
    limit
        .admit(1, () -> ingest.accept(response))
        .onSuccess(
            outcome ->
                Json.send(
                    ctx,
                    outcome == Outcome.STORED ? 201 : 200,
                    new JsonObject().put("id", response.id()).put("status", outcome == Outcome.STORED ? "stored" : "already-stored")))
        .onFailure(ctx::fail);
  }

  private SurveyResponse toResponse(WebhookMapping mapping, JsonObject payload) {
    WebhookMapping.Mapped mapped = mapping.map(payload);
    try {
      return parser.parse(mapped.response());
    } catch (BadInputException e) {
      String field = e.field();
      List<String> candidates = mapping.fields().get(field);
      if (!mapped.paths().containsKey(field) && candidates != null) {
        throw new BadInputException(
            candidates.get(0), field + " is required: none of " + String.join(", ", candidates) + " is in the payload");
      }
      String path = mapped.pathOf(field);
      throw new BadInputException(path, path + ": " + e.getMessage());
    }
  }
}
