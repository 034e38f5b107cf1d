package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/comments} in pages: following {@code next} reads every comment once, also when
 * comments arrive between two pages (newer ones, older ones, and ones of the very millisecond a
 * page ended on), and many comments share a millisecond, so pages end inside such a group.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommentPagingTest {

  private static final int STORED = 250;
  /** Ten comments per millisecond: a page of seven ends inside a group. */
  private static final int PER_INSTANT = 10;

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;
  private Instant base;

  @BeforeAll
  void start() throws Exception {
    app =
        PerceiveApp.start(
            TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock(),
            Optional.of(SegmentCompetencyTest::courtesyScore));
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    base = TestTime.now().minus(Duration.ofHours(2));
    JsonArray batch = new JsonArray();
    for (int i = 0; i < STORED; i++) {
      batch.add(response("stored-" + i, base.minus(Duration.ofMinutes(i / PER_INSTANT))));
    }
    post(batch);
    TestApps.until(app.vertx(), Duration.ofSeconds(60), "all comments scored", () -> scored() == STORED);
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private static JsonObject response(String id, Instant at) {
    return new JsonObject()
        .put("service", "VPN")
        .put("rating", 4)
        .put("comment", id)
        .put("respondedAt", at.toString())
        .put("source", "paging-test")
        .put("sourceId", id);
  }

  private void post(JsonArray batch) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.post("/api/v1/responses").sendJson(batch));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private long scored() throws Exception {
    JsonArray rows = ApiTest.await(client.get("/api/v1/trends?metric=courtesy&interval=month").send()).bodyAsJsonArray();
    return rows.stream().mapToLong(x -> ((JsonObject) x).getLong("n")).sum();
  }

  private JsonObject page(String query) throws Exception {
    HttpResponse<Buffer> r = ApiTest.await(client.get("/api/v1/comments?" + query).send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void followingNextReadsEveryCommentOnceWhileCommentsArrive() throws Exception {
    String filters = "dimension=courtesy&polarity=any&service=VPN&limit=7";
    Map<String, Integer> seen = new HashMap<>();
    List<Long> times = new ArrayList<>();
    JsonObject page = page(filters);
    int pages = 0;
    while (true) {
      pages++;
      for (Object o : page.getJsonArray("rows")) {
        JsonObject row = (JsonObject) o;
        seen.merge(row.getString("comment"), 1, Integer::sum);
        times.add(row.getLong("time"));
      }
      String next = page.getString("next");
      if (next == null) {
        break;
      }
      // Between two pages: a newer comment, an older one, and one of a millisecond in the middle.
      post(
          new JsonArray()
              .add(response("newer-" + pages, base.plus(Duration.ofMinutes(1))))
              .add(response("older-" + pages, base.minus(Duration.ofHours(3))))
              .add(response("same-" + pages, base.minus(Duration.ofMinutes(12)))));
      page = page(filters + "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      assertThat(pages).as("pages end").isLessThan(200);
    }
    for (int i = 0; i < STORED; i++) {
      assertThat(seen.get("stored-" + i)).as("stored-%d seen once", i).isEqualTo(1);
    }
    assertThat(seen.values()).as("no comment seen twice").allMatch(n -> n == 1);
    assertThat(seen.keySet()).as("comments newer than the first page wait for a new first page").noneMatch(c -> c.startsWith("newer-"));
    assertThat(times).as("newest first across pages").isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(pages).isGreaterThanOrEqualTo(STORED / 7);
  }

  @Test
  void aCursorIsForTheQueryItWasGivenFor() throws Exception {
    String next = page("dimension=courtesy&polarity=any&limit=5").getString("next");
    assertThat(next).isNotNull();
    HttpResponse<Buffer> other =
        ApiTest.await(client.get("/api/v1/comments?dimension=courtesy&polarity=negative&limit=5&cursor=" + next).send());
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(other.bodyAsJsonObject().getString("field")).isEqualTo("cursor");
    HttpResponse<Buffer> tampered =
        ApiTest.await(client.get("/api/v1/comments?dimension=courtesy&polarity=any&limit=5&cursor=" + next.substring(3)).send());
    assertThat(tampered.statusCode()).isEqualTo(400);
    assertThat(tampered.bodyAsJsonObject().getString("field")).isEqualTo("cursor");
  }

  @Test
  void moreThanAHundredInOnePageAndNoNextAfterTheLast() throws Exception {
    JsonObject all = page("dimension=courtesy&polarity=any&service=VPN&limit=1000&to=" + base.plusSeconds(1));
    assertThat(all.getJsonArray("rows").size()).isGreaterThanOrEqualTo(STORED);
    assertThat(all.getValue("next")).isNull();
  }
}
