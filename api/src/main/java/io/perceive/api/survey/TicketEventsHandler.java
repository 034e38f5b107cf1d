package io.perceive.api.survey;

import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.webhook.TicketEventMapping;
import io.perceive.ingest.webhook.TicketEvents;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/v1/webhooks/{tool}/events}: an ITSM's ticket event as the tool sends it
 * ({@code servicenow}, {@code jsm}, {@code zendesk}, {@code freshservice}, {@code generic}). A
 * resolved ticket is invited (and emailed, when Perceive sends the email), a reopened one has its
 * open invitation cancelled, anything else is ignored; each event id is acted on once. Always 200
 * for a readable event, since an ITSM retries anything else; 400 names the payload path that is
 * missing or wrong.
 */
final class TicketEventsHandler {

  private final Map<String, TicketEventMapping> mappings;
  private final TicketEvents events;
  private final InvitationsHandler invitations;

  TicketEventsHandler(Map<String, TicketEventMapping> mappings, TicketEvents events, InvitationsHandler invitations) {
    this.mappings = Map.copyOf(mappings);
    this.events = Objects.requireNonNull(events, "events");
    this.invitations = Objects.requireNonNull(invitations, "invitations");
  }

  public void mount(Router router) {
    router.post("/api/v1/webhooks/:tool/events").handler(this::event);
  }

  void event(RoutingContext ctx) {
    String tool = ctx.pathParam("tool");
    TicketEventMapping mapping = mappings.get(tool);
    if (mapping == null) {
      throw new HttpException(404, "no ticket event mapping named '" + (tool.length() > 40 ? tool.substring(0, 40) + "..." : tool)
          + "'; built in: " + String.join(", ", TicketEventMapping.BUILT_IN), "tool");
    }
    if (!(Json.body(ctx) instanceof JsonObject payload)) {
      throw new BadInputException("body", "a ticket event is one JSON object");
    }
    TicketEventMapping.Event event = mapping.classify(payload);
    events
        .handle(mapping, event)
        .onSuccess(outcome -> {
          JsonObject answer =
              new JsonObject()
                  .put("ticketId", event.ticketId())
                  .put("eventId", event.eventId())
                  .put("event", event.kind().name().toLowerCase(java.util.Locale.ROOT))
                  .put("status", outcome.status())
                  .put("invitation", outcome.invitationId())
                  .put("duplicate", outcome.duplicate());
          if (outcome.issued() != null && outcome.issued().token() != null) {
            JsonObject invitation = invitations.toJson(outcome.issued());
            answer.put("survey", invitations.mailIfCreated(event.ticket().getString("customerEmail"), outcome.issued(), invitation));
          }
          Json.send(ctx, 200, answer);
        })
        .onFailure(ctx::fail);
  }
}
