package io.perceive.api.survey;

import io.perceive.api.TestTime;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.api.PerceiveApp;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of a survey click (the POST that records a rating) under 200 concurrent clients on
 * loopback, against the default embedded store, next to a baseline measured the same way in the
 * same run: {@code GET /health}, which touches no store. Not a test: run by hand (see
 * docs/benchmarks.md). Arguments: clicks per run (default 3000), runs (default 3), concurrency
 * (default 200), store ({@code h2}, the default embedded store, or {@code memory}: the same
 * wire-protocol server keeping everything in memory, to separate the store's cost from the
 * survey path's).
 */
public final class SurveyClickBenchmark {

  private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");
  private static final Pattern MAC = Pattern.compile("name=\"mac\" value=\"([^\"]+)\"");
  private static final long MAX_PHASE_MILLIS = 120_000;

  private record Click(String path, MultiMap form) {}

  private record Latencies(double p50, double p99, double perSecond, int errors) {}

  public static void main(String[] args) throws Exception {
    int clicks = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    boolean memory = args.length > 3 && args[3].equals("memory");
    Path dataDir = Files.createTempDirectory("perceive-bench");
    MongoServer memoryServer = null;
    Optional<String> mongoUri = Optional.empty();
    if (memory) {
      memoryServer = new MongoServer(new MemoryBackend());
      memoryServer.bind("127.0.0.1", 0);
      mongoUri = Optional.of("mongodb://127.0.0.1:" + memoryServer.getLocalAddress().getPort());
    }
    PerceiveConfig config =
        new PerceiveConfig(
            new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
            new PerceiveConfig.Store(mongoUri, "perceive", dataDir),
            new PerceiveConfig.Analytics(5, 0.95, ZoneOffset.UTC),
            new PerceiveConfig.Survey(Optional.empty(), Optional.empty(), 14, 60, 0, 1.0, false));
    Vertx clientVertx = Vertx.vertx();
    try (PerceiveApp app = PerceiveApp.start(config, Optional.empty(), TestTime.clock())) {
      WebClient client =
          WebClient.create(
              clientVertx,
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()).setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(concurrency));
      List<double[]> health = new ArrayList<>();
      List<double[]> survey = new ArrayList<>();
      System.out.printf("survey click benchmark: %d clicks per run, %d runs, %d concurrent, %s store%n",
          clicks, runs, concurrency, memory ? "in-memory wire-protocol" : "embedded H2");
      // Warm-up: JIT, connection pool, store.
      measure(client, clicks / 2, concurrency, i -> client.get("/health").send());
      List<Click> warm = prepare(client, clicks / 2, "warm", concurrency);
      measure(client, warm.size(), concurrency, i -> post(client, warm.get(i)));
      for (int run = 1; run <= runs; run++) {
        List<Click> prepared = prepare(client, clicks, "run" + run, concurrency);
        Latencies h = measure(client, clicks, concurrency, i -> client.get("/health").send());
        Latencies s = measure(client, prepared.size(), concurrency, i -> post(client, prepared.get(i)));
        health.add(new double[] {h.p50(), h.p99(), h.perSecond()});
        survey.add(new double[] {s.p50(), s.p99(), s.perSecond()});
        System.out.printf(
            "run %d: GET /health p50 %.2f ms p99 %.2f ms (%.0f/s, %d errors) | POST /s/{token} p50 %.2f ms p99 %.2f ms (%.0f/s, %d errors) | ratio p50 %.1fx p99 %.1fx%n",
            run, h.p50(), h.p99(), h.perSecond(), h.errors(), s.p50(), s.p99(), s.perSecond(), s.errors(),
            s.p50() / h.p50(), s.p99() / h.p99());
      }
      double hp50 = median(health, 0), hp99 = median(health, 1), sp50 = median(survey, 0), sp99 = median(survey, 1);
      System.out.printf(
          "median of %d runs: GET /health p50 %.2f ms p99 %.2f ms (%.0f/s) | POST /s/{token} p50 %.2f ms p99 %.2f ms (%.0f/s) | ratio p50 %.1fx p99 %.1fx%n",
          runs, hp50, hp99, median(health, 2), sp50, sp99, median(survey, 2), sp50 / hp50, sp99 / hp99);
      client.close();
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (memoryServer != null) {
        memoryServer.shutdownNow();
      }
    }
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, Click click) {
    return client.post(click.path()).sendForm(click.form());
  }

  /** Creates invitations and reads each one's page (for its form check): not timed. */
  private static List<Click> prepare(WebClient client, int count, String prefix, int concurrency) throws Exception {
    Click[] clicks = new Click[count];
    measure(
        client, count, Math.min(concurrency, 20),
        i -> {
          JsonObject ticket =
              new JsonObject()
                  .put("ticketId", prefix + "-" + i)
                  .put("customerId", prefix + "-customer-" + i)
                  .put("service", "Service " + (i % 12))
                  .put("supportGroup", "Group " + (i % 5))
                  .put("agent", "Agent " + (i % 40))
                  .put("resolvedAt", TestTime.now().minusSeconds(60).toString())
                  .put("slaMet", i % 3 != 0);
          return client.post("/api/v1/invitations").sendJsonObject(ticket)
              .compose(r -> {
                if (r.statusCode() != 201) {
                  return Future.failedFuture("invitation: " + r.statusCode() + " " + r.bodyAsString());
                }
                String url = r.bodyAsJsonObject().getString("surveyUrl");
                String path = url.substring(url.indexOf("/s/"));
                return client.get(path + "?r=4").send().map(page -> {
                  String html = page.bodyAsString();
                  Matcher n = NONCE.matcher(html);
                  Matcher m = MAC.matcher(html);
                  if (!n.find() || !m.find()) {
                    throw new IllegalStateException("no form on the survey page: " + page.statusCode());
                  }
                  clicks[i] = new Click(path, MultiMap.caseInsensitiveMultiMap().add("r", String.valueOf(1 + i % 5)).add("nonce", n.group(1)).add("mac", m.group(1)));
                  return page;
                });
              });
        });
    for (Click c : clicks) {
      if (c == null) {
        throw new IllegalStateException("preparation failed");
      }
    }
    return Arrays.asList(clicks);
  }

  /** Runs {@code count} requests with {@code concurrency} in flight; latency of each in ms. */
  private static Latencies measure(WebClient client, int count, int concurrency, IntFunction<Future<HttpResponse<Buffer>>> request)
      throws Exception {
    double[] millis = new double[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    long start = System.nanoTime();
    int workers = Math.min(concurrency, count);
    for (int w = 0; w < workers; w++) {
      worker(next, count, request, millis, errors, () -> {
        if (finished.incrementAndGet() == workers) {
          done.tryComplete();
        }
      });
    }
    done.future().toCompletionStage().toCompletableFuture().get(MAX_PHASE_MILLIS, TimeUnit.MILLISECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(millis);
    return new Latencies(percentile(millis, 0.50), percentile(millis, 0.99), count / seconds, errors.get());
  }

  private static void worker(AtomicInteger next, int count, IntFunction<Future<HttpResponse<Buffer>>> request,
      double[] millis, AtomicInteger errors, Runnable finished) {
    int i = next.getAndIncrement();
    if (i >= count) {
      finished.run();
      return;
    }
    long t0 = System.nanoTime();
    request.apply(i).onComplete(ar -> {
      millis[i] = (System.nanoTime() - t0) / 1e6;
      if (ar.failed() || ar.result().statusCode() >= 400) {
        errors.incrementAndGet();
      }
      worker(next, count, request, millis, errors, finished);
    });
  }

  private static double percentile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double median(List<double[]> runs, int field) {
    double[] values = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
    return values[values.length / 2];
  }
}
