package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.survey.MongoInvitationRepository;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample ticket events of docs/ingest.md, replayed per ITSM mapping as the tool would send
 * them: resolved invites once (a redelivery changes nothing), reopened cancels, a ticket closed
 * without resolution gets no invitation, and a second resolution is answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TicketEventsTest {

  private static final Pattern SAMPLE = Pattern.compile("<!-- sample: (\\S+) (\\S+) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path dataDir;
  private final Map<String, JsonObject> samples = new LinkedHashMap<>();
  private PerceiveApp app;
  private WebClient client;
  private MongoClient mongo;

  @BeforeAll
  void start() throws Exception {
    Matcher m = SAMPLE.matcher(Files.readString(Path.of("..", "docs", "ingest.md"), StandardCharsets.UTF_8));
    while (m.find()) {
      samples.put(m.group(1) + " " + m.group(2), new JsonObject(m.group(3)));
    }
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), CLOCK);
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    mongo = MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
  }

  @AfterAll
  void stop() throws Exception {
    ApiTest.await(mongo.close());
    client.close();
    app.close();
  }

  private JsonObject sample(String tool, String event) {
    JsonObject base = samples.get(tool + " resolved");
    assertThat(base).as("docs/ingest.md has the resolved sample of " + tool).isNotNull();
    if (event.equals("resolved")) {
      return base.copy();
    }
    JsonObject changes = samples.get(tool + " " + event);
    assertThat(changes).as("docs/ingest.md has the " + event + " sample of " + tool).isNotNull();
    return base.copy().mergeIn(changes, true);
  }

  private JsonObject send(String tool, JsonObject payload) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/webhooks/" + tool + "/events").sendJsonObject(payload));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private long invitations(String ticketId) throws Exception {
    return ApiTest.await(mongo.count(MongoInvitationRepository.COLLECTION, new JsonObject().put("ticketId", ticketId)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"servicenow", "jsm", "zendesk", "freshservice", "generic"})
  void theDocumentedEventsDriveTheInvitation(String tool) throws Exception {
    JsonObject resolved = send(tool, sample(tool, "resolved"));
    String ticket = resolved.getString("ticketId");
    assertThat(resolved.getString("event")).isEqualTo("resolved");
    assertThat(resolved.getString("status")).isEqualTo("invited");
    assertThat(resolved.getJsonObject("survey").getJsonArray("links")).hasSize(5);
    assertThat(invitations(ticket)).isEqualTo(1);

    JsonObject again = send(tool, sample(tool, "resolved"));
    assertThat(again.getBoolean("duplicate")).isTrue();
    assertThat(again.getString("invitation")).isEqualTo(resolved.getString("invitation"));
    assertThat(invitations(ticket)).as("the same event again: still one invitation").isEqualTo(1);

    JsonObject reopened = send(tool, sample(tool, "reopened"));
    assertThat(reopened.getString("event")).isEqualTo("reopened");
    assertThat(reopened.getString("status")).isEqualTo("cancelled");
    assertThat(send(tool, sample(tool, "reopened")).getBoolean("duplicate")).isTrue();

    JsonObject closed = send(tool, sample(tool, "closed"));
    assertThat(closed.getString("event")).isEqualTo("ignored");
    assertThat(closed.getString("status")).isEqualTo("ignored");
    assertThat(invitations(closed.getString("ticketId"))).as("closed without resolution: no invitation").isZero();

    JsonObject resolvedAgain = send(tool, sample(tool, "resolved-again"));
    assertThat(resolvedAgain.getString("event")).isEqualTo("resolved");
    assertThat(resolvedAgain.getBoolean("duplicate")).isFalse();
    assertThat(resolvedAgain.getString("status")).as("resolved again: a new invitation").isEqualTo("invited");
    assertThat(resolvedAgain.getString("invitation")).isNotEqualTo(resolved.getString("invitation"));
    assertThat(resolvedAgain.getJsonObject("survey").getJsonArray("links")).hasSize(5);
    assertThat(invitations(ticket)).isEqualTo(2);
    // A late copy of the first resolution changes nothing now.
    JsonObject late = send(tool, sample(tool, "resolved"));
    assertThat(late.getBoolean("duplicate")).isTrue();
    assertThat(invitations(ticket)).isEqualTo(2);
  }

  @org.junit.jupiter.api.Test
  void anEventPerceiveCannotActOnIsA400NamingThePayloadPath() throws Exception {
    JsonObject noTicket = sample("servicenow", "resolved");
    noTicket.remove("number");
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/webhooks/servicenow/events").sendJsonObject(noTicket));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("number.display_value");

    JsonObject noService = sample("generic", "resolved");
    noService.getJsonObject("ticket").put("id", "T-3001").remove("service");
    r = ApiTest.await(client.post("/api/v1/webhooks/generic/events").sendJsonObject(noService));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("ticket.service");
    assertThat(r.bodyAsJsonObject().getString("detail")).startsWith("ticket.service: ");
    assertThat(invitations("T-3001")).isZero();

    assertThat(ApiTest.await(client.post("/api/v1/webhooks/remedy/events").sendJsonObject(new JsonObject())).statusCode()).isEqualTo(404);
  }
}
