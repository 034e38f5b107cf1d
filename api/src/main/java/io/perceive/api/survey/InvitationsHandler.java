package io.perceive.api.survey;

import io.perceive.api.http.HttpException;
import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.survey.Invitation;
import io.perceive.ingest.survey.InvitationRequest;
import io.perceive.ingest.survey.InvitationService;
import io.perceive.ingest.survey.InvitationService.Issued;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/invitations}: a resolved ticket in, an invitation out, with one survey URL
 * per rating and an HTML snippet for the resolution email (or the reason it was skipped).
 * {@code POST /api/v1/invitations/{id}/cancel}: a reopened ticket withdraws an unanswered one.
 */
final class InvitationsHandler {

  private static final String ID_PATTERN = "i_[0-9a-f]{32}";

  private final InvitationService invitations;
  private final Supplier<String> baseUrl;
  private final Clock clock;
  private final Optional<InvitationMailer> mailer;

  /**
   * {@code baseUrl}: the public URL of this server, without a trailing slash. With a mailer, a
   * created invitation with a customer email address is emailed by Perceive.
   */
  InvitationsHandler(InvitationService invitations, Supplier<String> baseUrl, Clock clock, Optional<InvitationMailer> mailer) {
    this.invitations = Objects.requireNonNull(invitations, "invitations");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
  }

  Optional<InvitationMailer> mailer() {
    return mailer;
  }

  /** The survey page of an invitation's token under this server's public URL. */
  static String surveyUrl(String baseUrl, String token) {
    return baseUrl + SurveyHandler.PREFIX + token;
  }

  public void mount(Router router) {
    router.post("/api/v1/invitations").handler(this::invite);
    router.post("/api/v1/invitations/cancel").handler(this::cancelTicket);
    router.post("/api/v1/invitations/:id/cancel").handler(this::cancel);
  }

  /** {@code POST /api/v1/invitations/cancel} with {@code {"source", "ticketId"}}: for an ITSM that kept no invitation id. */
  void cancelTicket(RoutingContext ctx) {
    if (!(Json.body(ctx) instanceof JsonObject json)) {
      throw new BadInputException("body", "the body must be one JSON object with ticketId (and source)");
    }
    for (String name : json.fieldNames()) {
      if (!name.equals("source") && !name.equals("ticketId")) {
        throw new BadInputException(name, "unknown field '" + name + "'; allowed: source, ticketId");
      }
    }
    Object source = json.getValue("source", "api");
    Object ticketId = json.getValue("ticketId");
    if (!(source instanceof String s) || s.isBlank()) {
      throw new BadInputException("source", "source must be a non-blank string");
    }
    if (!(ticketId instanceof String t) || t.isBlank()) {
      throw new BadInputException("ticketId", "ticketId is required");
    }
    invitations.currentId(s.strip(), t.strip()).onSuccess(id -> cancel(ctx, id)).onFailure(ctx::fail);
  }

  void invite(RoutingContext ctx) {
    if (!(Json.body(ctx) instanceof JsonObject json)) {
      throw new BadInputException("body", "the body must be one JSON object (a resolved ticket)");
    }
    InvitationRequest request = InvitationRequest.parse(json, clock.instant());
    invitations
        .invite(request)
        .onSuccess(issued -> Json.send(ctx, issued.created() ? 201 : 200, mailIfCreated(request.customerEmail(), issued, toJson(issued))))
        .onFailure(ctx::fail);
  }

  /**
   * Emails a new invitation when Perceive sends the email and the customer has an address; only
   * a new one, so a repeated request never emails the customer again. Returns {@code answer}.
   */
  JsonObject mailIfCreated(String customerEmail, Issued issued, JsonObject answer) {
    if (issued.created() && issued.token() != null && customerEmail != null && mailer.isPresent()) {
      mailer.get().send(customerEmail, issued.invitation(), issued.token());
      answer.put("email", "sending");
    }
    return answer;
  }

  void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches(ID_PATTERN)) {
      throw new HttpException(404, "no invitation has this id", "id");
    }
    cancel(ctx, id);
  }

  private void cancel(RoutingContext ctx, String id) {
    invitations
        .cancel(id)
        .onSuccess(
            outcome -> {
              switch (outcome) {
                case CANCELLED, ALREADY_CANCELLED ->
                    Json.send(ctx, 200, new JsonObject().put("id", id).put("status", Invitation.Status.CANCELLED.wire()));
                case SKIPPED ->
                    Json.send(ctx, 200, new JsonObject().put("id", id).put("status", Invitation.Status.SKIPPED.wire()));
                case ALREADY_ANSWERED ->
                    ctx.fail(new HttpException(409, "the customer has already answered; an answered invitation is kept", "id"));
                case NOT_FOUND -> ctx.fail(new HttpException(404, "no invitation has this id", "id"));
              }
            })
        .onFailure(ctx::fail);
  }

  JsonObject toJson(Issued issued) {
    Invitation i = issued.invitation();
    JsonObject json =
        new JsonObject()
            .put("id", i.id())
            .put("source", i.source())
            .put("ticketId", i.ticketId())
            .put("status", i.status().wire())
            .put("createdAt", i.createdAt().toString());
    if (i.skipReason() != null) {
      json.put("reason", i.skipReason().wire());
      json.put("detail", switch (i.skipReason()) {
        case FATIGUE -> "the customer was invited within the last " + invitations.policy().fatigue().toDays() + " days";
        case SAMPLING -> "the ticket is outside the sample (sampling rate " + invitations.policy().samplingRate() + ")";
      });
    }
    if (issued.token() == null) {
      return json;
    }
    String surveyUrl = surveyUrl(baseUrl.get(), issued.token());
    Messages m = Messages.choose(i.locale(), null);
    JsonArray links = new JsonArray();
    for (int r = 1; r <= 5; r++) {
      links.add(new JsonObject().put("rating", r).put("label", m.get("rating." + r)).put("url", surveyUrl + "?r=" + r));
    }
    return json
        .put("expiresAt", i.expiresAt().toString())
        .put("surveyUrl", surveyUrl)
        .put("links", links)
        .put("html", emailSnippet(m, i.ticketId(), surveyUrl));
  }

  /**
   * A block for an HTML email: the question and one link per rating, best first, one per row so
   * it fits a phone. Inline styles, because email clients drop style sheets.
   */
  static String emailSnippet(Messages m, String ticketId, String surveyUrl) {
    StringBuilder b = new StringBuilder(2048);
    b.append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
        .append("style=\"border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1f2328\">")
        .append("<tr><td style=\"padding:0 0 8px 0\">")
        .append(Html.escape(m.get("email.intro")).replace("{0}", "<strong>" + Html.escape(ticketId) + "</strong>"))
        .append("</td></tr>");
    for (int r = 5; r >= 1; r--) {
      b.append("<tr><td style=\"padding:3px 0\"><a href=\"").append(Html.escape(surveyUrl + "?r=" + r))
          .append("\" style=\"display:inline-block;min-width:220px;padding:9px 14px;border:1px solid #0550ae;")
          .append("border-radius:6px;color:#0550ae;text-decoration:none\"><strong>").append(r).append("</strong> &ndash; ")
          .append(Html.escape(m.get("rating." + r))).append("</a></td></tr>");
    }
    return b.append("</table>").toString();
  }
}
