package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API against a real server on a free port with the embedded store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiTest {

  @TempDir static Path dataDir;
  private BlockedThreadWatch blocked;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    blocked = BlockedThreadWatch.install();
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
    assertThat(blocked.warnings()).as("blocked-thread warnings").isEmpty();
    blocked.close();
  }

  private HttpResponse<Buffer> post(String path, String contentType, String body) throws Exception {
    return await(client.post(path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(path).send());
  }

  private static JsonObject response(String service, int rating, String ticket) {
    return new JsonObject()
        .put("service", service)
        .put("rating", rating)
        .put("nps", rating * 2)
        .put("comment", "thanks")
        .put("ticketId", ticket)
        .put("supportGroup", "Network Operations")
        .put("agent", "Omar F.")
        .put("respondedAt", TestTime.now().minus(1, ChronoUnit.HOURS).toString());
  }

  private JsonArray trend(String service) throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/trends?metric=csat&interval=week&service=" + service);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    return r.bodyAsJsonArray();
  }

  @Test
  void queryAnswersCarryAnETagAndA304WhenItStillMatches() throws Exception {
    String path = "/api/v1/trends?metric=csat&interval=month&from=2026-01-01T00:00:00Z&to=2026-07-01T00:00:00Z";
    HttpResponse<Buffer> first = get(path);
    String tag = first.getHeader("ETag");
    assertThat(tag).startsWith("W/\"").endsWith("\"");
    assertThat(first.getHeader("Cache-Control")).isEqualTo("private, no-cache");
    HttpResponse<Buffer> same = await(client.get(path).putHeader("If-None-Match", tag).send());
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body() == null || same.body().length() == 0).as("no body").isTrue();
    assertThat(await(client.get(path).putHeader("If-None-Match", "\"other\", " + tag.substring(2)).send()).statusCode()).isEqualTo(304);
    assertThat(await(client.get(path).putHeader("If-None-Match", "W/\"other\"").send()).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> csv = await(client.get(path).putHeader("Accept", "text/csv").putHeader("If-None-Match", tag).send());
    assertThat(csv.statusCode()).as("the CSV answer is another representation, with its own tag").isEqualTo(200);
    assertThat(csv.getHeader("ETag")).isNotEqualTo(tag);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/health").bodyAsJsonObject().getString("status")).isEqualTo("UP");
    HttpResponse<Buffer> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("READY");
  }

  @Test
  void storedResponsesAppearInTheTrendWithAnInterval() throws Exception {
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> r = post("/api/v1/responses", "application/json", response("Trend", i < 4 ? 5 : 2, "T-" + i).encode());
      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("stored");
    }
    JsonArray rows = trend("Trend");
    assertThat(rows).hasSize(1);
    JsonObject row = rows.getJsonObject(0);
    assertThat(row.getString("service")).isEqualTo("Trend");
    assertThat(row.getString("metric")).isEqualTo("csat");
    assertThat(row.getLong("n")).isEqualTo(6);
    assertThat(row.getDouble("value")).isCloseTo(4.0 / 6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(row.getDouble("lower")).isLessThan(row.getDouble("value"));
    assertThat(row.getDouble("upper")).isGreaterThan(row.getDouble("value"));
    assertThat(row.getBoolean("suppressed")).isFalse();
    assertThat(row.getLong("time")).isLessThanOrEqualTo(TestTime.now().toEpochMilli());
  }

  @Test
  void aRetryOfTheSameTicketIsStoredOnce() throws Exception {
    String body = response("Retry", 4, "R-1").encode();
    assertThat(post("/api/v1/responses", "application/json", body).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = post("/api/v1/responses", "application/json", body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("already-stored");
    // minimum n is 5, so one response gives one suppressed row with n = 1 (not 2)
    JsonObject row = trend("Retry").getJsonObject(0);
    assertThat(row.getLong("n")).isEqualTo(1);
    assertThat(row.getBoolean("suppressed")).isTrue();
    assertThat(row.getValue("value")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json                 | {\"service\": \"Bad\", \"rating\": | body",
        "array item not an object | [1]                                | /0",
        "missing service          | {\"rating\": 4}                    | service",
        "missing rating           | {\"service\": \"Bad\"}             | rating",
        "rating above 5           | {\"service\": \"Bad\", \"rating\": 6} | rating",
        "rating below 1           | {\"service\": \"Bad\", \"rating\": 0} | rating",
        "rating not an integer    | {\"service\": \"Bad\", \"rating\": 4.5} | rating",
        "rating as text           | {\"service\": \"Bad\", \"rating\": \"4\"} | rating",
        "nps above 10             | {\"service\": \"Bad\", \"rating\": 4, \"nps\": 11} | nps",
        "blank service            | {\"service\": \"  \", \"rating\": 4} | service",
        "unknown field            | {\"service\": \"Bad\", \"ratting\": 4} | ratting",
        "bad timestamp            | {\"service\": \"Bad\", \"rating\": 4, \"respondedAt\": \"yesterday\"} | respondedAt",
        "future timestamp         | {\"service\": \"Bad\", \"rating\": 4, \"respondedAt\": \"2999-01-01T00:00:00Z\"} | respondedAt",
        "empty body               | ''                                 | body",
        "json scalar              | 42                                 | body",
      })
  void badInputIsA400NamingTheFieldAndStoresNothing(String name, String body, String field) throws Exception {
    HttpResponse<Buffer> r = post("/api/v1/responses", "application/json", body);
    assertThat(r.statusCode()).as(name).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getString("field")).isEqualTo(field);
    assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(trend("Bad")).isEmpty();
  }

  @Test
  void aBatchWithOneBadItemStoresNothing() throws Exception {
    JsonArray batch = new JsonArray().add(response("Batch", 5, "B-1")).add(new JsonObject().put("service", "Batch").put("rating", 9));
    HttpResponse<Buffer> r = post("/api/v1/responses", "application/json", batch.encode());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("/1/rating");
    assertThat(trend("Batch")).isEmpty();
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    String comment = "x".repeat(70 * 1024);
    HttpResponse<Buffer> r = post("/api/v1/responses", "application/json", response("Big", 4, "BIG-1").put("comment", comment).encode());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(413);
    assertThat(trend("Big")).isEmpty();
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    HttpResponse<Buffer> r = post("/api/v1/responses", "text/plain", "service=x&rating=4");
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("Content-Type");
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() throws Exception {
    HttpResponse<Buffer> missing = get("/api/v1/nothing-here");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(missing.bodyAsJsonObject().getInteger("status")).isEqualTo(404);
    HttpResponse<Buffer> wrongMethod = await(client.delete("/api/v1/responses").send());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "metric=happiness           | metric",
        "interval=fortnight         | interval",
        "from=yesterday             | from",
        "from=2000&to=1000          | from",
        "metric=csat&metric=nps     | metric",
      })
  void badTrendQueriesAre400(String query, String field) throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/trends?" + query);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }

  @Test
  void metricsAreExposedForPrometheus() throws Exception {
    HttpResponse<Buffer> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(r.bodyAsString()).contains("vertx_http_server_");
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
