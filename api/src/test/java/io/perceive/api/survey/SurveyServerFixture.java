package io.perceive.api.survey;

import io.perceive.api.TestTime;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.PerceiveApp;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on a free port with the embedded store, its clock the tests', and the helpers the
 * invitation and survey-page tests share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SurveyServerFixture {

  @TempDir static Path dataDir;
  final TestClock clock = new TestClock(TestTime.now());
  PerceiveApp app;
  WebClient client;
  private int ticket;

  @BeforeAll
  void start() throws Exception {
    PerceiveConfig config =
        new PerceiveConfig(
            new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
            new PerceiveConfig.Store(Optional.empty(), "perceive", dataDir),
            new PerceiveConfig.Analytics(1, 0.95, ZoneOffset.UTC),
            new PerceiveConfig.Survey(Optional.empty(), Optional.empty(), 14, 60, 30, 1.0, true));
    app = PerceiveApp.start(config, Optional.empty(), clock);
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()).setFollowRedirects(false));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  // ---- helpers -------------------------------------------------------------------------------

  JsonObject ticketJson(String service) {
    return new JsonObject()
        .put("ticketId", "INC-" + (++ticket))
        .put("customerEmail", "customer" + ticket + "@example.org")
        .put("service", service)
        .put("supportGroup", "Service Desk")
        .put("agent", "Omar F.")
        .put("openedAt", clock.instant().minus(Duration.ofDays(1)).toString())
        .put("resolvedAt", clock.instant().minus(Duration.ofMinutes(5)).toString())
        .put("slaMet", true);
  }

  HttpResponse<Buffer> postJson(String path, JsonObject body) throws Exception {
    return await(client.post(path).putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()));
  }

  JsonObject invite(JsonObject ticket) throws Exception {
    HttpResponse<Buffer> r = postJson("/api/v1/invitations", ticket);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    return r.bodyAsJsonObject();
  }

  /** The path and query of a survey link, as the server is reached here. */
  static String path(String url) {
    return url.substring(url.indexOf("/s/"));
  }

  static String token(JsonObject invitation) {
    String url = invitation.getString("surveyUrl");
    return url.substring(url.indexOf("/s/") + 3);
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return await(client.get(path).send());
  }

  record FormFields(String nonce, String mac) {}

  static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"");
  static final Pattern MAC = Pattern.compile("name=\"mac\" value=\"([^\"]+)\"");

  FormFields form(String token) throws Exception {
    HttpResponse<Buffer> page = get("/s/" + token);
    assertThat(page.statusCode()).isEqualTo(200);
    return fields(page.bodyAsString());
  }

  static FormFields fields(String html) {
    Matcher n = NONCE.matcher(html);
    Matcher m = MAC.matcher(html);
    assertThat(n.find()).isTrue();
    assertThat(m.find()).isTrue();
    return new FormFields(n.group(1), m.group(1));
  }

  HttpResponse<Buffer> postForm(String path, MultiMap form) throws Exception {
    return await(client.post(path).sendForm(form));
  }

  HttpResponse<Buffer> rate(String token, FormFields f, String rating) throws Exception {
    return postForm("/s/" + token, MultiMap.caseInsensitiveMultiMap().add("r", rating).add("nonce", f.nonce()).add("mac", f.mac()));
  }

  JsonObject trend(String service) throws Exception {
    HttpResponse<Buffer> r = get("/api/v1/trends?metric=csat&interval=month&service=" + service);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray rows = r.bodyAsJsonArray();
    return rows.isEmpty() ? null : rows.getJsonObject(0);
  }

  static void assertFriendlyPage(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.getHeader("Content-Security-Policy")).startsWith("default-src 'none'");
    assertThat(r.bodyAsString()).startsWith("<!doctype html>").contains("<h1>").doesNotContain("Exception").doesNotContain("\tat ");
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}

