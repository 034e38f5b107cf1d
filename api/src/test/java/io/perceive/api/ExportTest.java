package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.importer.ImportFormat;
import io.perceive.ingest.response.ResponseExport;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.perceive.ingest.store.VersionedCounters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/exports/responses}: one row per answer with its redacted comment and scores,
 * and a CSV export that {@code perceive import} reads into an empty store, which then holds the
 * same rollups (rating counters exactly; comment-score sums to rounding, as the new store's
 * scorer adds them in another order).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExportTest {

  private static final int ANSWERS = 300;
  private static final List<String> ROLLUPS =
      List.of(
          MongoRollupRepository.COLLECTION, MongoRollupRepository.SEGMENTS,
          MongoScoreRollupRepository.COLLECTION, MongoScoreRollupRepository.SEGMENTS);

  @TempDir Path source;
  @TempDir Path target;
  @TempDir Path files;

  private static JsonObject answer(int i, Instant now) {
    Instant at = now.minus(Duration.ofDays(i % 60)).minus(Duration.ofMinutes(i));
    JsonObject a =
        new JsonObject()
            .put("service", List.of("VPN", "Email", "ERP", "Laptops").get(i % 4))
            .put("rating", 1 + i % 5)
            .put("respondedAt", at.toString());
    if (i % 7 != 0) {
      a.put("supportGroup", "Group " + i % 3).put("agent", "Agent " + i % 6);
      // The tools' names for a kind are exported as the kind, and import back as it.
      a.put("ticketType", List.of("Incident", "sc_req_item", "change").get(i % 3)).put("provider", "Provider " + i % 2);
    }
    if (i % 2 == 0) {
      a.put("ticketId", "INC" + i);
    } else if (i % 3 != 0) {
      a.put("source", "itsm").put("sourceId", "S-" + i);
    }
    if (i % 3 == 0) {
      a.put("nps", i % 11);
    }
    if (i % 4 == 0) {
      a.put("ces", 1 + i % 7);
    }
    if (i % 7 == 0) {
      a.put("lostMinutes", i % 90);
    }
    if (i % 5 != 4) {
      a.put("slaMet", i % 2 == 0);
    }
    if (i % 6 == 0) {
      a.put("openedAt", at.minus(Duration.ofHours(30)).toString()).put("resolvedAt", at.minus(Duration.ofHours(2)).toString());
    }
    if (i % 5 < 2) {
      String text =
          switch (i % 4) {
            case 0 -> "the agent was rude, \"very\" rude";
            case 1 -> "fixed it fast;\nthanks, write to ana" + i + "@example.org";
            case 2 -> "Très bien, merci — 5 stars";
            default -> "friendly and patient";
          };
      a.put("comment", text);
    }
    return a;
  }

  @Test
  void aCsvExportImportsBackIntoAnEmptyStoreWithIdenticalRollups() throws Exception {
    Instant now = TestTime.now();
    JsonArray batch = new JsonArray();
    // Each comment is counted for its service, and for its group, agent, type and provider when it has them.
    long mentions = 0;
    for (int i = 0; i < ANSWERS; i++) {
      JsonObject a = answer(i, now);
      batch.add(a);
      mentions += a.containsKey("comment") ? (a.containsKey("agent") ? 5 : 1) : 0;
    }
    String csv;
    Map<String, JsonObject> before;
    try (PerceiveApp app = start(source)) {
      WebClient client = client(app);
      // Two batches: one would be over the body limit.
      for (int half = 0; half < 2; half++) {
        JsonArray part = new JsonArray(batch.getList().subList(half * ANSWERS / 2, (half + 1) * ANSWERS / 2));
        HttpResponse<Buffer> posted = ApiTest.await(client.post("/api/v1/responses").sendJson(part));
        assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
      }
      long expected = mentions;
      TestApps.until(app.vertx(), Duration.ofSeconds(90), "comments scored", () -> scoredMentions(app) == expected);
      String range = "from=" + now.minus(Duration.ofDays(90)).toEpochMilli() + "&to=" + now.plusSeconds(60).toEpochMilli();

      HttpResponse<Buffer> export = ApiTest.await(client.get("/api/v1/exports/responses?" + range).send());
      assertThat(export.statusCode()).isEqualTo(200);
      assertThat(export.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      csv = export.bodyAsString();
      assertThat(csv.substring(0, csv.indexOf('\n'))).isEqualTo(String.join(",", ResponseExport.COLUMNS));
      List<CSVRecord> records =
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
      assertThat(records).as("one row per answer").hasSize(ANSWERS);
      assertThat(records.stream().map(r -> r.get("ticketType")).distinct().sorted().toList()).containsExactly("", "change", "incident", "request");
      assertThat(csv).as("comments are exported redacted").doesNotContain("@example.org").contains("[email]");
      assertThat(records.stream().filter(r -> !r.get("comment").isEmpty()).allMatch(r -> !r.get("score.courtesy").isEmpty()))
          .as("every exported comment has its score")
          .isTrue();
      assertThat(records.stream().map(r -> r.get("respondedAt")).toList()).as("oldest first").isSorted();

      HttpResponse<Buffer> lines = ApiTest.await(client.get("/api/v1/exports/responses?format=jsonl&service=VPN&" + range).send());
      assertThat(lines.statusCode()).isEqualTo(200);
      String[] jsonl = lines.bodyAsString().split("\n");
      assertThat(jsonl).hasSize(ANSWERS / 4);
      assertThat(jsonl).allMatch(l -> new JsonObject(l).getString("service").equals("VPN"));

      HttpResponse<Buffer> none = ApiTest.await(client.get("/api/v1/exports/responses?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z").send());
      assertThat(none.bodyAsString()).as("an empty period: the header only").isEqualTo(String.join(",", ResponseExport.COLUMNS) + "\n");
      HttpResponse<Buffer> bad = ApiTest.await(client.get("/api/v1/exports/responses?format=xlsx").send());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("format");
      before = rollups(app);

      // Any query as a CSV table, for a spreadsheet: the same rows, a header of their fields.
      JsonArray trend = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month").send()).bodyAsJsonArray();
      HttpResponse<Buffer> table =
          ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month").putHeader("Accept", "text/csv, application/json;q=0.5").send());
      assertThat(table.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      List<CSVRecord> trendRecords =
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(table.bodyAsString())).getRecords();
      assertThat(trendRecords).hasSize(trend.size());
      assertThat(trendRecords.get(0).get("service")).isEqualTo(trend.getJsonObject(0).getString("service"));
      assertThat(trendRecords.get(0).get("n")).isEqualTo(String.valueOf(trend.getJsonObject(0).getLong("n")));
      HttpResponse<Buffer> page =
          ApiTest.await(client.get("/api/v1/comments?dimension=courtesy&polarity=any&limit=3").putHeader("Accept", "text/csv").send());
      assertThat(page.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      assertThat(page.bodyAsString().split("\n")[0]).startsWith("time,service,supportGroup,agent,rating,comment");
      assertThat(page.getHeader("Link")).startsWith("</api/v1/comments?").contains("cursor=").endsWith(">; rel=\"next\"");
      assertThat(ApiTest.await(client.get("/api/v1/trends?metric=csat").putHeader("Accept", "application/json, text/csv;q=0.5").send())
              .getHeader("Content-Type"))
          .isEqualTo("application/json");
    }

    Path file = files.resolve("responses.csv");
    Files.writeString(file, csv);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        FileImport.run(
            TestApps.config(target, Optional.empty(), 1),
            new FileImport.Options(file, ImportFormat.CSV, "import", Optional.empty(), false),
            TestTime.clock(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(ANSWERS + " stored, 0 already stored, 0 rejected");

    try (PerceiveApp app = start(target)) {
      long expected = mentions;
      TestApps.until(app.vertx(), Duration.ofSeconds(90), "imported comments scored", () -> scoredMentions(app) == expected);
      Map<String, JsonObject> after = rollups(app);
      assertThat(after.keySet()).isEqualTo(before.keySet());
      before.forEach((id, doc) -> assertSameCounters(id, doc, after.get(id)));
    }
  }

  private static PerceiveApp start(Path dataDir) throws Exception {
    return PerceiveApp.start(
        TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock(),
        Optional.of(SegmentCompetencyTest::courtesyScore));
  }

  private static WebClient client(PerceiveApp app) {
    return WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  /** Comment mentions counted in the service and the segment score rollups together. */
  private static long scoredMentions(PerceiveApp app) throws Exception {
    long n = 0;
    for (Map.Entry<String, JsonObject> e : rollups(app).entrySet()) {
      if (e.getKey().startsWith("rollups_scores_")) {
        n += e.getValue().getLong("courtesy_n", 0L);
      }
    }
    return n;
  }

  /** Every rollup document by collection and id, without the version a recount compares. */
  private static Map<String, JsonObject> rollups(PerceiveApp app) throws Exception {
    MongoClient mongo =
        MongoClient.create(app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
    try {
      Map<String, JsonObject> all = new TreeMap<>();
      for (String collection : ROLLUPS) {
        for (JsonObject doc : ApiTest.await(mongo.find(collection, new JsonObject()))) {
          doc.remove(VersionedCounters.VERSION);
          all.put(collection + "/" + doc.getValue("_id"), doc);
        }
      }
      return all;
    } finally {
      ApiTest.await(mongo.close());
    }
  }

  private static void assertSameCounters(String id, JsonObject expected, JsonObject actual) {
    assertThat(actual.fieldNames()).as(id).isEqualTo(expected.fieldNames());
    for (String field : expected.fieldNames()) {
      Object e = expected.getValue(field);
      Object a = actual.getValue(field);
      if (e instanceof Double || a instanceof Double) {
        assertThat(((Number) a).doubleValue()).as("%s %s", id, field).isCloseTo(((Number) e).doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
      } else {
        assertThat(a).as("%s %s", id, field).isEqualTo(e);
      }
    }
  }
}
