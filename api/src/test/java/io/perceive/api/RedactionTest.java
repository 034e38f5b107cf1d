package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a comment comes in over the API is redacted before it is stored, with every
 * placeholder: a single response, a batch, an import, a webhook. (The survey page's comment:
 * {@code SurveyPagesTest}.) The stored documents are read straight from the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public class RedactionTest {

  /** What a comment box attracts, and what must be stored instead. */
  public static final String TYPED =
      "mail jane.doe@example.org or +44 20 7946 0958; my pw is hunter2, card 4111 1111 1111 1111, "
          + "IBAN DE89 3704 0044 0532 0130 00, my PC is 10.20.30.40";
  public static final String STORED =
      "mail [email] or [phone]; my pw is [password], card [card], IBAN [iban], my PC is [ip]";

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;
  private MongoClient mongo;

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    mongo = MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
  }

  @AfterAll
  void stop() throws Exception {
    mongo.close();
    client.close();
    app.close();
  }

  private List<String> storedComments(String service) throws Exception {
    return ApiTest.await(mongo.find("responses", new JsonObject().put("service", service))).stream()
        .map(d -> d.getString("comment"))
        .toList();
  }

  private static JsonObject response(String service, String id) {
    return new JsonObject().put("service", service).put("rating", 2).put("comment", TYPED).put("source", "test").put("sourceId", id);
  }

  @Test
  void aSingleResponse() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJsonObject(response("Single", "s1")));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(storedComments("Single")).containsExactly(STORED);
  }

  @Test
  void aBatch() throws Exception {
    JsonArray batch = new JsonArray().add(response("Batch", "b1")).add(response("Batch", "b2"));
    HttpResponse<Buffer> r =
        ApiTest.await(client.post("/api/v1/responses").putHeader("Content-Type", "application/json").sendBuffer(batch.toBuffer()));
    assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201, 207);
    assertThat(storedComments("Batch")).containsExactly(STORED, STORED);
  }

  @Test
  void anImport() throws Exception {
    String jsonl = response("Import", "i1").encode() + "\n";
    HttpResponse<Buffer> r =
        ApiTest.await(client.post("/api/v1/imports").putHeader("Content-Type", "application/x-ndjson").sendBuffer(Buffer.buffer(jsonl)));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getLong("stored")).isEqualTo(1);
    assertThat(storedComments("Import")).containsExactly(STORED);
  }

  @Test
  void aWebhook() throws Exception {
    JsonObject payload =
        new JsonObject().put("sys_id", "w1").put("number", "INC0090001").put("u_rating", "2").put("business_service", "Hook")
            .put("u_comment", TYPED);
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/webhooks/servicenow").sendJsonObject(payload));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(storedComments("Hook")).containsExactly(STORED);
  }
}
