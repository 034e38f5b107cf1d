package io.perceive.api;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.SurveyResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The export at scale, not a test: N answers (default 1,000,000; 50 services, 40 support groups,
 * 400 agents, two years, 40% with a comment and a stored score) in a wire-protocol store held by
 * this JVM, standing in for MongoDB; then Perceive in a process of its own with {@code -Xmx256m}
 * on that store, asked for {@code /api/v1/exports/responses?format=csv} of the whole two years,
 * the answer counted as it streams in and thrown away. Prints the rows, bytes and time, and the
 * exporting process's heap after each collection (from its GC log) and its peak resident size.
 * Run with
 * {@code ./mvnw -q -pl api -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test}
 * then {@code java -Xmx8g -cp "api/target/test-classes:api/target/classes:$(cat api/target/bench.cp)" io.perceive.api.ExportMemoryCheck 1000000}.
 */
public final class ExportMemoryCheck {

  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String heap = args.length > 1 ? args[1] : "-Xmx256m";
    Instant now = Instant.parse(TestTime.PINNED);
    MongoServer server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    String uri = "mongodb://127.0.0.1:" + address.getPort();
    Vertx vertx = Vertx.vertx();
    long fill = System.nanoTime();
    MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", uri).put("db_name", "perceive"));
    MongoResponseRepository responses = new MongoResponseRepository(mongo, ZoneOffset.UTC);
    Random random = new Random(42);
    for (int from = 0; from < n; from += 5_000) {
      List<SurveyResponse> batch = new ArrayList<>(5_000);
      for (int i = from; i < Math.min(n, from + 5_000); i++) {
        batch.add(answer(random, i, now));
      }
      StoreServices.await(responses.insertAll(batch));
    }
    JsonObject score =
        new JsonObject()
            .put("sentiment", new JsonObject().put("score", -0.4).put("label", "negative"))
            .put("competency", new JsonObject().put("timeliness", -0.6).put("courtesy", 0.3))
            .put("language", "en");
    // Counted in the rollups as far as a serving instance can tell: its sweep leaves them alone.
    StoreServices.await(
        mongo.updateCollectionWithOptions(
            MongoResponseRepository.COLLECTION, new JsonObject(), new JsonObject().put("$set", new JsonObject().put("rolledUp", true)),
            new UpdateOptions().setMulti(true)));
    StoreServices.await(
        mongo.updateCollectionWithOptions(
            MongoResponseRepository.COLLECTION, new JsonObject().put("comment", new JsonObject().put("$exists", true)),
            new JsonObject().put("$set", new JsonObject().put("scored", true).put("score", score)), new UpdateOptions().setMulti(true)));
    System.out.printf(Locale.ROOT, "store filled: %,d answers in %.0f s%n", n, (System.nanoTime() - fill) / 1e9);
    StoreServices.await(mongo.close());

    Path dir = Files.createTempDirectory("perceive-export-check");
    Path gcLog = dir.resolve("gc.log");
    int port = PerceiveProcess.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java, heap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                "io.perceive.api.Main", "--port", String.valueOf(port), "serve", "--as-of", now.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("perceive.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("PERCEIVE_"));
    builder.environment().putAll(
        Map.of("PERCEIVE_MONGO_URI", uri, "PERCEIVE_DATA_DIR", dir.resolve("data").toString(), "PERCEIVE_ANALYTICS_SCORING", "false"));
    Process perceive = builder.start();
    try {
      awaitReady(perceive, port);
      long start = System.nanoTime();
      HttpResponse<InputStream> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/exports/responses?format=csv&from=now-800d&to=now"))
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      long bytes = 0;
      long lines = 0;
      try (InputStream in = answer.body()) {
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = in.read(buffer)) > 0) {
          bytes += read;
          for (int k = 0; k < read; k++) {
            lines += buffer[k] == '\n' ? 1 : 0;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long peakAfter = 0;
      long peakBefore = 0;
      int collections = 0;
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC.matcher(line);
        if (m.find()) {
          collections++;
          peakBefore = Math.max(peakBefore, Long.parseLong(m.group(1)));
          peakAfter = Math.max(peakAfter, Long.parseLong(m.group(2)));
        }
      }
      String rss = Files.readAllLines(Path.of("/proc/" + perceive.pid() + "/status")).stream()
          .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
      System.out.printf(
          Locale.ROOT,
          "export %s: HTTP %d, %,d lines (%,d answers + header) in %.1f s (%.0f rows/s), %,d MB; alive after: %s; "
              + "%d collections, heap before a collection at most %d MB, after at most %d MB; peak resident %s%n",
          heap, answer.statusCode(), lines, n, seconds, (lines - 1) / seconds, bytes >> 20, perceive.isAlive(), collections,
          peakBefore, peakAfter, rss.substring(rss.indexOf(' ') + 1));
      if (lines != n + 1L || !perceive.isAlive()) {
        System.out.println("FAILED: expected " + (n + 1) + " lines from a live process; see " + dir.resolve("perceive.log"));
        System.exit(1);
      }
    } finally {
      perceive.destroy();
      perceive.waitFor();
      server.shutdownNow();
      vertx.close();
    }
  }

  private static SurveyResponse answer(Random r, int i, Instant now) {
    Instant at = now.minus(Duration.ofMinutes(r.nextInt(2 * 365 * 24 * 60)));
    int rating = 1 + r.nextInt(5);
    int agent = r.nextInt(400);
    String comment = r.nextInt(10) < 4 ? pick(r, "Took three days, still waiting for an update.", "Quick fix, thanks!",
        "The agent was friendly, but the problem came back the next day.", "Nobody told me what was going on.") : null;
    return new SurveyResponse(
        "export-" + i, "bench", "b-" + i, "Service " + r.nextInt(50), rating, r.nextInt(11), 1 + r.nextInt(7), comment,
        "INC" + i, "Group " + agent % 40, "Agent " + agent, r.nextBoolean(), at.minus(Duration.ofHours(30)), at.minus(Duration.ofHours(2)), at);
  }

  private static void awaitReady(Process perceive, int port) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && perceive.isAlive()) {
      try {
        if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      perceive.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException("perceive did not become ready");
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
