package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Annotations over HTTP and their measured effect. Fix Desk's customers were half satisfied
 * every week before its improvement on 1 March 2027 and nine in ten after; Flat Desk stayed as
 * it was; Tiny Desk has three answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnnotationsTest extends LocalAppTest {

  private static final Instant ACTION = Instant.parse("2027-03-01T09:00:00Z");


  @BeforeAll
  void load() throws Exception {
    JsonArray batch = new JsonArray();
    int id = 0;
    // Eight weeks before (Jan 4 to Feb 22) and five after (Mar 3 to Mar 31), ten answers each.
    for (int week = -8; week <= 5; week++) {
      if (week == 0) {
        continue;
      }
      Instant at = week < 0 ? ACTION.plus(Duration.ofDays(7L * week)) : ACTION.plus(Duration.ofDays(2 + 7L * (week - 1)));
      int satisfied = week < 0 ? new int[] {5, 4, 5, 6, 5, 4, 5, 6}[week + 8] : 9;
      for (int i = 0; i < 10; i++) {
        batch.add(answer("Fix Desk", id++, i < satisfied ? 5 : 2, at, week < 0 ? 240 + 240 * (i % 2) : 15 * (i % 2)));
        batch.add(answer("Flat Desk", id++, i < 6 ? 5 : 2, at, null));
        // Outages on 1 March: Storm Desk's customers heard nothing, Calm Desk's got updates.
        batch.add(answer("Storm Desk", id++, i < (week < 0 ? 9 : 4) ? 5 : 2, at, null));
        batch.add(answer("Calm Desk", id++, i < 8 ? 5 : 2, at, null));
      }
    }
    for (int i = 0; i < 3; i++) {
      batch.add(answer("Tiny Desk", id++, 4, ACTION.minus(Duration.ofDays(3)), null));
    }
    post(batch);
  }

  private static JsonObject answer(String service, int i, int rating, Instant at, Integer lost) {
    return new JsonObject()
        .put("service", service).put("rating", rating).put("respondedAt", at.toString()).put("lostMinutes", lost)
        .put("source", "test").put("sourceId", service + "-" + i);
  }

  private JsonObject create(JsonObject body) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/annotations").sendJson(body));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/annotations/" + r.bodyAsJsonObject().getString("id"));
    return r.bodyAsJsonObject();
  }

  private JsonObject effect(String id) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/annotations/" + id + "/effect").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject improvement(String service) {
    return new JsonObject()
        .put("service", service).put("kind", "improvement").put("title", "New portal").put("start", ACTION.toString())
        .put("metrics", new JsonArray().add("csat").add("lostTime"));
  }

  @Test
  void anImprovementThatWorkedIsImprovedWithItsIntervalAndItsInterruptedTimeSeries() throws Exception {
    JsonObject created = create(improvement("Fix Desk"));
    assertThat(created.getString("createdBy")).isEqualTo("local");
    JsonObject body = effect(created.getString("id"));
    assertThat(body.getJsonObject("before").getLong("from")).isEqualTo(Instant.parse("2027-02-01T00:00:00Z").toEpochMilli());
    assertThat(body.getJsonObject("after").getLong("from")).as("the action's own day left out")
        .isEqualTo(Instant.parse("2027-03-02T00:00:00Z").toEpochMilli());
    JsonObject csat = body.getJsonArray("effects").getJsonObject(0);
    assertThat(csat.getString("metric")).isEqualTo("csat");
    assertThat(csat.getString("test")).isEqualTo("two-proportion z");
    assertThat(csat.getLong("nBefore")).isEqualTo(40);
    assertThat(csat.getLong("nAfter")).isEqualTo(40);
    assertThat(csat.getDouble("beforeValue")).isEqualTo(0.5);
    assertThat(csat.getDouble("afterValue")).isEqualTo(0.9);
    assertThat(csat.getDouble("difference")).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(csat.getDouble("lower")).isPositive();
    assertThat(csat.getDouble("pValue")).isLessThan(0.001);
    assertThat(csat.getString("verdict")).isEqualTo("improved");
    JsonObject its = csat.getJsonObject("interruptedTimeSeries");
    // The week of the action (Monday 1 March) is left out: eight weeks before, four after.
    assertThat(its.getInteger("weeks")).isEqualTo(12);
    assertThat(its.getDouble("levelChange")).isCloseTo(0.3667, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(its.getDouble("levelLower")).isLessThan(its.getDouble("levelChange"));
    assertThat(its.getDouble("levelPValue")).isLessThan(0.05);
    JsonObject lost = body.getJsonArray("effects").getJsonObject(1);
    assertThat(lost.getString("test")).isEqualTo("Welch t");
    assertThat(lost.getDouble("difference")).as("minutes lost, after minus before").isEqualTo(7.5 - 360);
    assertThat(lost.getString("verdict")).as("less time lost is better").isEqualTo("improved");
  }

  @Test
  void noChangeAndTooFewAnswersAreSaidPlainly() throws Exception {
    JsonObject flat = effect(create(improvement("Flat Desk")).getString("id"));
    assertThat(flat.getJsonArray("effects").getJsonObject(0).getString("verdict")).isEqualTo("no measurable change");
    assertThat(flat.getJsonArray("effects").getJsonObject(0).getDouble("pValue")).isEqualTo(1.0);
    assertThat(flat.getJsonArray("effects").getJsonObject(1).getString("verdict")).as("no lost time answered").isEqualTo("too few answers");
    JsonObject tiny = effect(create(improvement("Tiny Desk")).getString("id"));
    assertThat(tiny.getJsonArray("effects").getJsonObject(0).getString("verdict")).isEqualTo("too few answers");
  }

  @Test
  void crudKeepsWhoAndWhenAndGrafanaGetsItsShape() throws Exception {
    JsonObject created = create(new JsonObject()
        .put("service", "*").put("kind", "change").put("title", "Network upgrade").put("start", "2027-04-01T08:00:00Z")
        .put("end", "2027-04-01T12:00:00Z"));
    String id = created.getString("id");
    assertThat(created.getJsonArray("metrics").getList()).as("CSAT unless named").containsExactly("csat");
    HttpResponse<Buffer> patched = ApiTest.await(client.patch("/api/v1/annotations/" + id)
        .sendJson(new JsonObject().put("title", "Core network upgrade").put("description", "Both core switches")));
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().getString("title")).isEqualTo("Core network upgrade");
    // The tests' clock runs on from its pinned instant.
    assertThat(Instant.parse(patched.bodyAsJsonObject().getString("updatedAt"))).isBetween(TestTime.now().minusSeconds(600), TestTime.now());
    assertThat(Instant.parse(patched.bodyAsJsonObject().getString("createdAt")))
        .isBeforeOrEqualTo(Instant.parse(patched.bodyAsJsonObject().getString("updatedAt")));
    assertThat(ApiTest.await(client.get("/api/v1/annotations/" + id).send()).bodyAsJsonObject().getString("description"))
        .isEqualTo("Both core switches");

    JsonArray grafana = ApiTest.await(client.get("/api/v1/annotations?format=grafana&service=VPN&kind=change").send()).bodyAsJsonArray();
    JsonObject row = grafana.stream().map(JsonObject.class::cast).filter(r -> r.getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(row.getLong("time")).isEqualTo(Instant.parse("2027-04-01T08:00:00Z").toEpochMilli());
    assertThat(row.getLong("timeEnd")).isEqualTo(Instant.parse("2027-04-01T12:00:00Z").toEpochMilli());
    assertThat(row.getString("title")).isEqualTo("Core network upgrade");
    assertThat(row.getJsonArray("tags").getList()).contains("change", "*");
    JsonArray outOfRange = ApiTest.await(client.get("/api/v1/annotations?from=2027-04-05T00:00:00Z&to=now").send()).bodyAsJsonArray();
    assertThat(outOfRange.stream().map(r -> ((JsonObject) r).getString("id"))).doesNotContain(id);

    assertThat(ApiTest.await(client.delete("/api/v1/annotations/" + id).send()).statusCode()).isEqualTo(204);
    assertThat(ApiTest.await(client.get("/api/v1/annotations/" + id).send()).statusCode()).isEqualTo(404);
    assertThat(ApiTest.await(client.get("/api/v1/annotations/" + id + "/effect").send()).statusCode()).isEqualTo(404);
  }

  @Test
  void incidentsWithUpdatesAreComparedWithThoseWithout() throws Exception {
    for (boolean told : new boolean[] {true, false}) {
      create(new JsonObject()
          .put("service", told ? "Calm Desk" : "Storm Desk").put("kind", "incident").put("title", "Outage")
          .put("start", ACTION.toString()).put("end", ACTION.plus(Duration.ofHours(6)).toString()).put("communicated", told));
    }
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/incidents/communication").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    JsonObject told = body.getJsonObject("communicated");
    assertThat(told.getLong("incidents")).isEqualTo(1);
    assertThat(told.getDouble("beforeValue")).isEqualTo(0.8);
    assertThat(told.getDouble("afterValue")).isEqualTo(0.8);
    assertThat(told.getString("verdict")).isEqualTo("no measurable change");
    JsonObject silent = body.getJsonObject("notCommunicated");
    assertThat(silent.getDouble("beforeValue")).isEqualTo(0.9);
    assertThat(silent.getDouble("afterValue")).isEqualTo(0.4);
    assertThat(silent.getString("verdict")).isEqualTo("worsened");
    JsonObject gap = body.getJsonObject("gap");
    assertThat(gap.getDouble("difference")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(gap.getDouble("lower")).isPositive();
    assertThat(body.getString("verdict")).isEqualTo("held up better");
    HttpResponse<Buffer> bad = ApiTest.await(client.get("/api/v1/incidents/communication?metric=courtesy").send());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("metric");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"kind\": \"improvement\", \"title\": \"x\", \"start\": \"2027-03-01T00:00:00Z\"}                   | service",
        "{\"service\": \"VPN\", \"kind\": \"party\", \"title\": \"x\", \"start\": \"2027-03-01T00:00:00Z\"}  | kind",
        "{\"service\": \"VPN\", \"kind\": \"change\", \"title\": \"x\", \"start\": \"yesterday\"}            | start",
        "{\"service\": \"VPN\", \"kind\": \"change\", \"title\": \"x\", \"start\": \"2027-03-02T00:00:00Z\", \"end\": \"2027-03-01T00:00:00Z\"} | end",
        "{\"service\": \"VPN\", \"kind\": \"change\", \"title\": \"x\", \"start\": \"2027-03-01T00:00:00Z\", \"metrics\": [\"mood\"]} | metrics/0",
        "{\"service\": \"VPN\", \"kind\": \"change\", \"title\": \"x\", \"start\": \"2027-03-01T00:00:00Z\", \"colour\": 1} | colour",
      })
  void aBadAnnotationIs400NamingTheField(String body, String field) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(
        client.post("/api/v1/annotations").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }

  @Test
  void effectParametersAreChecked() throws Exception {
    String id = create(improvement("Flat Desk")).getString("id");
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/annotations/" + id + "/effect?window=2").send());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("window");
  }
}
