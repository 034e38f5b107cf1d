package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The jar with {@code PERCEIVE_LOG_FORMAT=json}: everything it writes to standard error, from the
 * first line to the last of a clean stop, is one JSON object per line (standard output keeps its
 * few "perceive: ..." lines for a person), and a comment's text is in none of them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JsonLogIT {

  @Test
  void everyLogLineIsOneJsonObject() throws Exception {
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "json-log-it")), "run").toAbsolutePath();
    Path log = dir.resolve("perceive.log");
    Map<String, String> env =
        Map.of("PERCEIVE_DATA_DIR", dir.resolve("data").toString(), "PERCEIVE_HTTP_HOST", "127.0.0.1", "PERCEIVE_LOG_FORMAT", "json");
    String secret = "my colleague Zebediah Quarrington was rude";
    try (PerceiveProcess server = PerceiveProcess.start(Path.of("target", "perceive.jar").toAbsolutePath(), PerceiveProcess.freePort(), env, log)) {
      String body = new JsonObject().put("service", "VPN").put("rating", 2).put("comment", secret)
          .put("respondedAt", TestTime.now().minus(Duration.ofHours(1)).toString()).put("source", "log-test").put("sourceId", "1").encode();
      HttpResponse<String> answer =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/api/v1/responses"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isIn(200, 201);
    }
    List<JsonObject> events = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.isBlank() || line.startsWith("perceive: ") || line.startsWith("Picked up JAVA_TOOL_OPTIONS")) {
        continue; // standard output, merged into the same file by the test
      }
      try {
        events.add(new JsonObject(line));
      } catch (DecodeException e) {
        throw new AssertionError("not a JSON log line: " + line, e);
      }
    }
    assertThat(events).as("log events").hasSizeGreaterThanOrEqualTo(3);
    assertThat(events).allSatisfy(e -> assertThat(e.fieldNames()).contains("timestamp", "level", "loggerName", "formattedMessage"));
    assertThat(events.stream().map(e -> e.getString("formattedMessage")))
        .anyMatch(m -> m.startsWith("embedded store started"))
        .anyMatch(m -> m.startsWith("perceive stopped"))
        .noneMatch(m -> m.contains("Zebediah"));
  }
}
