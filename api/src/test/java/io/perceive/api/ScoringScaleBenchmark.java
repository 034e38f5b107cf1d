package io.perceive.api;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scoring throughput of one and of two instances on one store (the in-memory wire-protocol
 * server), with a stand-in scorer that spends a fixed CPU time per comment, so the figure is
 * about sharing the work, not about CoreNLP. Not a test: run by hand (docs/benchmarks.md).
 * Arguments: comments, milliseconds of CPU per comment, runs.
 */
public final class ScoringScaleBenchmark {

  private ScoringScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int comments = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    double cpuMs = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    for (int run = 1; run <= runs; run++) {
      double one = measure(1, comments, cpuMs);
      double two = measure(2, comments, cpuMs);
      System.out.printf(Locale.ROOT, "run %d: %d comments, %.1f ms CPU each: one instance %.1f s (%.0f/s), two %.1f s (%.0f/s), ratio %.2f%n",
          run, comments, cpuMs, one, comments / one, two, comments / two, one / two);
    }
  }

  private static double measure(int instances, int comments, double cpuMs) throws Exception {
    MongoServer mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    AtomicLong sink = new AtomicLong();
    CommentScoring spin = (comment, rating) -> {
      long end = System.nanoTime() + (long) (cpuMs * 1e6);
      long x = comment.hashCode();
      while (System.nanoTime() < end) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      sink.addAndGet(x & 1);
      return new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", 0.1));
    };
    List<PerceiveApp> apps = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        Path dir = Files.createTempDirectory("perceive-bench");
        apps.add(PerceiveApp.start(TestApps.config(dir, Optional.of(uri), 1), Optional.empty(), java.time.Clock.systemUTC(), Optional.of(spin)));
      }
      long started = System.nanoTime();
      // The comments arrive through every instance in turn, as behind a load balancer.
      int perPost = 200;
      for (int from = 0, k = 0; from < comments; from += perPost, k++) {
        PerceiveApp app = apps.get(k % instances);
        WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
        JsonArray batch = new JsonArray();
        for (int i = from; i < Math.min(comments, from + perPost); i++) {
          batch.add(new JsonObject().put("service", "Bench").put("rating", 1 + i % 5).put("comment", "Comment " + i)
              .put("source", "bench").put("sourceId", "B" + i));
        }
        ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
        client.close();
      }
      MongoClient direct = MongoClient.create(apps.get(0).vertx(), new JsonObject().put("connection_string", uri).put("db_name", "perceive"));
      TestApps.until(apps.get(0).vertx(), Duration.ofMinutes(10), "all scored", () -> ApiTest.await(direct.count(
          MongoResponseRepository.COLLECTION, new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true)))) == 0);
      double seconds = (System.nanoTime() - started) / 1e9;
      ApiTest.await(direct.close());
      return seconds;
    } finally {
      for (PerceiveApp app : apps) {
        app.close();
      }
      mongo.shutdownNow();
    }
  }
}
