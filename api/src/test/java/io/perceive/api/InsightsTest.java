package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Buckets;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
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
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.of(new PerceiveApp.Demo(42, 12_000)), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    seedCommentScores();
  }

  /** Six months back to back, the last ending before now. */
  private static final ZonedDateTime FIRST_MONTH =
      TestTime.now().atZone(ZoneOffset.UTC).withDayOfMonth(10).minusMonths(7).withHour(12);

  /**
   * Comment scores the demo does not have (it starts without a scorer), written through the score
   * rollup repository into the app's store: "Curt Desk" draws negative courtesy mentions in 12 of
   * every 20, five other desks in 2 of 20; "Warming Desk"'s courtesy mentions improve every month.
   */
  private void seedCommentScores() throws Exception {
    MongoClient mongo =
        MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
    MongoScoreRollupRepository repo = new MongoScoreRollupRepository(mongo);
    for (int month = 0; month < 6; month++) {
      Instant at = FIRST_MONTH.plusMonths(month).toInstant();
      for (int i = 0; i < 20; i++) {
        ApiTest.await(repo.add(key("Curt Desk", at), new Scored(courtesy(i < 12 ? -0.6 : 0.5), null), null));
        for (String desk : new String[] {"Desk A", "Desk B", "Desk C", "Desk D", "Desk E"}) {
          ApiTest.await(repo.add(key(desk, at), new Scored(courtesy(i < 2 ? -0.5 : 0.4 + i * 0.01), null), null));
        }
      }
      for (int i = 0; i < 10; i++) {
        ApiTest.await(repo.add(key("Warming Desk", at), new Scored(courtesy(-0.7 + 0.25 * month + 0.02 * i), null), null));
      }
    }
    ApiTest.await(mongo.close());
  }

  private static BucketKey key(String service, Instant at) {
    Buckets b = Buckets.of(at, ZoneOffset.UTC);
    return new BucketKey(service, b.day(), b.dayStart(), b.weekStart(), b.monthStart());
  }

  private static JsonObject courtesy(double score) {
    return new JsonObject()
        .put("sentiment", new JsonObject().put("score", score).put("label", "x"))
        .put("competency", new JsonObject().put("courtesy", score))
        .put("language", "en");
  }

  private static String seededRange() {
    return "&from=" + FIRST_MONTH.minusMonths(1).toInstant().toEpochMilli() + "&to=" + TestTime.now().toEpochMilli();
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

  @ParameterizedTest
  @CsvSource({"month", "week"})
  void trendTestsFindTheBuiltInTrendsAndAtMostOneOther(String interval) throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/trend-tests?metric=csat&interval=" + interval);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    assertThat(row(rows, "ERP (SAP)").getString("direction")).isEqualTo("decreasing");
    assertThat(row(rows, "ERP (SAP)").getDouble("slopePerInterval")).isNegative();
    assertThat(row(rows, "ERP (SAP)").getDouble("qValue")).isLessThanOrEqualTo(0.05).isGreaterThanOrEqualTo(row(rows, "ERP (SAP)").getDouble("pValue"));
    assertThat(row(rows, "Service Desk").getString("direction")).isEqualTo("increasing");
    assertThat(row(rows, "Email").getString("direction")).isEqualTo("no trend");
    java.util.List<String> flagged =
        rows.stream().map(JsonObject.class::cast).filter(x -> x.getString("direction").endsWith("creasing")).map(x -> x.getString("service")).toList();
    assertThat(flagged).as("services with a trend out of 24").hasSizeLessThanOrEqualTo(3);
    // The bucket still filling at "now" is left out and the series says which buckets it used.
    JsonObject email = row(rows, "Email");
    assertThat(email.getInteger("partialBucketsLeftOut")).isBetween(1, 2);
    assertThat(email.getLong("to")).isLessThanOrEqualTo(TestTime.now().toEpochMilli());
    assertThat(email.getLong("from")).isGreaterThanOrEqualTo(TestTime.now().minus(java.time.Duration.ofDays(365)).toEpochMilli());
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

  @Test
  void weakAreasByAgentFindTheCurtOneAndByGroupRankGroups() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/weak-areas?by=agent&metric=csat&from=now-400d");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray agents = r.bodyAsJsonArray();
    JsonObject jordan =
        agents.stream().map(JsonObject.class::cast).filter(x -> x.getString("segment").equals("Jordan K.")).findFirst().orElseThrow();
    assertThat(jordan.getString("by")).isEqualTo("agent");
    assertThat(jordan.containsKey("service")).isFalse();
    assertThat(jordan.getBoolean("weak")).as("the demo's curt agent: %s", jordan).isTrue();
    assertThat(agents.stream().map(JsonObject.class::cast).allMatch(x -> x.getLong("n") >= 5)).as("nobody ranked under the minimum n").isTrue();
    JsonArray groups = get("/api/v1/weak-areas?by=group&from=now-400d").bodyAsJsonArray();
    assertThat(groups.size()).isGreaterThan(1);
    long responses = groups.stream().map(JsonObject.class::cast).mapToLong(x -> x.getLong("n")).sum();
    assertThat(responses).as("every demo response has a support group").isEqualTo(12_000);
  }

  @Test
  void theDemosResponseRatesComeFromItsInvitationsWithVpnBelowTheRest() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/response-rates?interval=month&from=now-120d");
    assertThat(r.statusCode()).isEqualTo(200);
    java.util.Map<String, long[]> perService = new java.util.HashMap<>();
    for (Object o : r.bodyAsJsonArray()) {
      JsonObject row = (JsonObject) o;
      long[] c = perService.computeIfAbsent(row.getString("service"), k -> new long[2]);
      c[0] += row.getLong("answered");
      c[1] += row.getLong("n");
    }
    assertThat(perService).hasSizeGreaterThan(20);
    double vpn = perService.get("VPN")[0] / (double) perService.get("VPN")[1];
    double email = perService.get("Email")[0] / (double) perService.get("Email")[1];
    assertThat(vpn).isLessThan(email - 0.08);
  }

  private static java.util.Map<String, double[]> pooled(JsonArray rows, String value) {
    java.util.Map<String, double[]> out = new java.util.TreeMap<>();
    for (Object o : rows) {
      JsonObject row = (JsonObject) o;
      if (row.getValue(value) != null) {
        double[] sums = out.computeIfAbsent(row.getString("segment"), k -> new double[2]);
        sums[0] += row.getDouble(value) * row.getLong("n");
        sums[1] += row.getLong("n");
      }
    }
    return out;
  }

  @Test
  void theDemosProvidersAndTicketTypesShowInTheNumbers() throws Exception {
    JsonArray providers = get("/api/v1/weak-areas?by=provider&from=now-400d").bodyAsJsonArray();
    JsonObject outsourcer = providers.getJsonObject(0);
    assertThat(outsourcer.getString("segment")).isEqualTo("Nordic Field Services");
    assertThat(outsourcer.getBoolean("weak")).as("the deskside outsourcer: %s", outsourcer).isTrue();
    assertThat(providers.stream().map(JsonObject.class::cast).mapToLong(x -> x.getLong("n")).sum())
        .as("every demo answer names its provider")
        .isEqualTo(12_000);

    java.util.Map<String, double[]> lost = pooled(get("/api/v1/trends?metric=lostTime&by=type&interval=month&from=now-400d").bodyAsJsonArray(), "value");
    double request = lost.get("request")[0] / lost.get("request")[1];
    double incident = lost.get("incident")[0] / lost.get("incident")[1];
    assertThat(request).as("requests cost customers more time").isGreaterThan(incident + 10);

    // Response rates per segment count each invitation once per kind, as per service.
    long perService = get("/api/v1/response-rates?interval=month&from=now-120d").bodyAsJsonArray().stream()
        .mapToLong(x -> ((JsonObject) x).getLong("n")).sum();
    for (String by : List.of("group", "agent", "type", "provider")) {
      JsonArray rows = get("/api/v1/response-rates?interval=month&from=now-120d&by=" + by).bodyAsJsonArray();
      assertThat(rows.getJsonObject(0).getString("by")).isEqualTo(by);
      assertThat(rows.stream().mapToLong(x -> ((JsonObject) x).getLong("n")).sum()).as(by).isEqualTo(perService);
    }
    java.util.Map<String, double[]> rates = pooled(get("/api/v1/response-rates?interval=month&from=now-120d&by=agent").bodyAsJsonArray(), "value");
    assertThat(rates.get("Jordan K.")[0] / rates.get("Jordan K.")[1])
        .as("Network Operations' agents work VPN, whose customers answer least")
        .isLessThan(rates.get("Chen W.")[0] / rates.get("Chen W.")[1]);
  }

  @Test
  void weakAreasOnACompetencyDimensionFindTheDeskCustomersCallRude() throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/weak-areas?metric=courtesy" + seededRange());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    JsonObject curt = rows.getJsonObject(0);
    assertThat(curt.getString("service")).isEqualTo("Curt Desk");
    assertThat(curt.getString("metric")).isEqualTo("courtesy");
    assertThat(curt.getString("share")).isEqualTo("mentions not negative");
    assertThat(curt.getLong("n")).isEqualTo(120);
    assertThat(curt.getDouble("value")).isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(curt.getBoolean("weak")).isTrue();
    assertThat(row(rows, "Desk A").getBoolean("weak")).isFalse();
    // Warming Desk's first three months were all complaints: half its mentions are negative.
    assertThat(rows.stream().map(JsonObject.class::cast).filter(x -> x.getBoolean("weak")).map(x -> x.getString("service")))
        .containsExactly("Curt Desk", "Warming Desk");
  }

  @Test
  void trendTestsOnACompetencyDimensionSeeTheImprovement() throws Exception {
    // Six rising months are as strong as six points can be (p = 0.0085), but seven desks are
    // tested at once: at the default false discovery rate of 0.05 that is not enough (q = 7p).
    JsonObject strict = row(get("/api/v1/trend-tests?metric=courtesy&interval=month" + seededRange()).bodyAsJsonArray(), "Warming Desk");
    assertThat(strict.getString("direction")).isEqualTo("no trend");
    assertThat(strict.getDouble("qValue")).isCloseTo(7 * strict.getDouble("pValue"), org.assertj.core.api.Assertions.within(1e-9));
    HttpResponse<Buffer> r = get("/api/v1/trend-tests?metric=courtesy&interval=month&fdr=0.1" + seededRange());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    JsonObject warming = row(rows, "Warming Desk");
    assertThat(warming.getString("metric")).isEqualTo("courtesy");
    assertThat(warming.getInteger("points")).isEqualTo(6);
    assertThat(warming.getString("direction")).isEqualTo("increasing");
    assertThat(warming.getDouble("slopePerInterval")).isCloseTo(0.25, org.assertj.core.api.Assertions.within(0.02));
    assertThat(row(rows, "Curt Desk").getString("direction")).isEqualTo("no trend");
    // The rating metrics of the same desks do not exist: the demo has no such services.
    assertThat(get("/api/v1/trend-tests?metric=csat&interval=month" + seededRange()).bodyAsJsonArray().stream()
            .map(JsonObject.class::cast).map(x -> x.getString("service")))
        .doesNotContain("Warming Desk");
  }

  @Test
  void weakOnlyKeepsTheWeakRowsAndRelativeTimesReadLikeGrafanas() throws Exception {
    JsonArray all = get("/api/v1/weak-areas?metric=courtesy" + seededRange()).bodyAsJsonArray();
    JsonArray weak = get("/api/v1/weak-areas?metric=courtesy&weakOnly=true" + seededRange()).bodyAsJsonArray();
    assertThat(weak.stream().map(JsonObject.class::cast).map(x -> x.getString("service"))).containsExactly("Curt Desk", "Warming Desk");
    assertThat(all.size()).isGreaterThan(weak.size());
    // The seeded months lie 2-7 months back: a window of the last 30 days holds none of them,
    // one of 250 days all of them.
    assertThat(get("/api/v1/weak-areas?metric=courtesy&from=now-30d&to=now").bodyAsJsonArray()).isEmpty();
    JsonArray recent = get("/api/v1/weak-areas?metric=courtesy&from=now-250d").bodyAsJsonArray();
    assertThat(row(recent, "Curt Desk").getLong("n")).isEqualTo(120);
    assertThat(get("/api/v1/weak-areas?metric=courtesy&from=now-6w&to=now-1h").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/weak-areas?metric=nps           | metric",
        "/api/v1/weak-areas?metric=rudeness      | metric",
        "/api/v1/weak-areas?weakOnly=yes         | weakOnly",
        "/api/v1/weak-areas?by=team              | by",
        "/api/v1/weak-areas?by=agent&metric=nps     | metric",
        "/api/v1/weak-areas?from=now-30x         | from",
        "/api/v1/weak-areas?from=now+1d          | from",
        "/api/v1/trend-tests?to=now-1y           | to",
        "/api/v1/trend-tests?metric=$where       | metric",
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
