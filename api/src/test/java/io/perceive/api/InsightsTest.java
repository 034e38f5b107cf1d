package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
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

/** Trend tests and weak areas find what the demo data has built in, and nothing it has not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InsightsTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.of(new PerceiveApp.Demo(42, 12_000)));
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return ApiTest.await(client.get(path).send());
  }

  private JsonObject row(JsonArray rows, String service) {
    return rows.stream().map(JsonObject.class::cast).filter(r -> r.getString("service").equals(service)).findFirst().orElseThrow();
  }

  @Test
  void monthlyTrendTestsFindTheBuiltInTrendsOnly() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/trend-tests?metric=csat&interval=month");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    assertThat(row(rows, "ERP (SAP)").getString("direction")).isEqualTo("decreasing");
    assertThat(row(rows, "ERP (SAP)").getDouble("slopePerInterval")).isNegative();
    assertThat(row(rows, "Service Desk").getString("direction")).isEqualTo("increasing");
    assertThat(row(rows, "Email").getString("direction")).isEqualTo("no trend");
    long flagged = rows.stream().map(JsonObject.class::cast).filter(x -> !x.getString("direction").equals("no trend")).count();
    assertThat(flagged).as("services with a trend out of 24").isLessThanOrEqualTo(4);
  }

  @Test
  void weakAreasRankVpnFirstAndLeaveSolidServicesAlone() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/weak-areas");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    JsonObject first = rows.getJsonObject(0);
    assertThat(first.getString("service")).isEqualTo("VPN");
    assertThat(first.getBoolean("weak")).isTrue();
    assertThat(first.getDouble("upper")).isLessThan(first.getDouble("rest"));
    assertThat(row(rows, "Email").getBoolean("weak")).isFalse();
    assertThat(row(rows, "Password Reset").getBoolean("weak")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/weak-areas?metric=nps           | metric",
        "/api/v1/weak-areas?fdr=2                | fdr",
        "/api/v1/trend-tests?alpha=none          | alpha",
        "/api/v1/trend-tests?interval=hour       | interval",
        "/api/v1/trend-tests?to=1000&from=5000   | from",
      })
  void badParametersAre400NamingThem(String path, String field) throws Exception {
    HttpResponse<Buffer> r = get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }
}
