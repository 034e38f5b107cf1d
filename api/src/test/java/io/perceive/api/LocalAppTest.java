package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the query tests that load their own answers: a server on a free port with the
 * embedded store in the class's directory, the tests' clock and a minimum n of 5. A subclass's
 * own {@code @BeforeAll} runs after this one's and loads its answers with {@link #post}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LocalAppTest {

  @TempDir static Path dataDir;
  PerceiveApp app;
  WebClient client;

  @BeforeAll
  void startApp() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  void stopApp() throws Exception {
    client.close();
    app.close();
  }

  /** Stores answers, in parts of 200: the tests' server takes bodies of up to 64 KiB. */
  void post(JsonArray answers) throws Exception {
    for (int from = 0; from < answers.size(); from += 200) {
      JsonArray part = new JsonArray(answers.getList().subList(from, Math.min(answers.size(), from + 200)));
      HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(part));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }
  }
}
