package io.perceive.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invitations through the API: links, resent and reopened tickets, fatigue, erasure, bad bodies. */
class InvitationsApiTest extends SurveyServerFixture {

  // ---- invitations ---------------------------------------------------------------------------

  @Test
  void anInvitationHasFiveLinksAndAnEmailSnippetAndAResentTicketGetsTheSameOne() throws Exception {
    JsonObject ticket = ticketJson("Links").put("ticketId", "INC-<b>&\"1\"");
    JsonObject invitation = invite(ticket);
    assertThat(invitation.getString("status")).isEqualTo("open");
    assertThat(invitation.getString("id")).matches("i_[0-9a-f]{32}");
    JsonArray links = invitation.getJsonArray("links");
    assertThat(links).hasSize(5);
    for (int r = 1; r <= 5; r++) {
      JsonObject link = links.getJsonObject(r - 1);
      assertThat(link.getInteger("rating")).isEqualTo(r);
      assertThat(link.getString("url")).isEqualTo("http://localhost:" + app.port() + "/s/" + token(invitation) + "?r=" + r);
    }
    String html = invitation.getString("html");
    assertThat(html).contains("INC-&lt;b&gt;&amp;&quot;1&quot;").doesNotContain("<b>");
    assertThat(Pattern.compile("href=\"").matcher(html).results().count()).isEqualTo(5);
    assertThat(html).doesNotContain("customer");

    HttpResponse<Buffer> again = postJson("/api/v1/invitations", ticket);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(invitation.getString("id"));
    assertThat(again.bodyAsJsonObject()).isEqualTo(invitation);
  }

  @Test
  void aTicketReopenedAndResolvedAgainGetsASecondInvitationWithFiveWorkingLinks() throws Exception {
    JsonObject ticket = ticketJson("Resurvey");
    JsonObject first = invite(ticket);
    // Reopened: the ITSM cancels by ticket.
    JsonObject byTicket = new JsonObject().put("ticketId", ticket.getString("ticketId"));
    assertThat(postJson("/api/v1/invitations/cancel", byTicket).bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    // A late resend of the first resolution changes nothing.
    HttpResponse<Buffer> late = postJson("/api/v1/invitations", ticket);
    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    assertThat(late.bodyAsJsonObject().containsKey("links")).isFalse();

    // Resolved again, later: a new invitation, although the customer was invited minutes ago.
    JsonObject resolvedAgain = ticket.copy().put("resolvedAt", clock.instant().minus(Duration.ofMinutes(1)).toString());
    JsonObject second = invite(resolvedAgain);
    assertThat(second.getString("status")).isEqualTo("open");
    assertThat(second.getString("id")).matches("i_[0-9a-f]{32}").isNotEqualTo(first.getString("id"));
    JsonArray links = second.getJsonArray("links");
    assertThat(links).hasSize(5);
    String token = token(second);
    List<FormFields> forms = new ArrayList<>();
    for (int r = 1; r <= 5; r++) {
      HttpResponse<Buffer> page = get(path(links.getJsonObject(r - 1).getString("url")));
      assertFriendlyPage(page, 200);
      assertThat(page.bodyAsString()).contains("value=\"" + r + "\" checked");
      forms.add(fields(page.bodyAsString()));
    }
    for (int r = 1; r <= 5; r++) {
      assertThat(rate(token, forms.get(r - 1), String.valueOf(r)).statusCode()).as("rating " + r).isEqualTo(200);
    }
    JsonObject row = trend("Resurvey");
    assertThat(row.getLong("n")).as("one answer, changed within the edit window").isEqualTo(1);
    assertThat(row.getDouble("value")).isEqualTo(1.0);
    // The first invitation's links still say it was withdrawn; a resend is the second invitation.
    assertFriendlyPage(get("/s/" + token(first)), 410);
    assertThat(postJson("/api/v1/invitations", resolvedAgain).bodyAsJsonObject().getString("id")).isEqualTo(second.getString("id"));
    // Answered: a second reopen keeps the answer.
    assertThat(postJson("/api/v1/invitations/cancel", byTicket).statusCode()).isEqualTo(409);
    // The fatigue policy still applies to the customer's other tickets.
    JsonObject other = ticketJson("Resurvey").put("customerEmail", ticket.getString("customerEmail"));
    assertThat(invite(other).getString("status")).isEqualTo("skipped");
  }

  @Test
  void erasingACustomerLeavesNoDocumentWithTheirEmailOrCommentAndRollupsEqualARecount() throws Exception {
    JsonObject ticket = ticketJson("Erase");
    String email = ticket.getString("customerEmail");
    JsonObject invitation = invite(ticket);
    String token = token(invitation);
    HttpResponse<Buffer> rated = rate(token, form(token), "2");
    FormFields after = fields(rated.bodyAsString());
    String text = "Erase me please, the agent was rude twice";
    assertThat(postForm("/s/" + token + "/comment",
        MultiMap.caseInsensitiveMultiMap().add("comment", text).add("nonce", after.nonce()).add("mac", after.mac())).statusCode())
        .isEqualTo(200);
    invite(ticketJson("Erase")); // another customer's, kept
    io.vertx.ext.mongo.MongoClient mongo =
        io.vertx.ext.mongo.MongoClient.create(
            app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
    try {
      String hash = await(mongo.findOne("invitations", new JsonObject().put("_id", invitation.getString("id")), null)).getString("customerHash");

      HttpResponse<Buffer> erased = await(client.delete("/api/v1/customers").addQueryParam("email", email.toUpperCase(java.util.Locale.ROOT)).send());
      assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(200);
      assertThat(erased.bodyAsJsonObject().getInteger("invitations")).isEqualTo(1);
      assertThat(erased.bodyAsJsonObject().getInteger("comments")).isEqualTo(1);
      // the invitation, its outcome, the response's comment, the fatigue record
      assertThat(erased.bodyAsJsonObject().getLong("documents")).isEqualTo(4);

      for (String collection : await(mongo.getCollections())) {
        for (JsonObject doc : await(mongo.find(collection, new JsonObject()))) {
          assertThat(doc.encode()).as(collection).doesNotContain(email).doesNotContain("rude twice").doesNotContain(hash);
        }
      }
      List<JsonObject> audit = await(mongo.find("audit", new JsonObject().put("action", "erase-customer")));
      assertThat(audit).hasSize(1);
      assertThat(audit.get(0).getString("by")).isEqualTo("local");
      assertThat(audit.get(0).getLong("documents")).isEqualTo(4);
      assertThat(audit.get(0).getLong("at")).isPositive();

      // The rating stays, tied to nobody; the invitation counters count what is left.
      assertThat(trend("Erase").getLong("n")).isEqualTo(1);
      JsonObject rates = get("/api/v1/response-rates?interval=month&service=Erase").bodyAsJsonArray().getJsonObject(0);
      assertThat(rates.getLong("sent")).isEqualTo(1);
      assertThat(rates.getLong("answered")).isZero();
      assertFriendlyPage(get("/s/" + token), 404);

      io.perceive.ingest.rollup.MongoRollupRepository rollups = new io.perceive.ingest.rollup.MongoRollupRepository(mongo);
      var live = await(rollups.totals(io.perceive.analytics.rollup.Interval.DAY, java.util.Set.of("Erase"), 0, Long.MAX_VALUE));
      await(new io.perceive.ingest.response.IngestService(
              new io.perceive.ingest.response.MongoResponseRepository(mongo, ZoneOffset.UTC), rollups, ZoneOffset.UTC)
          .recountAll(null, n -> {}));
      assertThat(await(rollups.totals(io.perceive.analytics.rollup.Interval.DAY, java.util.Set.of("Erase"), 0, Long.MAX_VALUE)))
          .as("the rollups equal a full recount")
          .isEqualTo(live);
      assertThat(live.get(0).totals().comments()).as("the comment is gone from the counts").isZero();
    } finally {
      mongo.close();
    }
  }

  @Test
  void aSecondTicketOfTheSameCustomerWithinTheFatiguePeriodIsSkippedWithAReason() throws Exception {
    JsonObject first = ticketJson("Fatigue");
    invite(first);
    JsonObject second = ticketJson("Fatigue").put("customerEmail", first.getString("customerEmail").toUpperCase());
    JsonObject skipped = invite(second);
    assertThat(skipped.getString("status")).isEqualTo("skipped");
    assertThat(skipped.getString("reason")).isEqualTo("fatigue");
    assertThat(skipped.getString("detail")).contains("30 days");
    assertThat(skipped.containsKey("links")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no ticket id      | {\"customerId\": \"u1\", \"service\": \"VPN\"}                                   | ticketId",
        "no customer       | {\"ticketId\": \"T\", \"service\": \"VPN\"}                                      | customerId",
        "no service        | {\"ticketId\": \"T\", \"customerId\": \"u1\"}                                    | service",
        "bad email         | {\"ticketId\": \"T\", \"customerEmail\": \"x\", \"service\": \"VPN\"}            | customerEmail",
        "bad locale        | {\"ticketId\": \"T\", \"customerId\": \"u\", \"service\": \"V\", \"locale\": \"??\"} | locale",
        "bad time          | {\"ticketId\": \"T\", \"customerId\": \"u\", \"service\": \"V\", \"resolvedAt\": \"soon\"} | resolvedAt",
        "bad sla           | {\"ticketId\": \"T\", \"customerId\": \"u\", \"service\": \"V\", \"slaMet\": \"yes\"} | slaMet",
        "unknown field     | {\"ticketId\": \"T\", \"customerId\": \"u\", \"service\": \"V\", \"rating\": 5}  | rating",
        "array             | [{\"ticketId\": \"T\"}]                                                              | body",
        "not json          | {\"ticketId\":                                                                       | body",
      })
  void badInvitationsAre400NamingTheField(String name, String body, String field) throws Exception {
    HttpResponse<Buffer> r = await(client.post("/api/v1/invitations").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    assertThat(r.statusCode()).as(name).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }
}
