package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.importer.ImportFormat;
import io.perceive.ingest.importer.ImportReport;
import io.perceive.ingest.importer.ImportSession;
import io.perceive.ingest.response.ResponseParser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code perceive import FILE}: streams a CSV or JSON Lines file into the store that
 * {@code perceive serve} uses (the embedded store under the data directory, or the configured
 * MongoDB), with a progress bar on stderr; or, with {@code --server URL}, posts it to a running
 * Perceive. The embedded store's file can be open in one process only: while {@code serve}
 * runs on it, import through the server.
 */
final class FileImport {

  /** Exit status when the import finished but rejected rows. */
  public static final int SOME_ROWS_REJECTED = 3;
  /** Exit status when the embedded store is held by a running server. */
  public static final int STORE_IN_USE = 4;
  static final int BATCH = 1_000;

  /** {@code token}: the bearer token sent with {@code --server} (a server with a tokens file wants one with the ingest role). */
  public record Options(Path file, ImportFormat format, String source, Optional<URI> server, boolean progress, Optional<String> token) {

    public Options(Path file, ImportFormat format, String source, Optional<URI> server, boolean progress) {
      this(file, format, source, server, progress, Optional.empty());
    }
  }

  private FileImport() {}

  public static int run(PerceiveConfig config, Options options, PrintStream out, PrintStream err) throws Exception {
    return run(config, options, Clock.systemUTC(), out, err);
  }

  /** As above, judging "not in the future" by {@code clock}. */
  public static int run(PerceiveConfig config, Options options, Clock clock, PrintStream out, PrintStream err) throws Exception {
    ImportReport report = options.server().isPresent() ? viaServer(options, err) : direct(config, options, clock, err);
    if (report == null) {
      return STORE_IN_USE;
    }
    for (ImportReport.RowError e : report.errors()) {
      out.println("line " + e.line() + ", " + e.field() + ": " + e.message());
    }
    if (report.errors().size() < report.rejected()) {
      out.println("... " + (report.rejected() - report.errors().size()) + " more rejected rows not listed");
    }
    out.printf(
        Locale.ROOT,
        "imported %s: %d rows, %d stored, %d already stored, %d rejected%n",
        options.file().getFileName(), report.rows(), report.stored(), report.alreadyStored(), report.rejected());
    return report.rejected() > 0 ? SOME_ROWS_REJECTED : 0;
  }

  private static ImportReport direct(PerceiveConfig config, Options options, Clock clock, PrintStream err) throws Exception {
    Optional<OfflineStore> opened =
        OfflineStore.openOrSay(config, err, "; import through it with --server http://localhost:" + config.http().port() + " or stop it first");
    if (opened.isEmpty()) {
      return null;
    }
    try (OfflineStore store = opened.get()) {
      ImportSession session =
          new ImportSession(new ResponseParser(clock), store.ingest(), options.format(), options.source(), BATCH);
      Progress progress = new Progress(err, Files.size(options.file()), options.progress());
      try (InputStream in = Files.newInputStream(options.file())) {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
          session.feed(buffer, 0, n);
          await(session.flushIfFull());
          progress.update(session.bytes(), session.rows());
        }
      }
      ImportReport report = await(session.finish());
      progress.done(session.bytes(), report.rows());
      return report;
    }
  }

  private static ImportReport viaServer(Options options, PrintStream err) throws Exception {
    URI base = options.server().get();
    String path = base.toString().replaceAll("/+$", "") + "/api/v1/imports?source=" + URLEncoder.encode(options.source(), StandardCharsets.UTF_8);
    String type = options.format() == ImportFormat.CSV ? "text/csv" : "application/x-ndjson";
    if (options.progress()) {
      err.println("perceive: uploading " + options.file().getFileName() + " to " + base + " ...");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(path)).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofFile(options.file()));
    options.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      String detail;
      try {
        detail = new JsonObject(response.body()).getString("detail");
      } catch (RuntimeException e) {
        detail = "HTTP " + response.statusCode();
      }
      throw new IllegalStateException("the server refused the import: " + detail);
    }
    JsonObject json = new JsonObject(response.body());
    List<ImportReport.RowError> errors = new ArrayList<>();
    JsonArray list = json.getJsonArray("errors", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject e = list.getJsonObject(i);
      errors.add(new ImportReport.RowError(e.getLong("line"), e.getString("field"), e.getString("message")));
    }
    return new ImportReport(json.getLong("rows"), json.getLong("stored"), json.getLong("alreadyStored"), json.getLong("rejected"), errors);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return StoreServices.await(future);
  }

  /** A one-line progress bar on stderr: share of bytes read (or rows loaded), rows, rate and time left. */
  public static final class Progress {
    private final PrintStream err;
    private final long total;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDrawn;

    public Progress(PrintStream err, long total, boolean enabled) {
      this.err = err;
      this.total = Math.max(1, total);
      this.enabled = enabled;
    }

    public void update(long bytes, long rows) {
      long now = System.nanoTime();
      if (!enabled || now - lastDrawn < TimeUnit.MILLISECONDS.toNanos(200)) {
        return;
      }
      lastDrawn = now;
      draw(bytes, rows, now);
    }

    public void done(long bytes, long rows) {
      if (enabled) {
        draw(bytes, rows, System.nanoTime());
        err.println();
      }
    }

    private void draw(long bytes, long rows, long now) {
      double seconds = Math.max(1e-3, (now - started) / 1e9);
      double share = Math.min(1.0, bytes / (double) total);
      int filled = (int) Math.round(share * 30);
      long etaSeconds = share <= 0 ? 0 : Math.round(seconds / share - seconds);
      err.printf(
          Locale.ROOT,
          "\r[%s%s] %3d%% %,d rows %,.0f rows/s ETA %d:%02d ",
          "#".repeat(filled), "-".repeat(30 - filled), Math.round(share * 100), rows, rows / seconds,
          etaSeconds / 60, etaSeconds % 60);
      err.flush();
    }
  }
}
