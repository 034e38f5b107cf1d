package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.survey.MongoInvitationRepository;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ticket type and the provider: taken on every way in (the API, a batch, invitations, ticket
 * events, webhooks, imports), a bad value a 400 naming the field, and {@code by=type|provider} on
 * trends, targets and weak areas with the minimum n: the outsourcer's 20 answers are shown and
 * ranked, the cloud vendor's 2 suppressed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypeAndProviderTest {

  /** The days of the batch below: what the other tests add on the test clock's today stays out. */
  private static final String DAYS = "&from=now-5d&to=now-1d";

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;
  private MongoClient mongo;

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    mongo = TestApps.store(app);
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 20; i++) {
      // Given as the tools name it: stored as the kind.
      batch.add(answer(i, i % 2 == 0 ? "Service Request" : "sc_req_item", "Nordic Field Services", i < 8 ? 5 : 2, at, 120));
      batch.add(answer(100 + i, "Incident", "Internal IT", i < 18 ? 5 : 1, at, 15));
    }
    batch.add(answer(200, "change", "Cloud Co", 5, at, null));
    batch.add(answer(201, "change", "Cloud Co", 5, at, null));
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject answer(int i, String type, String provider, int rating, String at, Integer lost) {
    return new JsonObject()
        .put("service", i % 3 == 0 ? "Laptops" : "Printing").put("ticketType", type).put("provider", provider).put("rating", rating)
        .put("respondedAt", at).put("lostMinutes", lost).put("source", "test").put("sourceId", "tp-" + i);
  }

  @AfterAll
  void stop() throws Exception {
    ApiTest.await(mongo.close());
    client.close();
    app.close();
  }

  private static JsonObject segment(JsonArray rows, String name) {
    return rows.stream().map(JsonObject.class::cast).filter(x -> x.getString("segment").equals(name)).findFirst().orElseThrow();
  }

  private JsonObject stored(String collection, JsonObject query) throws Exception {
    return ApiTest.await(mongo.findOne(collection, query, null));
  }

  /** The stored document's ticket type and provider. */
  private void assertAttributed(String collection, JsonObject query, String type, String provider) throws Exception {
    JsonObject doc = stored(collection, query);
    assertThat(doc.getString("ticketType")).as("%s", query).isEqualTo(type);
    assertThat(doc.getString("provider")).as("%s", query).isEqualTo(provider);
  }

  /** Posts a body and checks the status it answers. */
  private void posted(String path, JsonObject body, int status) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.post(path).sendJsonObject(body));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
  }

  private void assertBad(HttpResponse<Buffer> r, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }

  @Test
  void trendsByTypeAndByProviderWithTheMinimumN() throws Exception {
    JsonArray types = TestApps.rows(client, "/api/v1/trends?metric=csat&interval=month&by=type" + DAYS);
    JsonObject request = segment(types, "request");
    assertThat(request.getString("by")).isEqualTo("type");
    assertThat(request.getLong("n")).isEqualTo(20);
    assertThat(request.getDouble("value")).isEqualTo(8 / 20.0);
    assertThat(segment(types, "incident").getDouble("value")).isEqualTo(18 / 20.0);
    JsonObject change = segment(types, "change");
    assertThat(change.getBoolean("suppressed")).isTrue();
    assertThat(change.getValue("value")).isNull();

    JsonArray providers = TestApps.rows(client, "/api/v1/trends?metric=lostTime&interval=month&by=provider" + DAYS);
    JsonObject outsourcer = segment(providers, "Nordic Field Services");
    assertThat(outsourcer.getDouble("value")).isEqualTo(120.0);
    assertThat(outsourcer.getDouble("hoursLost")).isEqualTo(40.0);
    assertThat(segment(providers, "Cloud Co").getBoolean("suppressed")).isTrue();
  }

  @Test
  void targetsAndWeakAreasByProviderAndByType() throws Exception {
    JsonArray targets = TestApps.rows(client, "/api/v1/targets?metric=csat&by=provider" + DAYS);
    JsonObject outsourcer = segment(targets, "Nordic Field Services");
    assertThat(outsourcer.getString("by")).isEqualTo("provider");
    assertThat(outsourcer.getDouble("target")).isEqualTo(0.80);
    assertThat(outsourcer.getString("status")).as("0.40 of 20: the whole interval below 0.80").isEqualTo("breached");
    assertThat(segment(targets, "Internal IT").getString("status")).isEqualTo("met");
    assertThat(segment(targets, "Cloud Co").getString("status")).isEqualTo("suppressed");
    assertThat(targets.getJsonObject(0).getString("segment")).as("the breach first").isEqualTo("Nordic Field Services");
    assertThat(segment(TestApps.rows(client, "/api/v1/targets?metric=csat&by=type" + DAYS), "request").getString("status")).isEqualTo("breached");

    JsonArray weak = TestApps.rows(client, "/api/v1/weak-areas?metric=csat&by=provider" + DAYS);
    assertThat(weak.getJsonObject(0).getString("segment")).isEqualTo("Nordic Field Services");
    assertThat(weak.getJsonObject(0).getBoolean("weak")).isTrue();
    assertThat(weak.stream().map(x -> ((JsonObject) x).getString("segment")).toList())
        .as("two answers: not ranked")
        .containsExactlyInAnyOrder("Nordic Field Services", "Internal IT");
    JsonArray weakTypes = TestApps.rows(client, "/api/v1/weak-areas?metric=csat&by=type&weakOnly=true" + DAYS);
    assertThat(weakTypes.stream().map(x -> ((JsonObject) x).getString("segment")).toList()).containsExactly("request");
    assertThat(TestApps.rows(client, "/api/v1/targets?metric=courtesy&by=type" + DAYS))
        .as("no organisation target on courtesy to hold a type to").isEmpty();
    assertBad(ApiTest.await(client.get("/api/v1/targets?metric=courtesy&by=kind").send()), "by");
  }

  @Test
  void theApiAndItsBatchesTakeThemAndNameABadOne() throws Exception {
    JsonObject one = new JsonObject().put("service", "VPN").put("rating", 3).put("ticketType", "RITM").put("provider", " Cloud Co ")
        .put("source", "test").put("sourceId", "one");
    posted("/api/v1/responses", one, 201);
    assertAttributed(MongoResponseRepository.COLLECTION, new JsonObject().put("sourceId", "one"), "request", "Cloud Co");

    assertBad(ApiTest.await(client.post("/api/v1/responses").sendJsonObject(one.copy().put("ticketType", "outage"))), "ticketType");
    assertBad(ApiTest.await(client.post("/api/v1/responses").sendJsonObject(one.copy().put("provider", "p".repeat(201)))), "provider");
    assertBad(ApiTest.await(client.post("/api/v1/responses").sendJsonObject(one.copy().put("provider", 7))), "provider");
    JsonArray batch = new JsonArray().add(one.copy().put("sourceId", "b1")).add(one.copy().put("sourceId", "b2").put("ticketType", "bug"));
    assertBad(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)), "/1/ticketType");
  }

  @Test
  void invitationsAndTicketEventsFreezeThemAtSend() throws Exception {
    JsonObject ticket = new JsonObject().put("ticketId", "INV-1").put("customerId", "c-1").put("service", "VPN")
        .put("ticketType", "change_request").put("provider", "Cloud Co");
    posted("/api/v1/invitations", ticket, 201);
    assertAttributed(MongoInvitationRepository.COLLECTION, new JsonObject().put("ticketId", "INV-1"), "change", "Cloud Co");
    assertBad(ApiTest.await(client.post("/api/v1/invitations").sendJsonObject(ticket.copy().put("ticketId", "INV-2").put("ticketType", "x"))),
        "ticketType");

    JsonObject event = new JsonObject().put("eventId", "tp-evt-1").put("event", "resolved").put("ticket", new JsonObject()
        .put("id", "EVT-1").put("customerId", "c-2").put("service", "Printing").put("type", "Service Request").put("provider", "Print Partners"));
    posted("/api/v1/webhooks/generic/events", event, 200);
    assertAttributed(MongoInvitationRepository.COLLECTION, new JsonObject().put("ticketId", "EVT-1"), "request", "Print Partners");
    JsonObject bad = event.copy().put("eventId", "tp-evt-2");
    bad.getJsonObject("ticket").put("id", "EVT-2").put("type", "bug");
    assertBad(ApiTest.await(client.post("/api/v1/webhooks/generic/events").sendJsonObject(bad)), "ticket.type");
  }

  @Test
  void webhooksAndImportsTakeThemAndNameABadOne() throws Exception {
    JsonObject payload = new JsonObject().put("sys_id", "tp-w1").put("number", "INC0070001").put("u_rating", "4")
        .put("business_service", "VPN").put("sys_class_name", "sc_req_item");
    posted("/api/v1/webhooks/servicenow", payload, 201);
    assertAttributed(MongoResponseRepository.COLLECTION, new JsonObject().put("ticketId", "INC0070001"), "request", null);
    assertBad(ApiTest.await(client.post("/api/v1/webhooks/servicenow").sendJsonObject(payload.copy().put("sys_id", "tp-w2")
        .put("sys_class_name", "cmdb_ci"))), "sys_class_name");

    String csv = "service,rating,ticketType,provider,sourceId\nImported,4,problem,Internal IT,c1\nImported,2,outage,Internal IT,c2\n";
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/imports?source=tp").putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getLong("stored")).isEqualTo(1);
    JsonObject error = r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getLong("line")).isEqualTo(3);
    assertThat(error.getString("field")).isEqualTo("ticketType");
    String jsonl = new JsonObject().put("service", "Imported").put("rating", 5).put("provider", "Vendor J").put("ticketType", "Question")
        .put("sourceId", "j1").encode() + "\n";
    r = ApiTest.await(client.post("/api/v1/imports?source=tp").putHeader("Content-Type", "application/x-ndjson").sendBuffer(Buffer.buffer(jsonl)));
    assertThat(r.bodyAsJsonObject().getLong("stored")).isEqualTo(1);
    assertAttributed(MongoResponseRepository.COLLECTION, new JsonObject().put("sourceId", "j1").put("source", "tp"), "question", "Vendor J");
  }
}
