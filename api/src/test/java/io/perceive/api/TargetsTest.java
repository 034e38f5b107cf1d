package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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

/**
 * Targets and breaches: the organisation holds every service to CSAT 80%, Strict Desk holds
 * itself to 97%. Red Desk is far below (a breach), Near Desk a little below with an interval
 * that reaches the target (not a breach), Good Desk above; Strict Desk's 90% meets the
 * organisation's target but breaches its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetsTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    Targets targets = new Targets(Map.of(Metric.CSAT, 0.80), Map.of("Strict Desk", Map.of(Metric.CSAT, 0.97)));
    PerceiveConfig config = TestApps.config(dataDir, 5, targets);
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 40; i++) {
      batch.add(answer("Red Desk", i, i < 10 ? 5 : 2, at));
      batch.add(answer("Near Desk", i, i < 30 ? 4 : 2, at));
      batch.add(answer("Good Desk", i, i < 38 ? 5 : 3, at));
      batch.add(answer("Strict Desk", i, i < 36 ? 5 : 3, at));
    }
    batch.add(answer("Tiny Desk", 0, 1, at));
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject answer(String service, int i, int rating, String at) {
    return new JsonObject()
        .put("service", service).put("rating", rating).put("respondedAt", at)
        .put("source", "test").put("sourceId", service + "-" + i);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private static JsonObject row(JsonArray rows, String service) {
    return rows.stream().map(JsonObject.class::cast).filter(x -> x.getString("service").equals(service)).findFirst().orElseThrow();
  }

  private static List<String> services(JsonArray rows) {
    return rows.stream().map(JsonObject.class::cast).map(x -> x.getString("service")).toList();
  }

  @Test
  void eachServiceIsJudgedAgainstItsOwnTargetWithItsInterval() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/targets?metric=csat").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    // breaches first (furthest below first), then below, met, and suppressed last
    assertThat(services(rows)).containsExactly("Red Desk", "Strict Desk", "Near Desk", "Good Desk", "Tiny Desk");

    JsonObject red = row(rows, "Red Desk");
    assertThat(red.getString("status")).isEqualTo("breached");
    assertThat(red.getDouble("value")).isEqualTo(0.25);
    assertThat(red.getDouble("target")).isEqualTo(0.80);
    assertThat(red.getDouble("gap")).isCloseTo(-0.55, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(red.getDouble("upperGap")).isNegative();
    assertThat(red.getLong("n")).isEqualTo(40);

    JsonObject strict = row(rows, "Strict Desk");
    assertThat(strict.getDouble("value")).isEqualTo(0.9);
    assertThat(strict.getDouble("target")).as("its own target").isEqualTo(0.97);
    assertThat(strict.getString("status")).isEqualTo("breached");

    JsonObject near = row(rows, "Near Desk");
    assertThat(near.getDouble("value")).isEqualTo(0.75);
    assertThat(near.getDouble("upper")).isGreaterThan(0.80);
    assertThat(near.getString("status")).as("below, but it could be noise").isEqualTo("below");

    assertThat(row(rows, "Good Desk").getString("status")).isEqualTo("met");
    JsonObject tiny = row(rows, "Tiny Desk");
    assertThat(tiny.getString("status")).isEqualTo("suppressed");
    assertThat(tiny.getValue("value")).isNull();
    assertThat(tiny.getValue("gap")).isNull();
  }

  @Test
  void breachedOnlyIsWhatAnAlertRuleAsksFor() throws Exception {
    JsonArray rows = ApiTest.await(client.get("/api/v1/targets?metric=csat&breachedOnly=true&from=now-30d").send()).bodyAsJsonArray();
    assertThat(services(rows)).containsExactly("Red Desk", "Strict Desk");
  }

  @Test
  void aMetricWithoutTargetsHasNoRowsAndTrendsCarryTheTarget() throws Exception {
    JsonArray rating = ApiTest.await(client.get("/api/v1/targets?metric=rating").send()).bodyAsJsonArray();
    assertThat(rating).isEmpty();
    JsonArray trend = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=week&service=Strict%20Desk").send()).bodyAsJsonArray();
    assertThat(trend).isNotEmpty();
    trend.forEach(x -> assertThat(((JsonObject) x).getDouble("target")).isEqualTo(0.97));
    JsonArray nps = ApiTest.await(client.get("/api/v1/trends?metric=nps&interval=week").send()).bodyAsJsonArray();
    nps.forEach(x -> assertThat(((JsonObject) x).containsKey("target")).isFalse());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/targets?metric=csat&by=team   | by",
        "/api/v1/targets?metric=happiness      | metric",
        "/api/v1/targets?breachedOnly=maybe    | breachedOnly",
        "/api/v1/targets?from=yesterday        | from",
      })
  void badParametersAre400NamingThem(String path, String field) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get(path).send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }
}
