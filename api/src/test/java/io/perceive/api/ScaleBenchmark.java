package io.perceive.api;

import io.perceive.ingest.response.MongoResponseRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The read side on a large store ({@link ScaleData} writes it): p50 and p99 of every query
 * endpoint at 1 and at 8 concurrent clients, the overview dashboard's full set of panel queries
 * sent at once (every service picked: one query per service for each repeated panel), and, side
 * by side, the same numbers computed by an aggregation over the raw answers on the same store.
 * Not a test: run by hand, see docs/benchmarks.md. Arguments: data directory, requests per
 * endpoint and client count, dashboard rounds, and seconds an endpoint may take per client count
 * (past them it stops sending and reports how many it sent; 0: no limit).
 *
 * <p>On the embedded store rollup answers are cached until a write reaches their collection, so
 * each endpoint is timed cold (every request after a write that matches nothing on each rollup
 * collection, which is all it takes to drop the kept answers: what a store taking answers all the
 * time sees) and warm (repeated requests, nothing written between), reported apart.
 */
final class ScaleBenchmark {

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/scale-store");
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    long budget = args.length > 3 ? Long.parseLong(args[3]) : 0;
    long to = ScaleData.END.toEpochMilli();
    long from = ScaleData.END.minus(Duration.ofDays(365)).toEpochMilli();
    String range = "&from=" + from + "&to=" + to;
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("trends csat week, all services", "/api/v1/trends?metric=csat&interval=week" + range);
    queries.put("trends csat month, one service", "/api/v1/trends?metric=csat&interval=month&service=Service%2007" + range);
    queries.put("trends timeliness week, all services", "/api/v1/trends?metric=timeliness&interval=week" + range);
    queries.put("weak-areas csat by service", "/api/v1/weak-areas?metric=csat" + range);
    queries.put("weak-areas csat by agent", "/api/v1/weak-areas?metric=csat&by=agent" + range);
    queries.put("weak-areas timeliness by group", "/api/v1/weak-areas?metric=timeliness&by=group" + range);
    queries.put("trend-tests csat month", "/api/v1/trend-tests?metric=csat&interval=month" + range);
    queries.put("targets csat", "/api/v1/targets?metric=csat" + range);
    queries.put("watermelons", "/api/v1/watermelons?service=*" + range);
    queries.put("key-drivers", "/api/v1/key-drivers?unit=answer" + range);
    queries.put("response-rates month", "/api/v1/response-rates?interval=month" + range);
    queries.put("comments negative timeliness", "/api/v1/comments?dimension=timeliness&polarity=negative&limit=50" + range);
    queries.put("services", "/api/v1/services");

    System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
    Clock clock = io.perceive.api.config.AsOf.clock(ScaleData.END.toString());
    long starting = System.nanoTime();
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dir, Optional.empty(), 5), Optional.empty(), clock)) {
      System.out.printf(Locale.ROOT, "serve started in %.1f s (start-up recovery: %s)%n", (System.nanoTime() - starting) / 1e9, app.startRecovery());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(16)).build();
      String base = "http://127.0.0.1:" + app.port();
      MongoClient mongo = MongoClient.create(app.vertx(),
          new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive")
              .put("socketTimeoutMS", 600_000));
      Runnable write = () -> touchRollups(mongo);
      System.out.println("| query | cold p50 | cold max | n | warm, 1 client p50 | p99 | n | warm, 8 clients p50 | p99 | n |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      Map<String, double[]> single = new LinkedHashMap<>();
      Map<String, double[]> colds = new LinkedHashMap<>();
      for (Map.Entry<String, String> q : queries.entrySet()) {
        URI uri = URI.create(base + q.getValue());
        check(http, uri);
        failures();
        double[] cold = timed(http, uri, Math.min(requests, 20), 1, budget, write);
        timed(http, uri, 1, 1, budget, () -> {}); // warm-up
        double[] one = timed(http, uri, requests, 1, budget, () -> {});
        double[] eight = timed(http, uri, requests, 8, budget, () -> {});
        single.put(q.getKey(), one);
        colds.put(q.getKey(), cold);
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %d | %.1f ms | %.1f ms | %d | %.1f ms | %.1f ms | %d |%s%n",
            q.getKey(), pct(cold, 50), pct(cold, 100), cold.length, pct(one, 50), pct(one, 99), one.length,
            pct(eight, 50), pct(eight, 99), eight.length, failures());
      }

      List<URI> dashboard = overview(base, range, http);
      double[] coldOpens = new double[rounds];
      double[] opens = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        write.run();
        coldOpens[r] = allAtOnce(http, dashboard);
        opens[r] = allAtOnce(http, dashboard);
      }
      System.out.printf(Locale.ROOT, "overview dashboard, %d panel queries at once (16 connections), after a write: median %.0f ms of %s%s%n",
          dashboard.size(), pct(coldOpens, 50), Arrays.toString(Arrays.stream(coldOpens).mapToLong(Math::round).toArray()), failures());
      System.out.printf(Locale.ROOT, "overview dashboard, the same again with nothing written between: median %.0f ms of %s%s%n",
          pct(opens, 50), Arrays.toString(Arrays.stream(opens).mapToLong(Math::round).toArray()), failures());

      JsonArray weekly = new JsonArray()
          .add(match(from, to))
          .add(new JsonObject().put("$group", new JsonObject()
              .put("_id", new JsonObject().put("service", "$service").put("week", "$weekStart"))
              .put("n", new JsonObject().put("$sum", 1))
              .put("satisfied", new JsonObject().put("$sum", new JsonObject().put("$cond",
                  new JsonArray().add(new JsonObject().put("$gte", new JsonArray().add("$rating").add(4))).add(1).add(0))))));
      JsonArray perService = new JsonArray()
          .add(match(from, to))
          .add(new JsonObject().put("$group", new JsonObject()
              .put("_id", "$service")
              .put("n", new JsonObject().put("$sum", 1))
              .put("satisfied", new JsonObject().put("$sum", new JsonObject().put("$cond",
                  new JsonArray().add(new JsonObject().put("$gte", new JsonArray().add("$rating").add(4))).add(1).add(0))))));
      raw(mongo, "trends csat week, all services", weekly, single, colds, rounds);
      raw(mongo, "weak-areas csat by service", perService, single, colds, rounds);
      // Where a query's time goes: the embedded store scans a whole collection for any filter.
      for (String collection : List.of("rollups_daily", "rollups_segments_daily", "rollups_scores_daily",
          "rollups_scores_segments_daily", MongoResponseRepository.COLLECTION)) {
        JsonArray count = new JsonArray().add(new JsonObject().put("$match",
            new JsonObject().put("dayStart", new JsonObject().put("$gte", from).put("$lt", to)))).add(new JsonObject().put("$count", "n"));
        long t0 = System.nanoTime();
        List<JsonObject> n = await(io.perceive.ingest.store.MongoWrites.aggregate(mongo, collection, count));
        System.out.printf(Locale.ROOT, "scan of %s for a year's documents: %.0f ms (%s of %d in the collection)%n",
            collection, (System.nanoTime() - t0) / 1e6, n, await(mongo.count(collection, new JsonObject())));
      }
      await(mongo.close());
    }
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    System.exit(0);
  }

  private static JsonObject match(long from, long to) {
    return new JsonObject().put("$match", new JsonObject().put("respondedAt", new JsonObject().put("$gte", from).put("$lt", to)));
  }

  /** The raw aggregation's median time against the rollup route's median at 1 client. */
  /** A write that changes nothing on each rollup collection: the embedded store's read cache drops their answers. */
  private static void touchRollups(MongoClient mongo) {
    try {
      for (String collection : List.of("rollups_daily", "rollups_segments_daily", "rollups_scores_daily",
          "rollups_scores_segments_daily", "rollups_invitations_daily")) {
        await(mongo.updateCollection(collection, new JsonObject().put("_id", "no such document"),
            new JsonObject().put("$set", new JsonObject().put("untouched", true))));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void raw(
      MongoClient mongo, String name, JsonArray pipeline, Map<String, double[]> routes, Map<String, double[]> colds, int rounds)
      throws Exception {
    double[] times = new double[rounds];
    int groups = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      List<JsonObject> rows = new ArrayList<>();
      io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
      mongo.aggregate(MongoResponseRepository.COLLECTION, pipeline)
          .exceptionHandler(done::tryFail)
          .endHandler(v -> done.tryComplete())
          .handler(rows::add);
      await(done.future());
      times[r] = (System.nanoTime() - t0) / 1e6;
      groups = rows.size();
    }
    double route = pct(routes.get(name), 50);
    double cold = pct(colds.get(name), 50);
    System.out.printf(Locale.ROOT,
        "raw aggregation for '%s': median %.0f ms (%d groups); the route cold %.1f ms (%.0f times faster), warm %.1f ms (%.0f times faster)%n",
        name, pct(times, 50), groups, cold, pct(times, 50) / cold, route, pct(times, 50) / route);
  }

  private static void check(HttpClient http, URI uri) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      System.out.printf(Locale.ROOT, "%s answered %d: %s%n", uri, r.statusCode(), r.body());
    }
  }

  /** Answers other than 200 by status, since the last {@link #failures()}: timed, not thrown. */
  private static final java.util.Map<Integer, Integer> FAILED = new java.util.concurrent.ConcurrentSkipListMap<>();

  private static String failures() {
    String out = FAILED.isEmpty() ? "" : " (answers other than 200: " + FAILED + ")";
    FAILED.clear();
    return out;
  }

  /**
   * Milliseconds of each of {@code n} requests, sent by {@code clients} clients in parallel; of
   * fewer when {@code budget} seconds (above 0) ran out first.
   */
  private static double[] timed(HttpClient http, URI uri, int n, int clients, long budget, Runnable before) throws Exception {
    double[] ms = new double[n];
    long deadline = budget > 0 ? System.nanoTime() + budget * 1_000_000_000L : Long.MAX_VALUE;
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    for (int c = 0; c < clients; c++) {
      running.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n && System.nanoTime() < deadline; i = next.getAndIncrement()) {
          before.run();
          long t0 = System.nanoTime();
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding());
          ms[i] = (System.nanoTime() - t0) / 1e6;
          done.incrementAndGet();
          if (r.statusCode() != 200) {
            FAILED.merge(r.statusCode(), 1, Integer::sum);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    // Past the deadline the slots left are zeros: keep the answered ones only.
    return Arrays.stream(ms).filter(v -> v > 0).limit(done.get()).toArray();
  }

  /** Wall time until every one of {@code uris} is answered, all sent at once. */
  private static double allAtOnce(HttpClient http, List<URI> uris) throws Exception {
    long t0 = System.nanoTime();
    List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
    for (URI uri : uris) {
      all.add(http.sendAsync(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()));
    }
    for (var f : all) {
      if (f.get().statusCode() != 200) {
        FAILED.merge(f.get().statusCode(), 1, Integer::sum);
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** The overview dashboard's queries with every service picked (docs/grafana.md). */
  private static List<URI> overview(String base, String range, HttpClient http) throws Exception {
    JsonArray services = new JsonArray(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/services")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    List<String> paths = new ArrayList<>();
    for (Object s : services) {
      String name = s instanceof JsonObject o ? o.getString("service") : (String) s;
      String service = "service=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
      for (String metric : List.of("csat", "nps", "rating", "timeliness")) {
        paths.add("/api/v1/trends?metric=" + metric + "&interval=week&" + service + range);
      }
      paths.add("/api/v1/response-rates?interval=week&" + service + range);
    }
    paths.add("/api/v1/weak-areas?metric=csat&by=service" + range);
    paths.add("/api/v1/trend-tests?metric=csat&interval=week&service=*" + range);
    paths.add("/api/v1/weak-areas?metric=timeliness&by=service" + range);
    paths.add("/api/v1/trend-tests?metric=timeliness&interval=month&service=*" + range);
    paths.add("/api/v1/watermelons?service=*" + range);
    paths.add("/api/v1/targets?metric=csat&service=*" + range);
    paths.add("/api/v1/key-drivers?unit=answer&service=*" + range);
    paths.add("/api/v1/comments?dimension=timeliness&polarity=negative&limit=50&service=*" + range);
    return paths.stream().map(p -> URI.create(base + p)).toList();
  }

  /** Minutes, not a test's seconds: a raw aggregation over a million answers takes about one. */
  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(15, java.util.concurrent.TimeUnit.MINUTES);
  }

  static double pct(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
