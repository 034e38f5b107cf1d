package io.perceive.dashboards;

import io.perceive.api.PerceiveApp;
import io.perceive.api.config.AsOf;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.demo.DemoData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Perceive serving the demo (seed 42, {@value #RESPONSES} answers) at the tests' pinned clock,
 * with every demo comment scored before the tests start. A keyword scorer stands in for CoreNLP:
 * the dashboards' tests are about panel queries, not about reading comments (the analytics
 * module tests the real models).
 */
final class DemoPerceive implements AutoCloseable {

  /** The tests' clock, as in the api module's TestTime: pinned, and -Dperceive.test.now moves it. */
  static final Clock CLOCK =
      AsOf.clock(System.getProperty("perceive.test.now", System.getenv().getOrDefault("PERCEIVE_TEST_NOW", "2027-04-15T10:00:00Z")));

  private final PerceiveApp app;
  private final WebClient client;
  private final Instant now = CLOCK.instant();

  private DemoPerceive(PerceiveApp app) {
    this.app = app;
    this.client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  static DemoPerceive start(Path dataDir) throws Exception {
    PerceiveConfig config =
        new PerceiveConfig(
            new PerceiveConfig.Http("127.0.0.1", 0, 1024 * 1024),
            new PerceiveConfig.Store(Optional.empty(), "perceive", dataDir),
            new PerceiveConfig.Analytics(5, 0.95, ZoneOffset.UTC));
    DemoPerceive perceive =
        new DemoPerceive(PerceiveApp.start(config, Optional.of(new PerceiveApp.Demo(42, RESPONSES)), CLOCK, Optional.of(DemoPerceive::keywordScore)));
    try {
      perceive.awaitScoring();
      return perceive;
    } catch (Exception | AssertionError e) {
      perceive.close();
      throw e;
    }
  }

  WebClient client() {
    return client;
  }

  /** The demo's services, as its generator names them. */
  Set<String> services() {
    Set<String> services = new TreeSet<>();
    DemoData.generate(42, now, RESPONSES).forEach(r -> services.add(r.service()));
    return services;
  }

  static final int RESPONSES = 6000;
  static final Map<String, List<String>> KEYWORDS =
      Map.of(
          "courtesy", List.of("rude", "friendly", "polite", "curt", "patient"),
          "communication", List.of("informed", "explain", "update", "told"),
          "timeliness", List.of("quick", "fast", "wait", "slow", "days", "long"),
          "resolution", List.of("fixed", "solved", "broken", "came back", "working"),
          "knowledge", List.of("knew", "explain the problem twice", "know the system"));

  static JsonObject keywordScore(String comment, int rating) {
    String text = comment.toLowerCase(java.util.Locale.ROOT);
    double s = rating >= 4 ? 0.6 : rating <= 2 ? -0.6 : 0.0;
    JsonObject competency = new JsonObject();
    KEYWORDS.forEach((dimension, words) -> {
      if (words.stream().anyMatch(text::contains)) {
        competency.put(dimension, s);
      }
    });
    return new JsonObject()
        .put("sentiment", new JsonObject().put("score", s).put("label", "x"))
        .put("competency", competency)
        .put("language", "en");
  }

  /** Waits until every demo comment is scored (the scoring worker catches up in batches). */
  private void awaitScoring() throws Exception {
    long comments =
        DemoData.generate(42, now, RESPONSES).stream()
            .filter(r -> r.comment() != null && !r.comment().isBlank())
            .count();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long scored = 0;
    while (System.nanoTime() < deadline) {
      JsonArray rows =
          client.get("/api/v1/trends?metric=sentiment&interval=month&from=" + now.minus(Duration.ofDays(400)).toEpochMilli() + "&to=" + now.plus(Duration.ofDays(1)).toEpochMilli()).send()
              .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonArray();
      scored = rows.stream().mapToLong(r -> ((JsonObject) r).getLong("n")).sum();
      if (scored >= comments) {
        return;
      }
      new java.util.concurrent.CountDownLatch(1).await(500, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("scored " + scored + " of " + comments + " demo comments in time");
  }

  @Override
  public void close() throws Exception {
    client.close();
    app.close();
  }
}
