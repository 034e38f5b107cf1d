package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} must be valid Prometheus exposition text: checked with promtool from Debian's
 * prometheus package, which {@code .ci/run} provides. Outside CI the test is skipped when promtool
 * is missing; in CI a missing promtool fails it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsPromtoolTest {

  @TempDir Path dataDir;

  @Test
  void metricsPassPromtool() throws Exception {
    Optional<Path> promtool = promtool();
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(promtool.isPresent(), "promtool not installed (run .ci/run to get it)");
    }
    assertThat(promtool).as("promtool on PATH or in ~/.cache/perceive-ci (installed by .ci/run)").isPresent();

    String scrape;
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      // Some traffic first, so HTTP server meters exist.
      ApiTest.await(client.get("/health").send());
      ApiTest.await(client.get("/api/v1/trends").send());
      // One response stored, then its retry: the pipeline's own counters move.
      io.vertx.core.json.JsonObject body =
          new io.vertx.core.json.JsonObject().put("service", "VPN").put("rating", 4).put("source", "test").put("sourceId", "m1");
      assertThat(ApiTest.await(client.post("/api/v1/responses").sendJsonObject(body)).statusCode()).isEqualTo(201);
      assertThat(ApiTest.await(client.post("/api/v1/responses").sendJsonObject(body)).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> r = ApiTest.await(client.get("/metrics").send());
      assertThat(r.statusCode()).isEqualTo(200);
      scrape = r.bodyAsString();
      client.close();
    }
    assertThat(scrape).as("a scrape that is not empty").contains("# TYPE");
    assertThat(scrape)
        .contains("perceive_responses_total{outcome=\"stored\"} 1.0")
        .contains("perceive_responses_total{outcome=\"already_stored\"} 1.0")
        .contains("perceive_store_commits_total");

    Path input = dataDir.resolve("scrape.txt");
    Files.writeString(input, scrape, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(promtool.get().toString(), "check", "metrics")
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said:%n%s", output).isZero();
  }

  static Optional<Path> promtool() {
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(s -> !s.isEmpty())
            .map(dir -> Path.of(dir, "promtool"));
    Path cached = Path.of(System.getProperty("user.home"), ".cache/perceive-ci/prometheus/usr/bin/promtool");
    return Stream.concat(onPath, Stream.of(cached)).filter(Files::isExecutable).findFirst();
  }
}
