package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.followups.FollowUpWebhook;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follow-up webhook against a receiver on loopback that refuses the first three posts: two
 * instances share one store, and each follow-up reaches the receiver exactly once afterwards,
 * signed with the configured secret; one the receiver always refuses ends on the dead-letter
 * list after the last retry.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FollowUpWebhookTest {

  private static final String SECRET = "a-webhook-secret-of-some-length";
  private static final int UNHAPPY = 12;
  private static final int RETRIES = 3;
  private static final String REFUSED_TICKET = "INC-REFUSED";

  @TempDir Path first;
  @TempDir Path second;

  @Test
  void eachFollowUpArrivesOnceSignedAndTheUndeliverableOneIsDeadLettered() throws Exception {
    Vertx receiverVertx = Vertx.vertx();
    AtomicInteger requests = new AtomicInteger();
    Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    List<String> badSignatures = new CopyOnWriteArrayList<>();
    AtomicInteger refusedTries = new AtomicInteger();
    HttpServer receiver =
        ApiTest.await(
            receiverVertx
                .createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                  int n = requests.incrementAndGet();
                  String expected = "sha256=" + FollowUpWebhook.sign(SECRET.getBytes(StandardCharsets.UTF_8), body.getBytes());
                  JsonObject followUp = body.toJsonObject().getJsonObject("followUp");
                  if (!expected.equals(req.getHeader(FollowUpWebhook.SIGNATURE))) {
                    badSignatures.add(followUp.getString("id"));
                  }
                  if (n <= 3) {
                    req.response().setStatusCode(503).end();
                  } else if (REFUSED_TICKET.equals(followUp.getString("ticketId"))) {
                    refusedTries.incrementAndGet();
                    req.response().setStatusCode(500).end();
                  } else {
                    accepted.computeIfAbsent(followUp.getString("id"), k -> new AtomicInteger()).incrementAndGet();
                    req.response().setStatusCode(204).end();
                  }
                }))
                .listen(0, "127.0.0.1"));
    MongoServer mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    PerceiveConfig.FollowUps hook =
        new PerceiveConfig.FollowUps(
            30, Optional.of(URI.create("http://127.0.0.1:" + receiver.actualPort() + "/itsm/tasks")), Optional.of(SECRET), RETRIES, 50);
    try (PerceiveApp a = PerceiveApp.start(TestApps.config(first, Optional.of(uri), 1).withFollowUps(hook), Optional.empty(), TestTime.clock());
        PerceiveApp b = PerceiveApp.start(TestApps.config(second, Optional.of(uri), 1).withFollowUps(hook), Optional.empty(), TestTime.clock())) {
      post(a, 0, UNHAPPY / 2, false);
      post(b, UNHAPPY / 2, UNHAPPY, true);
      // A retry of the same batch opens nothing more.
      post(a, 0, UNHAPPY / 2, false);
      WebClient client = WebClient.create(a.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(a.port()));
      TestApps.until(a.vertx(), Duration.ofSeconds(90), "every follow-up delivered or given up", () -> {
        JsonArray all = ApiTest.await(client.get("/api/v1/follow-ups?limit=1000&from=now-10d").send()).bodyAsJsonArray();
        return all.size() == UNHAPPY + 1
            && all.stream().map(JsonObject.class::cast).noneMatch(f -> f.getJsonObject("delivery").getString("state").equals("pending"));
      });
      HttpResponse<Buffer> dead = ApiTest.await(client.get("/api/v1/follow-ups/dead-letters").send());
      assertThat(dead.statusCode()).isEqualTo(200);
      JsonArray letters = dead.bodyAsJsonArray();
      assertThat(letters).hasSize(1);
      JsonObject letter = letters.getJsonObject(0);
      assertThat(letter.getString("ticketId")).isEqualTo(REFUSED_TICKET);
      assertThat(letter.getJsonObject("delivery").getInteger("tries")).isEqualTo(RETRIES + 1);
      assertThat(letter.getJsonObject("delivery").getString("error")).isEqualTo("http 500");
      client.close();
    } finally {
      mongo.shutdownNow();
      ApiTest.await(receiverVertx.close());
    }
    assertThat(accepted).as("each unhappy answer's follow-up taken").hasSize(UNHAPPY);
    assertThat(accepted.values()).as("exactly once each").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(badSignatures).as("posts with a wrong signature").isEmpty();
    assertThat(requests.get()).as("three refused, one per follow-up taken, the refused one's tries")
        .isEqualTo(3 + UNHAPPY + refusedTries.get());
    assertThat(refusedTries.get()).isBetween(RETRIES, RETRIES + 1);
  }

  /** Answers rated 1 or 2 from {@code from} to {@code to}, each with a happy one beside it; optionally the refused one. */
  private static void post(PerceiveApp app, int from, int to, boolean withRefused) throws Exception {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    JsonArray batch = new JsonArray();
    String at = TestTime.now().minus(Duration.ofDays(1)).toString();
    for (int i = from; i < to; i++) {
      batch.add(answer("U" + i, 1 + i % 2, "INC-" + i, at));
      batch.add(answer("H" + i, 5, "INC-H" + i, at));
    }
    if (withRefused) {
      batch.add(answer("R", 1, REFUSED_TICKET, at));
    }
    assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)).statusCode()).isEqualTo(200);
    client.close();
  }

  private static JsonObject answer(String sourceId, int rating, String ticket, String at) {
    return new JsonObject().put("service", "VPN").put("rating", rating).put("ticketId", ticket).put("respondedAt", at)
        .put("source", "webhook-test").put("sourceId", sourceId).put("supportGroup", "Network").put("agent", "Omar F.");
  }
}
