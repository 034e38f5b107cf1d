package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lost time over HTTP: accepted with a response, served as {@code metric=lostTime} in trends
 * (mean minutes with a t interval, and the hours lost in all) and in targets, where a target is
 * a ceiling (lower is better).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LostTimeTest extends LocalAppTest {


  @BeforeAll
  void load() throws Exception {
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 20; i++) {
      batch.add(answer("Slow Desk", i, i % 2 == 0 ? 240 : 480, at));
      batch.add(answer("Quick Desk", i, i % 2 == 0 ? 0 : 30, at));
    }
    batch.add(answer("Quick Desk", 99, null, at));
    post(batch);
    for (String desk : new String[] {"Slow%20Desk", "Quick%20Desk"}) {
      HttpResponse<Buffer> put = ApiTest.await(client.put("/api/v1/catalogue/services/" + desk)
          .sendJson(new JsonObject().put("targets", new JsonObject().put("lostTime", 60))));
      assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
    }
  }

  private static JsonObject answer(String service, int i, Integer lost, String at) {
    return new JsonObject()
        .put("service", service).put("rating", 4).put("respondedAt", at).put("lostMinutes", lost)
        .put("source", "test").put("sourceId", service + "-" + i);
  }

  private JsonArray rows(String path) throws Exception {
    return TestApps.rows(client, path);
  }

  private static JsonObject row(JsonArray rows, String service) {
    return TestApps.row(rows, service);
  }

  @Test
  void trendsServeMeanMinutesWithAnIntervalAndTheHoursLost() throws Exception {
    JsonArray rows = rows("/api/v1/trends?metric=lostTime&interval=month");
    JsonObject slow = row(rows, "Slow Desk");
    assertThat(slow.getString("metric")).isEqualTo("lostTime");
    assertThat(slow.getDouble("value")).isEqualTo(360.0);
    assertThat(slow.getLong("n")).isEqualTo(20);
    // t interval: sd of twenty alternating 240 and 480 is 123.1; t(19, 0.975) = 2.093.
    assertThat(slow.getDouble("upper") - slow.getDouble("value")).isCloseTo(2.093 * 123.1 / Math.sqrt(20), Offset.offset(0.5));
    assertThat(slow.getDouble("hoursLost")).isEqualTo(120.0);
    assertThat(slow.getDouble("target")).isEqualTo(60.0);
    JsonObject quick = row(rows, "Quick Desk");
    assertThat(quick.getLong("n")).as("only the answers that said").isEqualTo(20);
    assertThat(quick.getDouble("hoursLost")).isEqualTo(5.0);
  }

  @Test
  void aLostTimeTargetIsACeiling() throws Exception {
    JsonArray rows = rows("/api/v1/targets?metric=lostTime");
    assertThat(rows.stream().map(r -> ((JsonObject) r).getString("service")).toList()).containsExactly("Slow Desk", "Quick Desk");
    JsonObject slow = row(rows, "Slow Desk");
    assertThat(slow.getString("status")).isEqualTo("breached");
    assertThat(slow.getDouble("gap")).isEqualTo(300.0);
    assertThat(slow.getDouble("hoursLost")).isEqualTo(120.0);
    assertThat(row(rows, "Quick Desk").getString("status")).isEqualTo("met");
  }

  @Test
  void lostMinutesOutsideTheirRangeAre400NamingTheField() throws Exception {
    for (Object bad : new Object[] {-1, 10_081, 1.5, "an hour"}) {
      HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses")
          .sendJson(new JsonObject().put("service", "X").put("rating", 3).put("lostMinutes", bad)));
      assertThat(r.statusCode()).as(String.valueOf(bad)).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("lostMinutes");
    }
  }
}
