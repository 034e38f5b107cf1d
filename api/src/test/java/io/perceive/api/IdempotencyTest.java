package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Retries with an Idempotency-Key or a sourceId store a response once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdempotencyTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private HttpResponse<Buffer> post(String key, JsonObject body) throws Exception {
    var request = client.post("/api/v1/responses").putHeader("Content-Type", "application/json");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return ApiTest.await(request.sendBuffer(body.toBuffer()));
  }

  private long trendN(String service) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month&service=" + service).send());
    JsonArray rows = r.bodyAsJsonArray();
    return rows.stream().mapToLong(o -> ((JsonObject) o).getLong("n")).sum();
  }

  private static JsonObject rating(String service) {
    return new JsonObject().put("service", service).put("rating", 4).put("respondedAt", TestTime.now().minus(1, ChronoUnit.HOURS).toString());
  }

  @Test
  void theSameKeyTenTimesStoresOne() throws Exception {
    String firstId = null;
    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> r = post("retry-key-1", rating("Idem"));
      assertThat(r.statusCode()).isEqualTo(i == 0 ? 201 : 200);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
      JsonObject result = r.bodyAsJsonObject();
      assertThat(result.getString("status")).isEqualTo(i == 0 ? "stored" : "already-stored");
      if (firstId == null) {
        firstId = result.getString("id");
      }
      assertThat(result.getString("id")).isEqualTo(firstId);
    }
    assertThat(trendN("Idem")).isEqualTo(1);
    assertThat(post("retry-key-2", rating("Idem")).statusCode()).isEqualTo(201);
    assertThat(trendN("Idem")).isEqualTo(2);
  }

  @Test
  void theKeyMatchesASourceIdInTheBody() throws Exception {
    assertThat(post("same-record", rating("IdemBody").put("source", "api").put("sourceId", "same-record")).statusCode()).isEqualTo(201);
    assertThat(post(null, rating("IdemBody").put("source", "api").put("sourceId", "same-record")).statusCode()).isEqualTo(200);
    assertThat(post("same-record", rating("IdemBody")).statusCode()).isEqualTo(200);
    assertThat(trendN("IdemBody")).isEqualTo(1);
  }

  @Test
  void aKeyThatContradictsTheBodyOrABatchIs400() throws Exception {
    HttpResponse<Buffer> r = post("one", rating("IdemBad").put("source", "x").put("sourceId", "two"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    HttpResponse<Buffer> batch =
        ApiTest.await(
            client.post("/api/v1/responses").putHeader("Content-Type", "application/json").putHeader("Idempotency-Key", "b")
                .sendBuffer(new JsonArray().add(rating("IdemBad")).toBuffer()));
    assertThat(batch.statusCode()).isEqualTo(400);
    assertThat(batch.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    assertThat(trendN("IdemBad")).isZero();
  }

  @Test
  void aBatchRetriedWholeStoresEachItemOnce() throws Exception {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 50; i++) {
      batch.add(rating("IdemBatch").put("source", "itsm").put("sourceId", "b-" + (i % 40)));
    }
    HttpResponse<Buffer> first = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(first.statusCode()).isEqualTo(200);
    JsonArray results = first.bodyAsJsonArray();
    assertThat(results).hasSize(50);
    assertThat(results.stream().filter(o -> ((JsonObject) o).getString("status").equals("stored")).count()).isEqualTo(40);
    HttpResponse<Buffer> again = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(again.bodyAsJsonArray().stream().allMatch(o -> ((JsonObject) o).getString("status").equals("already-stored"))).isTrue();
    assertThat(trendN("IdemBatch")).isEqualTo(40);
  }
}
