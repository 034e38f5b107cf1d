package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.importer.ImportFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a 10,000-row import with 100 bad rows stores exactly 9,900 and reports the 100
 * lines; re-importing stores nothing twice. Through HTTP and through {@code perceive import}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ImportTest {

  @TempDir Path dir;

  /** A CSV with quoted commas and line breaks, and every 100th row bad; fills {@code badLines}. */
  static String csv(String service, int rows, List<Long> badLines) {
    StringBuilder out = new StringBuilder("service,rating,nps,comment,ticketId,slaMet,respondedAt\n");
    String at = TestTime.now().minus(2, ChronoUnit.HOURS).toString();
    long line = 2;
    for (int i = 0; i < rows; i++) {
      boolean bad = i % 100 == 42;
      String rating = bad && i % 200 == 42 ? "9" : String.valueOf(1 + i % 5);
      String nps = bad && i % 200 != 42 ? "lots" : String.valueOf(i % 11);
      String comment = i % 50 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : i % 7 == 0 ? "\"fast, friendly\"" : "";
      if (bad) {
        badLines.add(line);
      }
      out.append(service).append(',').append(rating).append(',').append(nps).append(',').append(comment).append(',')
          .append(i % 3 == 0 ? "T-" + i : "").append(',').append(i % 2 == 0 ? "yes" : "no").append(',').append(at).append('\n');
      line += comment.contains("\n") ? 2 : 1;
    }
    return out.toString();
  }

  private static long trendN(WebClient client, String service) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/trends?metric=csat&interval=month&service=" + service).send());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonArray().stream().mapToLong(o -> ((JsonObject) o).getLong("n")).sum();
  }

  @Test
  void httpImportKeepsGoodRowsReportsBadOnesAndIsIdempotent() throws Exception {
    List<Long> badLines = new ArrayList<>();
    String body = csv("ImportHttp", 10_000, badLines);
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dir.resolve("data"), Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      HttpResponse<Buffer> r =
          ApiTest.await(client.post("/api/v1/imports?source=history").putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(body)));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
      JsonObject report = r.bodyAsJsonObject();
      assertThat(report.getLong("rows")).isEqualTo(10_000);
      assertThat(report.getLong("stored")).isEqualTo(9_900);
      assertThat(report.getLong("rejected")).isEqualTo(100);
      JsonArray errors = report.getJsonArray("errors");
      assertThat(errors.stream().map(e -> ((JsonObject) e).getLong("line")).toList()).isEqualTo(badLines);
      assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")).distinct().sorted().toList()).containsExactly("nps", "rating");
      assertThat(trendN(client, "ImportHttp")).isEqualTo(9_900);

      HttpResponse<Buffer> again =
          ApiTest.await(client.post("/api/v1/imports?source=history").putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(body)));
      assertThat(again.bodyAsJsonObject().getLong("stored")).isZero();
      assertThat(again.bodyAsJsonObject().getLong("alreadyStored")).isEqualTo(9_900);
      assertThat(trendN(client, "ImportHttp")).isEqualTo(9_900);

      String jsonl = "{\"service\":\"ImportJsonl\",\"rating\":5}\nnot json\n{\"service\":\"ImportJsonl\",\"rating\":4,\"nps\":9}\n[1]\n";
      HttpResponse<Buffer> lines =
          ApiTest.await(client.post("/api/v1/imports").putHeader("Content-Type", "application/x-ndjson").sendBuffer(Buffer.buffer(jsonl)));
      assertThat(lines.statusCode()).isEqualTo(200);
      assertThat(lines.bodyAsJsonObject().getLong("stored")).isEqualTo(2);
      assertThat(lines.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getLong("line")).toList()).containsExactly(2L, 4L);

      HttpResponse<Buffer> badHeader =
          ApiTest.await(client.post("/api/v1/imports").putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer("service,stars\nX,4\n")));
      assertThat(badHeader.statusCode()).isEqualTo(400);
      assertThat(badHeader.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(badHeader.bodyAsJsonObject().getString("field")).isEqualTo("header");

      HttpResponse<Buffer> badType =
          ApiTest.await(client.post("/api/v1/imports").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{}")));
      assertThat(badType.statusCode()).isEqualTo(415);

      // --server: the same file through the running server is a no-op re-import
      Path file = Files.writeString(dir.resolve("history.csv"), body);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int status =
          FileImport.run(
              TestApps.config(dir.resolve("data"), Optional.empty(), 1),
              new FileImport.Options(file, ImportFormat.CSV, "history", Optional.of(URI.create("http://127.0.0.1:" + app.port())), false),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(status).isEqualTo(FileImport.SOME_ROWS_REJECTED);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 stored, 9900 already stored, 100 rejected");

      // the embedded store is held by this server: a direct import explains instead of failing
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int locked =
          FileImport.run(
              TestApps.config(dir.resolve("data"), Optional.empty(), 1),
              new FileImport.Options(file, ImportFormat.CSV, "history", Optional.empty(), false),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(locked).isEqualTo(FileImport.STORE_IN_USE);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("in use", "--server");
      client.close();
    }
  }

  @Test
  void theCliImportsStraightIntoTheStoreThatServeUses() throws Exception {
    List<Long> badLines = new ArrayList<>();
    Path file = Files.writeString(dir.resolve("cli.csv"), csv("ImportCli", 10_000, badLines));
    Path dataDir = dir.resolve("cli-data");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        FileImport.run(
            TestApps.config(dataDir, Optional.empty(), 1),
            new FileImport.Options(file, ImportFormat.CSV, "import", Optional.empty(), true),
            TestTime.clock(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(FileImport.SOME_ROWS_REJECTED);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("10000 rows, 9900 stored, 0 already stored, 100 rejected");
    for (long line : badLines) {
      assertThat(printed).contains("line " + line + ", ");
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("100%", "rows/s", "ETA");

    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      assertThat(trendN(client, "ImportCli")).isEqualTo(9_900);
      client.close();
    }
  }
}
