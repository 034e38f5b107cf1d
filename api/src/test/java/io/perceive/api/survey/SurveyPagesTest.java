package io.perceive.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The survey pages a customer sees: ratings, comments, edits, refusals and every failure as a friendly page. */
class SurveyPagesTest extends SurveyServerFixture {

  // ---- the links -----------------------------------------------------------------------------

  @Test
  void aPlainGetOfEveryLinkShowsThePreselectedRatingAndStoresNothing() throws Exception {
    JsonObject invitation = invite(ticketJson("Scanner"));
    JsonArray links = invitation.getJsonArray("links");
    for (int r = 1; r <= 5; r++) {
      HttpResponse<Buffer> page = get(path(links.getJsonObject(r - 1).getString("url")));
      assertFriendlyPage(page, 200);
      assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
      assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
      String csp = page.getHeader("Content-Security-Policy");
      assertThat(csp).contains("form-action 'self'").contains("frame-ancestors 'none'").contains("base-uri 'none'");
      String nonce = csp.replaceAll(".*script-src 'nonce-([^']+)'.*", "$1");
      assertThat(page.bodyAsString())
          .contains("<script nonce=\"" + nonce + "\">")
          .contains("value=\"" + r + "\" checked")
          .containsOnlyOnce(" checked")
          .contains("lang=\"en\"");
      assertThat(page.body().length()).as("a small page").isLessThan(12 * 1024);
      HttpResponse<Buffer> head = await(client.head(path(links.getJsonObject(r - 1).getString("url"))).send());
      assertThat(head.statusCode()).isEqualTo(200);
    }
    assertThat(trend("Scanner")).as("nothing stored").isNull();
  }

  @Test
  void theRatingIsRecordedOnceByAPostAndChangedWithinTheEditWindowOnly() throws Exception {
    JsonObject invitation = invite(ticketJson("Edit"));
    String token = token(invitation);
    FormFields f = form(token);

    HttpResponse<Buffer> first = rate(token, f, "4");
    assertFriendlyPage(first, 200);
    assertThat(first.bodyAsString()).contains("Satisfied").contains("name=\"comment\"").contains("name=\"lost\"");
    assertThat(rate(token, f, "4").statusCode()).isEqualTo(200);
    JsonObject row = trend("Edit");
    assertThat(row.getLong("n")).isEqualTo(1);
    assertThat(row.getDouble("value")).isEqualTo(1.0);

    clock.advance(Duration.ofMinutes(20));
    HttpResponse<Buffer> json =
        await(client.post("/s/" + token).putHeader("Accept", "application/json")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("r", "2").add("nonce", f.nonce()).add("mac", f.mac())));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json.bodyAsJsonObject().getString("status")).isEqualTo("updated");
    row = trend("Edit");
    assertThat(row.getLong("n")).isEqualTo(1);
    assertThat(row.getDouble("value")).isEqualTo(0.0);

    FormFields after = fields(first.bodyAsString());
    HttpResponse<Buffer> comment =
        postForm("/s/" + token + "/comment",
            MultiMap.caseInsensitiveMultiMap().add("comment", "Fixed <quickly>").add("lost", "60").add("nonce", after.nonce()).add("mac", after.mac()));
    assertFriendlyPage(comment, 200);
    assertThat(comment.bodyAsString()).contains("Thank you!");

    clock.advance(Duration.ofMinutes(41));
    assertFriendlyPage(rate(token, f, "5"), 409);
    HttpResponse<Buffer> late = postForm("/s/" + token + "/comment",
        MultiMap.caseInsensitiveMultiMap().add("comment", "more").add("nonce", f.nonce()).add("mac", f.mac()));
    assertFriendlyPage(late, 409);
    assertThat(trend("Edit").getDouble("value")).isEqualTo(0.0);
    HttpResponse<Buffer> closed = get("/s/" + token + "?r=5");
    assertFriendlyPage(closed, 200);
    assertThat(closed.bodyAsString()).contains("can no longer be changed").doesNotContain("<form");
  }

  @Test
  void aCommentTypedOnThePageIsRedactedBeforeItIsStored() throws Exception {
    JsonObject invitation = invite(ticketJson("Redacted"));
    String token = token(invitation);
    HttpResponse<Buffer> rated = rate(token, form(token), "2");
    assertThat(rated.statusCode()).isEqualTo(200);
    FormFields after = fields(rated.bodyAsString());
    HttpResponse<Buffer> comment =
        postForm("/s/" + token + "/comment",
            MultiMap.caseInsensitiveMultiMap().add("comment", io.perceive.api.RedactionTest.TYPED)
                .add("nonce", after.nonce()).add("mac", after.mac()));
    assertFriendlyPage(comment, 200);
    io.vertx.ext.mongo.MongoClient mongo =
        io.vertx.ext.mongo.MongoClient.create(
            app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
    try {
      List<JsonObject> stored = await(mongo.find("responses", new JsonObject().put("service", "Redacted")));
      assertThat(stored).extracting(d -> d.getString("comment")).containsExactly(io.perceive.api.RedactionTest.STORED);
    } finally {
      mongo.close();
    }
  }

  @Test
  void onceAnsweredALinkShowsTheStoredAnswerAndSavesNothingByItself() throws Exception {
    String token = token(invite(ticketJson("Answered")));
    FormFields f = form(token);
    assertThat(rate(token, f, "4").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> later = get("/s/" + token + "?r=1");
    assertFriendlyPage(later, 200);
    assertThat(later.bodyAsString())
        .contains("value=\"4\" checked")
        .containsOnlyOnce(" checked")
        .doesNotContain("data-auto")
        .contains("your rating has been saved")
        .doesNotContain("<div id=\"more\" hidden>");
    HttpResponse<Buffer> fresh = get("/s/" + token(invite(ticketJson("Answered"))) + "?r=1");
    // A fresh page saves nothing by itself either: the comment form waits for the rating.
    assertThat(fresh.bodyAsString()).doesNotContain("data-auto").contains("<div id=\"more\" hidden>");
    assertThat(trend("Answered").getLong("n")).isEqualTo(1);
  }

  @Test
  void aCommentBeforeAnyRatingIsRefusedKindly() throws Exception {
    String token = token(invite(ticketJson("Early")));
    FormFields f = form(token);
    HttpResponse<Buffer> r = postForm("/s/" + token + "/comment",
        MultiMap.caseInsensitiveMultiMap().add("comment", "hello").add("nonce", f.nonce()).add("mac", f.mac()));
    assertFriendlyPage(r, 409);
    assertThat(trend("Early")).isNull();
  }

  @Test
  void postsWithoutThePagesFormCheckOrFromAnotherSiteAreRefused() throws Exception {
    String token = token(invite(ticketJson("Forgery")));
    String other = token(invite(ticketJson("Forgery")));
    FormFields mine = form(token);
    FormFields theirs = form(other);
    assertFriendlyPage(postForm("/s/" + token, MultiMap.caseInsensitiveMultiMap().add("r", "1")), 403);
    assertFriendlyPage(rate(token, theirs, "1"), 403);
    assertFriendlyPage(rate(token, new FormFields(mine.nonce(), theirs.mac()), "1"), 403);
    HttpResponse<Buffer> crossSite =
        await(client.post("/s/" + token).putHeader("Sec-Fetch-Site", "cross-site")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("r", "1").add("nonce", mine.nonce()).add("mac", mine.mac())));
    assertFriendlyPage(crossSite, 403);
    HttpResponse<Buffer> foreignOrigin =
        await(client.post("/s/" + token).putHeader("Origin", "https://evil.example")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("r", "1").add("nonce", mine.nonce()).add("mac", mine.mac())));
    assertFriendlyPage(foreignOrigin, 403);
    assertThat(trend("Forgery")).isNull();
    HttpResponse<Buffer> sameOrigin =
        await(client.post("/s/" + token).putHeader("Sec-Fetch-Site", "same-origin").putHeader("Origin", "null")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("r", "1").add("nonce", mine.nonce()).add("mac", mine.mac())));
    assertFriendlyPage(sameOrigin, 200);
    assertThat(trend("Forgery").getLong("n")).isEqualTo(1);
  }

  @Test
  void tamperedAndCrossInvitationTokensGetAFriendly404() throws Exception {
    JsonObject a = invite(ticketJson("Tamper"));
    JsonObject b = invite(ticketJson("Tamper"));
    String token = token(a);
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertFriendlyPage(get("/s/" + tampered + "?r=5"), 404);
    String crossed = b.getString("id") + token.substring(a.getString("id").length());
    assertFriendlyPage(get("/s/" + crossed + "?r=5"), 404);
    FormFields f = form(token);
    assertFriendlyPage(rate(crossed, f, "5"), 404);
    assertThat(trend("Tamper")).isNull();
  }

  @Test
  void cancelledInvitationsGetAFriendly410AndAnsweredOnesCannotBeCancelled() throws Exception {
    JsonObject open = invite(ticketJson("Cancel"));
    JsonObject answered = invite(ticketJson("Cancel"));
    FormFields f = form(token(open));
    assertThat(rate(token(answered), form(token(answered)), "5").statusCode()).isEqualTo(200);

    HttpResponse<Buffer> cancel = postJson("/api/v1/invitations/" + open.getString("id") + "/cancel", new JsonObject());
    assertThat(cancel.statusCode()).isEqualTo(200);
    assertThat(cancel.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    assertThat(postJson("/api/v1/invitations/" + open.getString("id") + "/cancel", new JsonObject()).statusCode()).isEqualTo(200);
    assertFriendlyPage(get("/s/" + token(open) + "?r=3"), 410);
    assertFriendlyPage(rate(token(open), f, "3"), 410);

    HttpResponse<Buffer> refused = postJson("/api/v1/invitations/" + answered.getString("id") + "/cancel", new JsonObject());
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> missing = postJson("/api/v1/invitations/i_00000000000000000000000000000000/cancel", new JsonObject());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(postJson("/api/v1/invitations/nonsense/cancel", new JsonObject()).statusCode()).isEqualTo(404);
    assertThat(trend("Cancel").getLong("n")).isEqualTo(1);
  }

  @Test
  void theResponseRateCountsAnsweredInvitationsOfTheirSendingDayAndLeavesCancelledOnesOut() throws Exception {
    List<JsonObject> sent = new ArrayList<>();
    String firstCustomer = null;
    for (int i = 0; i < 6; i++) {
      JsonObject ticketOf = ticketJson("Rate Desk");
      firstCustomer = firstCustomer == null ? ticketOf.getString("customerEmail") : firstCustomer;
      sent.add(invite(ticketOf));
    }
    // The first customer again within the fatigue period: skipped, not sent.
    assertThat(invite(ticketJson("Rate Desk").put("customerEmail", firstCustomer)).getString("status")).isEqualTo("skipped");
    for (int i = 0; i < 3; i++) {
      String token = token(sent.get(i));
      FormFields f = form(token);
      assertThat(rate(token, f, "4").statusCode()).isEqualTo(200);
      // A retried answer and an edit are still one answered invitation.
      assertThat(rate(token, f, "5").statusCode()).isEqualTo(200);
    }
    assertThat(postJson("/api/v1/invitations/" + sent.get(5).getString("id") + "/cancel", new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(postJson("/api/v1/invitations/" + sent.get(5).getString("id") + "/cancel", new JsonObject()).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> r = get("/api/v1/response-rates?interval=month&service=Rate%20Desk");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    assertThat(rows).hasSize(1);
    JsonObject row = rows.getJsonObject(0);
    assertThat(row.getLong("sent")).isEqualTo(6);
    assertThat(row.getLong("skipped")).isEqualTo(1);
    assertThat(row.getLong("answered")).isEqualTo(3);
    assertThat(row.getLong("cancelled")).isEqualTo(1);
    assertThat(row.getLong("n")).as("sent and not cancelled").isEqualTo(5);
    assertThat(row.getDouble("value")).isEqualTo(0.6);
    assertThat(row.getDouble("lower")).isLessThan(0.6);
    assertThat(row.getDouble("upper")).isGreaterThan(0.6);
    assertThat(get("/api/v1/response-rates?interval=fortnight").statusCode()).isEqualTo(400);
  }

  @Test
  void aReopenedTicketCanBeCancelledBySourceAndTicketId() throws Exception {
    JsonObject ticket = ticketJson("CancelByTicket").put("source", "jira");
    JsonObject invitation = invite(ticket);
    HttpResponse<Buffer> byTicket =
        postJson("/api/v1/invitations/cancel", new JsonObject().put("source", "jira").put("ticketId", ticket.getString("ticketId")));
    assertThat(byTicket.statusCode()).isEqualTo(200);
    assertThat(byTicket.bodyAsJsonObject().getString("id")).isEqualTo(invitation.getString("id"));
    assertFriendlyPage(get("/s/" + token(invitation) + "?r=5"), 410);
    HttpResponse<Buffer> otherSource =
        postJson("/api/v1/invitations/cancel", new JsonObject().put("ticketId", ticket.getString("ticketId")));
    assertThat(otherSource.statusCode()).as("source defaults to api").isEqualTo(404);
    HttpResponse<Buffer> bad = postJson("/api/v1/invitations/cancel", new JsonObject().put("ticket", "x"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("ticket");
  }

  @Test
  void anExpiredLinkGetsAFriendly410() throws Exception {
    // Its own app-wide clock jump comes last in effect: nothing else here depends on absolute time.
    JsonObject invitation = invite(ticketJson("Expiry"));
    String token = token(invitation);
    FormFields f = form(token);
    clock.advance(Duration.ofDays(15));
    try {
      assertFriendlyPage(get("/s/" + token + "?r=4"), 410);
      assertFriendlyPage(rate(token, f, "4"), 410);
      assertThat(trend("Expiry")).isNull();
    } finally {
      clock.advance(Duration.ofDays(-15));
    }
  }

  @Test
  void thePageSpeaksTheInvitationsLanguageElseTheBrowsersElseEnglish() throws Exception {
    String fr = token(invite(ticketJson("Locale").put("locale", "fr-CA")));
    HttpResponse<Buffer> french = await(client.get("/s/" + fr + "?r=5").putHeader("Accept-Language", "de").send());
    assertThat(french.bodyAsString()).contains("lang=\"fr\"").contains("Très satisfait");
    String none = token(invite(ticketJson("Locale")));
    HttpResponse<Buffer> german = await(client.get("/s/" + none + "?r=5").putHeader("Accept-Language", "it;q=0.9, de-AT;q=0.8").send());
    assertThat(german.bodyAsString()).contains("lang=\"de\"").contains("Sehr zufrieden");
    HttpResponse<Buffer> fallback = await(client.get("/s/" + none + "?r=5").putHeader("Accept-Language", "ja,;;=garbage").send());
    assertThat(fallback.bodyAsString()).contains("lang=\"en\"").contains("Very satisfied");
    HttpResponse<Buffer> spanishError = await(client.get("/s/nonsense").putHeader("Accept-Language", "es").send());
    assertFriendlyPage(spanishError, 404);
    assertThat(spanishError.bodyAsString()).contains("lang=\"es\"");
  }

  @Test
  void anOutOfRangeRatingShowsTheFormWithoutChoiceAndA400() throws Exception {
    String token = token(invite(ticketJson("Range")));
    for (String r : new String[] {"9", "0", "-1", "4.0", "four", "44", "%ZZ", "4&r=5"}) {
      HttpResponse<Buffer> page = get("/s/" + token + "?r=" + r);
      assertFriendlyPage(page, 400);
      assertThat(page.bodyAsString()).as(r).doesNotContain(" checked");
    }
    FormFields f = form(token);
    assertFriendlyPage(rate(token, f, "6"), 400);
    assertThat(trend("Range")).isNull();
  }

  @Test
  void aLinkOpenedTooOftenGetsAFriendly429() throws Exception {
    String link = "/s/hammered-link";
    for (int i = 0; i < 30; i++) {
      assertThat(get(link).statusCode()).isEqualTo(404);
    }
    HttpResponse<Buffer> busy = get(link);
    assertFriendlyPage(busy, 429);
    assertThat(busy.getHeader("Retry-After")).isEqualTo("60");
    assertThat(busy.bodyAsString()).contains("try again in a minute");
  }

  @Test
  void openingSeveralRatingLinksOfOneInvitationCountsAsAScannerAndRecordsNothing() throws Exception {
    JsonObject invitation = invite(ticketJson("Scanned"));
    JsonArray links = invitation.getJsonArray("links");
    for (int r = 1; r <= 5; r++) {
      assertThat(get(path(links.getJsonObject(r - 1).getString("url"))).statusCode()).isEqualTo(200);
    }
    String metrics = get("/metrics").bodyAsString();
    Matcher visits = Pattern.compile("(?m)^perceive_survey_scanner_visits_total(?:\\{[^}]*\\})? ([0-9.E]+)$").matcher(metrics);
    assertThat(visits.find()).as(metrics).isTrue();
    assertThat(Double.parseDouble(visits.group(1))).isGreaterThanOrEqualTo(5);
    assertThat(trend("Scanned")).as("nothing recorded").isNull();
  }

  @Test
  void anUndecodablePathIsRefusedByTheRouterWithA400() throws Exception {
    // Vert.x refuses it while matching routes, before any survey handler runs.
    HttpResponse<Buffer> r = get("/s/%zz");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsString()).doesNotContain("Exception");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/s/", "/s", "/s/x", "/s/%41%42", "/s/a/b/c", "/s/a%00b", "/s/..%2F..%2Fetc", "/s/i_00000000000000000000000000000000.1.00000000.AAAAAAAAAAAAAAAAAAAAAA"})
  void garbageLinksGetAFriendly4xx(String path) throws Exception {
    HttpResponse<Buffer> r = get(path);
    assertThat(r.statusCode()).as(path).isBetween(400, 499);
    assertThat(r.getHeader("Content-Type")).as(path).isEqualTo("text/html; charset=utf-8");
    assertThat(r.bodyAsString()).doesNotContain("Exception");
  }

  @Test
  void hugeInputsAndWrongMethodsGetAFriendly4xx() throws Exception {
    String token = token(invite(ticketJson("Huge")));
    assertThat(get("/s/" + "a".repeat(3000)).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> longQuery = get("/s/" + token + "?r=4&x=" + "y".repeat(3500));
    assertThat(longQuery.statusCode()).isBetween(200, 499);
    HttpResponse<Buffer> tooLong = get("/s/" + token + "?r=4&x=" + "y".repeat(20_000));
    assertThat(tooLong.statusCode()).isBetween(400, 499);
    for (HttpMethod method : new HttpMethod[] {HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH}) {
      HttpRequest<Buffer> request = client.request(method, "/s/" + token);
      HttpResponse<Buffer> r = await(request.send());
      assertFriendlyPage(r, 405);
    }
    FormFields f = form(token);
    HttpResponse<Buffer> bigComment = postForm("/s/" + token + "/comment",
        MultiMap.caseInsensitiveMultiMap().add("comment", "x".repeat(5000)).add("nonce", f.nonce()).add("mac", f.mac()));
    assertFriendlyPage(bigComment, 400);
    HttpResponse<Buffer> badLost = postForm("/s/" + token + "/comment",
        MultiMap.caseInsensitiveMultiMap().add("comment", "x").add("lost", "7").add("nonce", f.nonce()).add("mac", f.mac()));
    assertFriendlyPage(badLost, 400);
    assertThat(trend("Huge")).isNull();
  }
}
