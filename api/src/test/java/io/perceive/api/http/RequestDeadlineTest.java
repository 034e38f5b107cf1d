package io.perceive.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A request nobody answers gets a 503 with Retry-After at the deadline, not a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestDeadlineTest {

  private Vertx vertx;
  private WebClient client;
  private HttpVerticle http;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    http =
        new HttpVerticle(
            new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
            List.of(
                (Router router) -> {
                  // A reply lost to a fault: an exception thrown where nobody turns it into a failure.
                  router.get("/lost").handler(ctx -> vertx.timer(10).onSuccess(v -> {
                    throw new IllegalStateException("lost reply");
                  }));
                  // A store that answers after the deadline.
                  router.get("/late").handler(ctx -> vertx.setTimer(1_500, t -> Json.send(ctx, 200, new io.vertx.core.json.JsonObject())));
                  router.get("/fast").handler(ctx -> Json.send(ctx, 200, new io.vertx.core.json.JsonObject().put("ok", true)));
                  router.get("/api/v1/imports/slow").handler(ctx -> vertx.setTimer(1_000, t -> ctx.response().end("done")));
                }),
            400);
    await(vertx.deployVerticle(http));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(http.actualPort()));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void aClientAskingForHttp2OnCleartextGetsHttp11() throws Exception {
    // The JDK's client asks for h2c by default (Upgrade: h2c); the server stays on HTTP/1.1.
    java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
    java.net.http.HttpResponse<String> r =
        h2.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + http.actualPort() + "/fast")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
  }

  @Test
  void aLostReplyBecomesA503AtTheDeadline() throws Exception {
    long start = System.nanoTime();
    HttpResponse<Buffer> r = await(client.get("/lost").send());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isNotBlank();
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("did not complete in time");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
  }

  @Test
  void aLateAnswerAfterTheDeadlineIsDroppedAndTheServerCarriesOn() throws Exception {
    assertThat(await(client.get("/late").send()).statusCode()).isEqualTo(503);
    await(vertx.timer(1_500));
    assertThat(await(client.get("/fast").send()).bodyAsJsonObject().getBoolean("ok")).isTrue();
  }

  @Test
  void importsAreExemptAndFastAnswersUntouched() throws Exception {
    assertThat(await(client.get("/api/v1/imports/slow").send()).bodyAsString()).isEqualTo("done");
    HttpResponse<Buffer> fast = await(client.get("/fast").send());
    assertThat(fast.statusCode()).isEqualTo(200);
    await(vertx.timer(600));
    assertThat(await(client.get("/fast").send()).statusCode()).as("no stray timer fired on a finished request").isEqualTo(200);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
