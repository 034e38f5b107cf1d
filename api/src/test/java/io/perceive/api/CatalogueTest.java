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
 * The service catalogue over HTTP: seeded from the targets file, changed by an admin (the local
 * caller here), every change a version; and the targets it holds are the ones targets, trends
 * and watermelons use. Each test works on services of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CatalogueTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    Targets targets = new Targets(Map.of(Metric.CSAT, 0.80), Map.of("Seeded Desk", Map.of(Metric.CSAT, 0.90)));
    PerceiveConfig config = TestApps.config(dataDir, 5, targets);
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(3, ChronoUnit.DAYS).toString();
    for (int i = 0; i < 40; i++) {
      for (String service : new String[] {"Seeded Desk", "Melon Desk", "Gone Desk", "Plain Desk"}) {
        // 30 of 40 tickets met their SLA; 10 of those 30 customers were satisfied.
        batch.add(new JsonObject()
            .put("service", service).put("rating", i < 10 || i >= 30 ? 5 : 2).put("respondedAt", at)
            .put("slaMet", i < 30).put("source", "test").put("sourceId", service + "-" + i));
      }
    }
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private HttpResponse<Buffer> put(String service, JsonObject entry) throws Exception {
    return ApiTest.await(client.put("/api/v1/catalogue/services/" + service.replace(" ", "%20")).sendJson(entry));
  }

  private JsonArray rows(String path) throws Exception {
    return TestApps.rows(client, path);
  }

  private static JsonObject row(JsonArray rows, String service) {
    return TestApps.row(rows, service);
  }

  @Test
  void theTargetsFileSeedsItAndServicesWithoutAnEntryAreListed() throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/catalogue").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    JsonObject seeded = row(body.getJsonArray("services"), "Seeded Desk");
    assertThat(seeded.getJsonObject("targets").getDouble("csat")).isEqualTo(0.90);
    assertThat(seeded.getInteger("version")).isEqualTo(1);
    assertThat(seeded.getString("changedBy")).isEqualTo("targets-file");
    // The tests' clock runs on from its pinned instant.
    assertThat(java.time.Instant.parse(seeded.getString("changedAt")))
        .isBetween(TestTime.now().minusSeconds(600), TestTime.now());
    assertThat(body.getJsonObject("organisation").getJsonObject("targets").getDouble("csat")).isEqualTo(0.80);
    assertThat(body.getJsonArray("uncatalogued").getList()).contains("Plain Desk").doesNotContain("Seeded Desk");
    assertThat(row(rows("/api/v1/targets?metric=csat"), "Seeded Desk").getDouble("target")).isEqualTo(0.90);
  }

  @Test
  void anAdminsChangeIsAVersionAndMovesTargetsTrendsAndWatermelons() throws Exception {
    assertThat(row(rows("/api/v1/watermelons"), "Melon Desk").getBoolean("watermelon"))
        .as("75% in time is below the default SLA target of 90%").isFalse();
    JsonObject entry = new JsonObject()
        .put("owner", "Maria Garcia").put("description", "Melons").put("supportGroups", new JsonArray().add("Fruit"))
        .put("slaTarget", 0.70).put("targets", new JsonObject().put("csat", 0.95).put("nps", 10));
    HttpResponse<Buffer> created = put("Melon Desk", entry);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject saved = created.bodyAsJsonObject();
    assertThat(saved.getInteger("version")).isEqualTo(1);
    assertThat(saved.getString("changedBy")).as("the caller's token name; local without tokens").isEqualTo("local");
    assertThat(saved.getJsonArray("supportGroups").getList()).containsExactly("Fruit");

    JsonObject target = row(rows("/api/v1/targets?metric=csat"), "Melon Desk");
    assertThat(target.getDouble("target")).isEqualTo(0.95);
    assertThat(target.getString("status")).isEqualTo("breached");
    rows("/api/v1/trends?metric=csat&interval=week&service=Melon%20Desk")
        .forEach(x -> assertThat(((JsonObject) x).getDouble("target")).isEqualTo(0.95));
    JsonObject melon = row(rows("/api/v1/watermelons"), "Melon Desk");
    assertThat(melon.getDouble("slaTarget")).isEqualTo(0.70);
    assertThat(melon.getDouble("target")).isEqualTo(0.95);
    assertThat(melon.getBoolean("watermelon")).as("in time 75% >= 70%, customers red").isTrue();
    assertThat(row(rows("/api/v1/watermelons?slaTarget=0.9"), "Melon Desk").getBoolean("watermelon"))
        .as("a threshold in the request holds every service").isFalse();

    HttpResponse<Buffer> changed = put("Melon Desk", entry.copy().put("owner", "Ben Taylor"));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    JsonObject got = ApiTest.await(client.get("/api/v1/catalogue/services/Melon%20Desk").send()).bodyAsJsonObject();
    assertThat(got.getString("owner")).isEqualTo("Ben Taylor");
    JsonArray versions = rows("/api/v1/catalogue/services/Melon%20Desk/versions");
    assertThat(versions.stream().map(v -> ((JsonObject) v).getInteger("version")).toList()).containsExactly(2, 1);
    assertThat(versions.getJsonObject(1).getString("owner")).isEqualTo("Maria Garcia");
    JsonObject catalogue = ApiTest.await(client.get("/api/v1/catalogue").send()).bodyAsJsonObject();
    assertThat(catalogue.getJsonArray("uncatalogued").getList()).doesNotContain("Melon Desk");
  }

  @Test
  void aDeletedEntryLeavesTheOrganisationsTargetAndItsHistory() throws Exception {
    assertThat(put("Gone Desk", new JsonObject().put("targets", new JsonObject().put("csat", 0.5))).statusCode()).isEqualTo(201);
    assertThat(row(rows("/api/v1/targets?metric=csat"), "Gone Desk").getDouble("target")).isEqualTo(0.5);
    HttpResponse<Buffer> deleted = ApiTest.await(client.delete("/api/v1/catalogue/services/Gone%20Desk").send());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(ApiTest.await(client.get("/api/v1/catalogue/services/Gone%20Desk").send()).statusCode()).isEqualTo(404);
    assertThat(ApiTest.await(client.delete("/api/v1/catalogue/services/Gone%20Desk").send()).statusCode()).isEqualTo(404);
    assertThat(row(rows("/api/v1/targets?metric=csat"), "Gone Desk").getDouble("target")).isEqualTo(0.80);
    JsonArray versions = rows("/api/v1/catalogue/services/Gone%20Desk/versions");
    assertThat(versions.getJsonObject(0).getBoolean("deleted")).isTrue();
    assertThat(versions).hasSize(2);
    JsonObject catalogue = ApiTest.await(client.get("/api/v1/catalogue").send()).bodyAsJsonObject();
    assertThat(catalogue.getJsonArray("uncatalogued").getList()).contains("Gone Desk");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"targets\": {\"csat\": 80}}               | targets/csat",
        "{\"targets\": {\"happiness\": 1}}           | targets/happiness",
        "{\"targets\": [1]}                          | targets",
        "{\"slaTarget\": 2}                          | slaTarget",
        "{\"owner\": 5}                              | owner",
        "{\"supportGroups\": [\"\"]}                 | supportGroups/0",
        "{\"colour\": \"green\"}                     | colour",
        "[]                                          | body",
      })
  void aBadEntryIs400NamingTheField(String body, String field) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(
        client.put("/api/v1/catalogue/services/Bad%20Desk").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(field);
    assertThat(ApiTest.await(client.get("/api/v1/catalogue/services/Bad%20Desk").send()).statusCode()).isEqualTo(404);
  }
}
