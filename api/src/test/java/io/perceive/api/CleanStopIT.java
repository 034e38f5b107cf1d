package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance: SIGTERM while 32 clients post and the scorer works. Every acknowledged response is
 * stored, readiness answered 503 before the port closed, and the log holds no WARN or ERROR.
 * Also: a second Perceive on a data directory another one holds exits non-zero naming it.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class CleanStopIT {

  static final int CLIENTS = 32;
  static final int SIGTERM_AFTER_ACKS = 400;

  // HTTP/1.1: an h2c upgrade that a client abandons makes Vert.x's HTTP/2 metrics log an ERROR
  // (a NullPointerException in requestReset) that has nothing to do with stopping.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
  private final String respondedAt = TestTime.now().minus(Duration.ofHours(1)).toString();
  private final Path jar = Path.of("target", "perceive.jar").toAbsolutePath();

  private Path workDir(String name) throws IOException {
    return Files.createDirectories(Path.of("target", name, String.valueOf(System.currentTimeMillis()))).toAbsolutePath();
  }

  @Test
  void sigtermWhileClientsPostAndTheScorerWorksLosesNothingAndLogsNoWarning() throws Exception {
    Path dir = workDir("stop-it");
    Path dataDir = dir.resolve("data");
    Path log = dir.resolve("perceive.log");
    int port = PerceiveProcess.freePort();
    Map<String, String> env =
        Map.of("PERCEIVE_DATA_DIR", dataDir.toString(), "PERCEIVE_HTTP_HOST", "127.0.0.1", "PERCEIVE_ANALYTICS_SCORING", "true");
    PerceiveProcess server = PerceiveProcess.start(jar, port, env, log, "-Xmx2g", Duration.ofSeconds(120));

    // The scorer at work: comments waiting, and the models loaded (a first comment scored).
    for (int i = 0; i < 20; i++) {
      assertThat(post(port, "seed-" + i)).isIn(200, 201);
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (scored(port) < 1) {
      assertThat(System.nanoTime()).as("the scorer scored a first comment within 4 minutes").isLessThan(deadline);
      server.pause(250);
    }

    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong first503 = new AtomicLong();
    AtomicLong portClosed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      pool.execute(
          () -> {
            for (int n = 0; !done.get(); n++) {
              String id = "c" + client + "-" + n;
              try {
                int status = post(port, id);
                if (status == 200 || status == 201) {
                  acked.add(id);
                }
              } catch (IOException | InterruptedException e) {
                return; // the port is closed
              }
            }
          });
    }
    pool.execute(
        () -> {
          while (!done.get()) {
            try {
              int status = get(port, "/ready");
              if (status == 503) {
                first503.compareAndSet(0, System.nanoTime());
              }
            } catch (IOException | InterruptedException e) {
              portClosed.compareAndSet(0, System.nanoTime());
              return;
            }
          }
        });
    while (acked.size() < SIGTERM_AFTER_ACKS) {
      assertThat(server.isAlive()).isTrue();
      server.pause(20);
    }
    long scoredAtSigterm = scored(port);
    int exit = server.terminate(Duration.ofSeconds(60));
    done.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    List<String> lines = Files.readAllLines(log);
    int stopping = lines.indexOf(lines.stream().filter(l -> l.contains("perceive stopping")).findFirst().orElseThrow());
    assertThat(lines.subList(stopping, lines.size()))
        .as("what the stop logged, WARN or ERROR")
        .filteredOn(l -> l.contains(" WARN ") || l.contains(" ERROR "))
        .isEmpty();
    assertThat(lines).as("ERROR anywhere in the log").filteredOn(l -> l.contains(" ERROR ")).isEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("perceive stopped");
    assertThat(first503.get()).as("readiness answered 503 during the stop").isPositive();
    assertThat(portClosed.get()).as("the port closed").isPositive();
    assertThat(first503.get()).as("readiness turned 503 before the port closed").isLessThan(portClosed.get());

    Set<String> stored = new HashSet<>();
    long unfinished;
    Vertx vertx = Vertx.vertx();
    try (EmbeddedMongo store = EmbeddedMongo.start(dataDir, 0)) {
      MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", store.connectionString()).put("db_name", "perceive"));
      for (JsonObject doc : ApiTest.await(mongo.find("responses", new JsonObject().put("source", "stop-test")))) {
        stored.add(doc.getString("sourceId"));
      }
      unfinished = ApiTest.await(mongo.count("responses", new JsonObject().put("rolledUp", false)));
      ApiTest.await(mongo.close());
    } finally {
      ApiTest.await(vertx.close());
    }
    assertThat(stored).as("every acknowledged response is stored").containsAll(acked);
    assertThat(unfinished).as("responses stored but not counted in the rollups").isZero();
    System.out.printf(
        "stop test: %d acknowledged, %d stored, %d comments scored at SIGTERM, readiness 503 %.1f ms before the port closed, exit %d%n",
        acked.size(), stored.size(), scoredAtSigterm, (portClosed.get() - first503.get()) / 1e6, exit);
  }

  @Test
  void aSecondPerceiveOnAHeldDataDirectoryExitsNamingIt() throws Exception {
    Path dir = workDir("held-it");
    Path dataDir = dir.resolve("data");
    Map<String, String> env = Map.of("PERCEIVE_DATA_DIR", dataDir.toString(), "PERCEIVE_HTTP_HOST", "127.0.0.1");
    try (PerceiveProcess first = PerceiveProcess.start(jar, PerceiveProcess.freePort(), env, dir.resolve("first.log"))) {
      Path secondLog = dir.resolve("second.log");
      Process second = PerceiveProcess.launch(jar, PerceiveProcess.freePort(), env, secondLog, "-Xmx256m");
      assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("the second process exits").isTrue();
      assertThat(second.exitValue()).isNotZero();
      assertThat(Files.readString(secondLog)).contains("another Perceive holds the data directory " + dataDir);
      assertThat(first.isAlive()).isTrue();
    }
  }

  private int post(int port, String id) throws IOException, InterruptedException {
    JsonObject body =
        new JsonObject().put("service", "Stop Test").put("rating", 1 + Math.floorMod(id.hashCode(), 5)).put("respondedAt", respondedAt)
            .put("source", "stop-test").put("sourceId", id)
            .put("comment", "The agent was friendly but it took three days to fix my laptop, ticket " + id);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/responses"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private int get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static final Pattern SCORED = Pattern.compile("(?m)^perceive_comments_scored_total(?:\\{[^}]*\\})? ([0-9.E]+)$");

  private long scored(int port) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build();
    Matcher m = SCORED.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }
}
