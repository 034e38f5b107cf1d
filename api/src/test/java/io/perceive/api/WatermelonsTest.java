package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Watermelons: green on the SLA report, red with the customers. Three desks with 40 answers each:
 * one meets its SLA and its customers are unhappy (the watermelon), one misses its SLA and its
 * customers are unhappy (honestly red), one meets it and its customers are happy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatermelonsTest extends LocalAppTest {


  @BeforeAll
  void load() throws Exception {
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 40; i++) {
      batch.add(answer("Melon Desk", i, i < 4 ? 5 : 2, i < 38, at));
      batch.add(answer("Late Desk", i, i < 4 ? 5 : 2, i < 10, at));
      batch.add(answer("Good Desk", i, i < 36 ? 5 : 3, true, at));
    }
    batch.add(answer("Tiny Desk", 0, 1, true, at));
    post(batch);
  }

  private static JsonObject answer(String service, int i, int rating, boolean slaMet, String at) {
    return new JsonObject()
        .put("service", service).put("rating", rating).put("slaMet", slaMet).put("respondedAt", at)
        .put("source", "test").put("sourceId", service + "-" + i);
  }

  private JsonObject row(JsonArray rows, String service) {
    return rows.stream().map(JsonObject.class::cast).filter(x -> x.getString("service").equals(service)).findFirst().orElseThrow();
  }

  @Test
  void theDeskThatMeetsItsSlaAndDisappointsIsTheWatermelon() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/watermelons").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    assertThat(rows.getJsonObject(0).getString("service")).isEqualTo("Melon Desk");
    JsonObject melon = row(rows, "Melon Desk");
    assertThat(melon.getBoolean("watermelon")).isTrue();
    assertThat(melon.getDouble("slaMetShare")).isEqualTo(38 / 40.0);
    assertThat(melon.getLong("n")).isEqualTo(38);
    assertThat(melon.getDouble("csatWhenSlaMet")).isEqualTo(4 / 38.0);
    assertThat(melon.getDouble("upper")).isLessThan(0.8);
    assertThat(row(rows, "Late Desk").getBoolean("watermelon")).as("red on both: no disguise").isFalse();
    assertThat(row(rows, "Good Desk").getBoolean("watermelon")).isFalse();
    JsonObject tiny = row(rows, "Tiny Desk");
    assertThat(tiny.getBoolean("suppressed")).isTrue();
    assertThat(tiny.getBoolean("watermelon")).isFalse();
    assertThat(tiny.getValue("csatWhenSlaMet")).isNull();
  }

  @Test
  void theTargetsAreTheCallersToSet() throws Exception {
    // With an SLA target above what Melon Desk reaches, it is simply red, not a watermelon.
    JsonArray strict = ApiTest.await(client.get("/api/v1/watermelons?slaTarget=0.99").send()).bodyAsJsonArray();
    assertThat(row(strict, "Melon Desk").getBoolean("watermelon")).isFalse();
    // With a CSAT target under what Melon Desk reaches, its customers are not red.
    JsonArray lenient = ApiTest.await(client.get("/api/v1/watermelons?target=0.05").send()).bodyAsJsonArray();
    assertThat(row(lenient, "Melon Desk").getBoolean("watermelon")).isFalse();
  }

  @Test
  void watermelonsOnlyLeavesJustThemForAnAlertRule() throws Exception {
    JsonArray only = ApiTest.await(client.get("/api/v1/watermelons?watermelonsOnly=true").send()).bodyAsJsonArray();
    assertThat(only).hasSize(1);
    assertThat(only.getJsonObject(0).getString("service")).isEqualTo("Melon Desk");
    JsonArray none = ApiTest.await(client.get("/api/v1/watermelons?watermelonsOnly=true&slaTarget=0.99").send()).bodyAsJsonArray();
    assertThat(none).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/watermelons?target=80         | target",
        "/api/v1/watermelons?slaTarget=1       | slaTarget",
        "/api/v1/watermelons?target=high       | target",
        "/api/v1/watermelons?from=yesterday    | from",
        "/api/v1/watermelons?watermelonsOnly=1 | watermelonsOnly",
      })
  void badParametersAre400NamingThem(String path, String field) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get(path).send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }
}
