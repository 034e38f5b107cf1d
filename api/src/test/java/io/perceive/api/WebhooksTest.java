package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Webhook payloads of ServiceNow, Jira Service Management and a configured generic mapping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebhooksTest {

  @TempDir static Path dir;
  private PerceiveApp app;
  private WebClient client;
  private final Instant resolved = TestTime.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  void start() throws Exception {
    Path mappings =
        Files.writeString(
            dir.resolve("mappings.yaml"),
            "generic:\n"
                + "  source: homegrown\n"
                + "  fields:\n"
                + "    sourceId: /survey/id\n"
                + "    service: [ticket.service.name, ticket.category]\n"
                + "    rating: /survey/score\n"
                + "    comment: survey.text\n"
                + "    agent: ticket.owner\n");
    PerceiveConfig config =
        TestApps.config(dir.resolve("data"), Optional.empty(), 1).withIngest(new PerceiveConfig.Ingest(5_000, Optional.of(mappings)));
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private HttpResponse<Buffer> post(String tool, JsonObject payload) throws Exception {
    return ApiTest.await(client.post("/api/v1/webhooks/" + tool).sendJsonObject(payload));
  }

  private long trendN(String service) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month").addQueryParam("service", service).send());
    return r.bodyAsJsonArray().stream().mapToLong(o -> ((JsonObject) o).getLong("n")).sum();
  }

  /** A Business Rule REST message with sysparm_display_value=all style fields. */
  private JsonObject serviceNow(String sysId, Object rating) {
    String glide = LocalDateTime.ofInstant(resolved, ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    String opened = LocalDateTime.ofInstant(resolved.minus(5, ChronoUnit.HOURS), ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    return new JsonObject()
        .put("sys_id", new JsonObject().put("value", sysId).put("display_value", sysId))
        .put("number", new JsonObject().put("value", "INC0010042").put("display_value", "INC0010042"))
        .put("u_rating", new JsonObject().put("value", rating).put("display_value", String.valueOf(rating)))
        .put("u_comment", new JsonObject().put("value", "Quick fix, thanks").put("display_value", "Quick fix, thanks"))
        .put("business_service", new JsonObject().put("value", "b3a1f0c2").put("display_value", "Hook Email"))
        .put("cmdb_ci", new JsonObject().put("value", "9f1c").put("display_value", "EXCH-01"))
        .put("assignment_group", new JsonObject().put("value", "287e").put("display_value", "Messaging"))
        .put("assigned_to", new JsonObject().put("value", "46d4").put("display_value", "Chen W."))
        .put("opened_at", new JsonObject().put("value", opened))
        .put("resolved_at", new JsonObject().put("value", glide))
        .put("sla_met", new JsonObject().put("value", "true"))
        .put("state", new JsonObject().put("value", "6").put("display_value", "Resolved"));
  }

  /** An Automation "Send web request" with the issue as the body. */
  private JsonObject jsm(String key, Object rating) {
    return new JsonObject()
        .put("timestamp", resolved.plus(1, ChronoUnit.HOURS).toEpochMilli())
        .put(
            "issue",
            new JsonObject()
                .put("key", key)
                .put(
                    "fields",
                    new JsonObject()
                        .put("summary", "VPN drops every hour")
                        .put("status", new JsonObject().put("name", "Resolved"))
                        .put("components", new JsonArray().add(new JsonObject().put("name", "Hook VPN")))
                        .put("project", new JsonObject().put("key", "IT").put("name", "IT Help"))
                        .put("assignee", new JsonObject().put("displayName", "Omar F.").put("accountId", "5b10"))
                        .put("created", "2026-11-20T09:30:00.000+0100")
                        .put("resolutiondate", "2026-11-21T16:05:12.000+0100")
                        .put("customfield_10034", new JsonObject().put("rating", rating).put("comment", new JsonObject().put("body", "slow, call me on +44 20 7946 0958")))
                        .put("customfield_10030", new JsonObject().put("completedCycles", new JsonArray().add(new JsonObject().put("breached", true))))));
  }

  @Test
  void serviceNowPayloadsAreStoredOncePerRecord() throws Exception {
    HttpResponse<Buffer> first = post("servicenow", serviceNow("a1b2c3", 4));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("stored");
    assertThat(post("servicenow", serviceNow("a1b2c3", 4)).statusCode()).isEqualTo(200);
    JsonObject plain = new JsonObject().put("sys_id", "d4e5f6").put("number", "INC0010043").put("u_rating", "2").put("business_service", "Hook Email");
    assertThat(post("servicenow", plain).statusCode()).isEqualTo(201);
    assertThat(trendN("Hook Email")).isEqualTo(2);
  }

  @Test
  void aReopenedTicketWithdrawsItsUnansweredInvitation() throws Exception {
    JsonObject ticket =
        new JsonObject()
            .put("source", "servicenow")
            .put("ticketId", "INC0020001")
            .put("customerEmail", "reopen@example.org")
            .put("service", "Hook Email");
    HttpResponse<Buffer> invited = ApiTest.await(client.post("/api/v1/invitations").sendJsonObject(ticket));
    assertThat(invited.statusCode()).isEqualTo(201);
    String surveyUrl = invited.bodyAsJsonObject().getString("surveyUrl");

    // ServiceNow sends the reopened incident: only its number matters here.
    JsonObject reopened =
        new JsonObject()
            .put("sys_id", new JsonObject().put("value", "r1"))
            .put("number", new JsonObject().put("value", "INC0020001").put("display_value", "INC0020001"))
            .put("state", new JsonObject().put("value", "2").put("display_value", "In Progress"));
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/webhooks/servicenow/reopened").sendJsonObject(reopened));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    assertThat(r.bodyAsJsonObject().getString("invitation")).isEqualTo(invited.bodyAsJsonObject().getString("id"));

    // The customer's link now shows a friendly page with a 4xx instead of the form.
    String path = java.net.URI.create(surveyUrl).getRawPath();
    HttpResponse<Buffer> page = ApiTest.await(client.get(path + "?r=4").send());
    assertThat(page.statusCode()).isBetween(400, 499);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");

    // Every reopen of a ticket without an invitation is normal, not an error.
    JsonObject other = reopened.copy().put("number", new JsonObject().put("value", "INC0029999"));
    HttpResponse<Buffer> none = ApiTest.await(client.post("/api/v1/webhooks/servicenow/reopened").sendJsonObject(other));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.bodyAsJsonObject().getString("status")).isEqualTo("no-invitation");

    // Without a ticket number there is nothing to withdraw: 400 naming the payload path.
    HttpResponse<Buffer> bad =
        ApiTest.await(client.post("/api/v1/webhooks/servicenow/reopened").sendJsonObject(new JsonObject().put("state", "2")));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("number.display_value");
  }

  @Test
  void jsmAutomationPayloadsAreMapped() throws Exception {
    HttpResponse<Buffer> r = post("jsm", jsm("IT-101", 2));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(post("jsm", jsm("IT-101", 2)).statusCode()).isEqualTo(200);
    assertThat(trendN("Hook VPN")).isEqualTo(1);
  }

  @Test
  void aGenericMappingFromConfigurationWorks() throws Exception {
    JsonObject payload =
        new JsonObject()
            .put("survey", new JsonObject().put("id", 77).put("score", 5).put("text", "great"))
            .put("ticket", new JsonObject().put("category", "Hook Generic").put("owner", "Sam"));
    assertThat(post("generic", payload).statusCode()).isEqualTo(201);
    assertThat(post("generic", payload).statusCode()).isEqualTo(200);
    assertThat(trendN("Hook Generic")).isEqualTo(1);
  }

  @Test
  void mappingErrorsNameThePayloadPath() throws Exception {
    HttpResponse<Buffer> badRating = post("jsm", jsm("IT-102", "excellent"));
    assertThat(badRating.statusCode()).isEqualTo(400);
    assertThat(badRating.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(badRating.bodyAsJsonObject().getString("field")).isEqualTo("issue.fields.customfield_10034.rating");

    HttpResponse<Buffer> outOfRange = post("servicenow", serviceNow("x9", 9));
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(outOfRange.bodyAsJsonObject().getString("field")).isEqualTo("u_rating.value");

    HttpResponse<Buffer> noService = post("servicenow", new JsonObject().put("sys_id", "z1").put("u_rating", "4"));
    assertThat(noService.statusCode()).isEqualTo(400);
    assertThat(noService.bodyAsJsonObject().getString("field")).isEqualTo("business_service.display_value");
    assertThat(noService.bodyAsJsonObject().getString("detail")).contains("cmdb_ci");

    HttpResponse<Buffer> unknown = post("zendesk", new JsonObject());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(unknown.bodyAsJsonObject().getString("detail")).contains("generic", "jsm", "servicenow");
  }
}
