package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Configurations for tests (a free port, a temporary data directory, a low minimum n), and waiting on a condition. */
final class TestApps {

  private TestApps() {}

  static PerceiveConfig config(Path dataDir, Optional<String> mongoUri, int minN) {
    return new PerceiveConfig(
        new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
        new PerceiveConfig.Store(mongoUri, "perceive", dataDir),
        new PerceiveConfig.Analytics(minN, 0.95, ZoneOffset.UTC));
  }

  /** As {@link #config(Path, Optional, int)} on the embedded store, holding services to {@code targets}. */
  static PerceiveConfig config(Path dataDir, int minN, io.perceive.analytics.rollup.Targets targets) {
    PerceiveConfig base = config(dataDir, Optional.empty(), minN);
    return new PerceiveConfig(
        base.http(), base.store(), new PerceiveConfig.Analytics(minN, 0.95, ZoneOffset.UTC, false, targets), base.ingest(), base.survey());
  }

  /** The rows a query route answers with, after checking it answered 200. */
  static JsonArray rows(WebClient client, String path) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get(path).send());
    org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonArray();
  }

  /** The row of this service. */
  static JsonObject row(JsonArray rows, String service) {
    return rows.stream().map(JsonObject.class::cast).filter(x -> service.equals(x.getString("service"))).findFirst().orElseThrow();
  }

  /**
   * Waits until {@code done} holds, asking again on a Vert.x timer between tries; fails with
   * {@code what} when {@code timeout} passes first.
   */
  static void until(Vertx vertx, Duration timeout, String what, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      ApiTest.await(vertx.timer(100));
    }
  }

  /** A client of the app's own store, to read what it stored; close it when done. */
  static io.vertx.ext.mongo.MongoClient store(PerceiveApp app) {
    return io.vertx.ext.mongo.MongoClient.create(
        app.vertx(), new JsonObject().put("connection_string", app.storeConnectionString()).put("db_name", "perceive"));
  }
}
