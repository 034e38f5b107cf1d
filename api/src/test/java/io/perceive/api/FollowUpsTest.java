package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-ups of unhappy customers through the API: which answers open one (and only one), how a
 * manager moves one forward, what bad edits get, and the follow-up metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FollowUpsTest {

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  /** A scorer that reads "awful" as strongly negative and everything else as mildly so. */
  private static final CommentScoring SCORER = (comment, rating) ->
      new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", comment.contains("awful") ? -0.8 : -0.3));

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock(), Optional.of(SCORER));
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    String recent = TestTime.now().minus(Duration.ofDays(2)).toString();
    String old = TestTime.now().minus(Duration.ofDays(45)).toString();
    JsonArray batch = new JsonArray()
        .add(answer("a1", "Email", 1, "INC-1", recent, null))
        .add(answer("a2", "Email", 2, "INC-2", recent, "meh"))
        .add(answer("a3", "Email", 5, "INC-3", recent, null))
        .add(answer("a4", "Email", 4, "INC-4", recent, "An awful experience, nobody called back"))
        .add(answer("a5", "Email", 3, "INC-5", recent, "a bit slow"))
        .add(answer("a6", "Email", 1, "INC-6", old, null));
    assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)).statusCode()).isEqualTo(200);
    // The same batch again (a client's retry) opens nothing more.
    assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)).statusCode()).isEqualTo(200);
    TestApps.until(app.vertx(), Duration.ofSeconds(60), "the negative comment's follow-up", () -> list("").size() == 3);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  @Test
  void lowRatingsAndStronglyNegativeCommentsOpenOneFollowUpEach() throws Exception {
    JsonArray all = list("");
    assertThat(all.stream().map(JsonObject.class::cast).map(f -> f.getString("ticketId")).sorted().toList())
        .as("rated 1-2 or scored at most -0.5, and recent enough").containsExactly("INC-1", "INC-2", "INC-4");
    JsonObject byComment = find(all, "INC-4");
    assertThat(byComment.getString("reason")).isEqualTo("comment");
    assertThat(byComment.getDouble("sentiment")).isEqualTo(-0.8);
    JsonObject byRating = find(all, "INC-1");
    assertThat(byRating.getString("reason")).isEqualTo("rating");
    assertThat(byRating.getString("status")).isEqualTo("open");
    assertThat(byRating.getString("supportGroup")).isEqualTo("Service Desk");
    assertThat(byRating.containsKey("delivery")).as("no webhook configured").isFalse();
    assertThat(list("&status=open").stream().map(JsonObject.class::cast).map(f -> f.getString("ticketId"))).contains("INC-1");
    assertThat(list("&service=Payroll")).isEmpty();
  }

  @Test
  void aFollowUpMovesForwardOnly() throws Exception {
    String id = find(list(""), "INC-2").getString("id");
    HttpResponse<Buffer> contacted = patch(id, new JsonObject().put("status", "contacted").put("owner", "Priya N.").put("note", "Left a voicemail"));
    assertThat(contacted.statusCode()).isEqualTo(200);
    JsonObject row = contacted.bodyAsJsonObject();
    assertThat(row.getString("status")).isEqualTo("contacted");
    assertThat(row.getString("owner")).isEqualTo("Priya N.");
    assertThat(row.getLong("contactedAt")).isNotNull();
    assertThat(row.getString("updatedBy")).isEqualTo("local");
    HttpResponse<Buffer> back = patch(id, new JsonObject().put("status", "open"));
    assertThat(back.statusCode()).isEqualTo(409);
    assertThat(back.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> closed = patch(id, new JsonObject().put("status", "closed"));
    assertThat(closed.bodyAsJsonObject().getString("status")).isEqualTo("closed");
    assertThat(closed.bodyAsJsonObject().getLong("contactedAt")).isEqualTo(row.getLong("contactedAt"));
    assertThat(closed.bodyAsJsonObject().getString("note")).isEqualTo("Left a voicemail");
    assertThat(list("&status=closed")).hasSize(1);
  }

  @Test
  void badEditsNameTheField() throws Exception {
    String id = find(list(""), "INC-1").getString("id");
    for (var c : List.of(
        List.of(new JsonObject().put("status", "done"), "status"),
        List.of(new JsonObject().put("priority", 1), "priority"),
        List.of(new JsonObject().put("owner", 7), "owner"),
        List.of(new JsonObject().put("note", "x".repeat(2001)), "note"))) {
      HttpResponse<Buffer> r = patch(id, (JsonObject) c.get(0));
      assertThat(r.statusCode()).as(c.toString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(c.get(1));
    }
    assertThat(patch("no-such-id", new JsonObject().put("status", "closed")).statusCode()).isEqualTo(404);
    assertThat(ApiTest.await(client.get("/api/v1/follow-ups?status=maybe").send()).statusCode()).isEqualTo(400);
    assertThat(ApiTest.await(client.get("/api/v1/follow-ups?limit=0").send()).statusCode()).isEqualTo(400);
  }

  @Test
  void metricsCountTheRateAndTimeToContact() throws Exception {
    JsonArray rows = ApiTest.await(client.get("/api/v1/follow-up-metrics?service=Email&from=now-30d").send()).bodyAsJsonArray();
    assertThat(rows).hasSize(1);
    JsonObject email = rows.getJsonObject(0);
    assertThat(email.getString("service")).isEqualTo("Email");
    assertThat(email.getLong("answers")).as("the recent answers").isEqualTo(5);
    assertThat(email.getLong("followUps")).isEqualTo(3);
    assertThat(email.getDouble("value")).isEqualTo(0.6);
    assertThat(email.getDouble("lower")).isLessThan(0.6);
    assertThat(email.getDouble("upper")).isGreaterThan(0.6);
  }

  private JsonArray list(String query) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/follow-ups?from=now-100d" + query).send());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonArray();
  }

  private HttpResponse<Buffer> patch(String id, JsonObject body) throws Exception {
    return ApiTest.await(client.patch("/api/v1/follow-ups/" + id).sendJson(body));
  }

  private static JsonObject find(JsonArray rows, String ticket) {
    return rows.stream().map(JsonObject.class::cast).filter(f -> ticket.equals(f.getString("ticketId"))).findFirst().orElseThrow();
  }

  private static JsonObject answer(String sourceId, String service, int rating, String ticket, String at, String comment) {
    JsonObject a = new JsonObject().put("service", service).put("rating", rating).put("ticketId", ticket).put("respondedAt", at)
        .put("source", "follow-up-test").put("sourceId", sourceId).put("supportGroup", "Service Desk").put("agent", "Ana K.");
    return comment == null ? a : a.put("comment", comment);
  }
}
