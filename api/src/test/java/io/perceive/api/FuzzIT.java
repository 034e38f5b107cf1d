package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: at least 10,000 generated malformed bodies and query strings against the ingest and
 * survey endpoints; not one 5xx, and every answer a 4xx problem body (or, on survey pages, a 4xx
 * HTML page). Deterministic: the same seed sends the same requests.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FuzzIT {

  static final long SEED = 20261123L;
  static final int REQUESTS = 10_500;
  static final int WINDOW = 48;

  @TempDir Path dataDir;

  record Probe(HttpMethod method, String uri, String contentType, Buffer body, Map<String, String> headers) {}

  record Answer(Probe probe, int status, String contentType, Buffer body) {}

  @Test
  void malformedInputNeverGetsA5xx() throws Exception {
    Random random = new Random(SEED);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      probes.add(probe(random, i));
    }
    BlockedThreadWatch blocked = BlockedThreadWatch.install();
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient http =
          WebClient.create(
              app.vertx(),
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(WINDOW));
      Map<Integer, Integer> byStatus = new TreeMap<>();
      for (int from = 0; from < probes.size(); from += WINDOW) {
        List<Future<Answer>> window = new ArrayList<>();
        List<Probe> sent = probes.subList(from, Math.min(probes.size(), from + WINDOW));
        for (Probe p : sent) {
          window.add(send(http, p));
        }
        for (int k = 0; k < window.size(); k++) {
          Answer a;
          try {
            a = window.get(k).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            Probe p = sent.get(k);
            throw new AssertionError("no answer within 20 s to " + p.method() + " " + p.uri() + " [" + p.contentType() + "] " + preview(p.body()));
          }
          byStatus.merge(a.status(), 1, Integer::sum);
          check(a);
        }
      }
      http.close();
      System.out.println("fuzz answers by status: " + byStatus);
      assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(10_000);
    } finally {
      blocked.close();
    }
    assertThat(blocked.warnings()).as("blocked-thread warnings").isEmpty();
  }

  private static void check(Answer a) {
    String what = a.probe().method() + " " + a.probe().uri() + " [" + a.probe().contentType() + "] " + preview(a.probe().body());
    assertThat(a.status()).as(what).isBetween(400, 499);
    if (a.probe().uri().startsWith("/s/") && a.contentType() != null && a.contentType().startsWith("text/html")) {
      return;
    }
    assertThat(a.contentType()).as(what).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(a.body());
    assertThat(problem.getInteger("status")).as(what).isEqualTo(a.status());
    assertThat(problem.getString("detail")).as(what).isNotBlank().doesNotContain("Exception");
  }

  private static String preview(Buffer body) {
    if (body == null) {
      return "";
    }
    String s = body.toString(StandardCharsets.UTF_8);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  static Future<Answer> send(WebClient http, Probe p) {
    HttpRequest<Buffer> request = http.request(p.method(), p.uri()).timeout(15_000);
    if (p.contentType() != null) {
      request.putHeader("Content-Type", p.contentType());
    }
    p.headers().forEach(request::putHeader);
    return (p.body() == null ? request.send() : request.sendBuffer(p.body()))
        .map(res -> new Answer(p, res.statusCode(), res.getHeader("Content-Type"), res.body() == null ? Buffer.buffer() : res.body()))
        .recover(err -> Future.failedFuture(new AssertionError("no answer (" + err + ") to " + p.method() + " " + p.uri() + " [" + p.contentType() + "] " + preview(p.body()), err)));
  }

  // ---- generators: every probe is malformed by construction ----

  private static Probe probe(Random r, int i) {
    return switch (i % 7) {
      case 0, 1 -> responses(r);
      case 2 -> imports(r);
      case 3 -> webhooks(r);
      case 4 -> trends(r);
      case 5 -> insights(r);
      default -> surveys(r);
    };
  }

  private static Probe post(String uri, String type, Buffer body) {
    return new Probe(HttpMethod.POST, uri, type, body, Map.of());
  }

  private static Probe responses(Random r) {
    String uri = "/api/v1/responses";
    return switch (r.nextInt(10)) {
      case 0 -> post(uri, "application/json", Buffer.buffer(randomBytes(r, 1 + r.nextInt(300))));
      case 1 -> post(uri, "application/json", Buffer.buffer(truncate(r, validResponse(r).encode())));
      case 2 -> post(uri, "application/json", Buffer.buffer(brokenResponse(r).encode()));
      case 3 -> post(uri, "application/json", Buffer.buffer(new JsonArray().add(validResponse(r)).add(brokenResponse(r)).encode()));
      case 4 -> post(uri, pick(r, "text/plain", "application/x-www-form-urlencoded", "application/xml", "", "json"), Buffer.buffer(validResponse(r).encode()));
      case 5 -> post(uri, "application/json", Buffer.buffer("[".repeat(1 + r.nextInt(3000)) + "]".repeat(r.nextInt(3))));
      case 6 -> post(uri, "application/json", Buffer.buffer(pick(r, "[]", "null", "42", "\"text\"", "true", "[1,2]", "[null]", "{}", "{\"rating\":1e400}")));
      case 7 -> {
        JsonArray big = new JsonArray();
        for (int k = 0; k < 1001; k++) {
          big.add(new JsonObject().put("service", "S").put("rating", 1));
        }
        yield post(uri, "application/json", big.toBuffer());
      }
      case 8 -> new Probe(HttpMethod.POST, uri, "application/json", validResponse(r).toBuffer(), Map.of("Idempotency-Key", "k".repeat(201 + r.nextInt(100))));
      default -> post(uri, "application/json", Buffer.buffer(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
    };
  }

  private static Probe imports(Random r) {
    String uri = "/api/v1/imports";
    return switch (r.nextInt(6)) {
      case 0 -> post(uri, pick(r, "application/json", "text/plain", "multipart/form-data", "image/png"), Buffer.buffer("service,rating\nA,5\n"));
      case 1 -> post(uri, "text/csv", Buffer.buffer("x_" + randomText(r, 1 + r.nextInt(60)).replace("\n", " ") + "\nA,5\n"));
      case 2 -> post(uri, "text/csv", Buffer.buffer(randomBytes(r, 1 + r.nextInt(200))).appendString("\n"));
      case 3 -> post(uri + "?source=a&source=b", "text/csv", Buffer.buffer("service,rating\nA,5\n"));
      case 4 -> post(uri, pick(r, "text/csv", "application/x-ndjson"), Buffer.buffer());
      default -> post(uri, "text/csv", Buffer.buffer("service,rating," + pick(r, "service", "ratting", "", "\"unclosed") + "\nA,5,x\n"));
    };
  }

  private static Probe webhooks(Random r) {
    String tool = pick(r, "servicenow", "jsm", "generic", "zendesk", "", "%2e%2e", "a".repeat(300));
    String uri = "/api/v1/webhooks/" + tool;
    return switch (r.nextInt(5)) {
      case 0 -> post(uri, "application/json", Buffer.buffer(randomBytes(r, 1 + r.nextInt(200))));
      case 1 -> post(uri, "application/json", Buffer.buffer(new JsonObject().put("sys_id", randomText(r, 8)).put("u_rating", pick(r, "great", "11", "-1", "4.5", "")).put("business_service", "S").encode()));
      case 2 -> post(uri, "application/json", Buffer.buffer(new JsonObject().put("issue", new JsonObject().put("key", "IT-1").put("fields", new JsonObject().put("customfield_10034", new JsonObject().put("rating", pick(r, "x", "0", "6"))).put("created", randomText(r, 10)))).encode()));
      case 3 -> post(uri, "application/json", Buffer.buffer(pick(r, "[]", "[{}]", "null", "1", "{\"issue\":[]}", "{}")));
      default -> post(uri, pick(r, "text/plain", "application/xml"), Buffer.buffer("<incident/>"));
    };
  }

  private static Probe trends(Random r) {
    String bad =
        switch (r.nextInt(7)) {
          case 0 -> "metric=" + encode(randomText(r, 1 + r.nextInt(20)) + "_x");
          case 1 -> "interval=" + pick(r, "fortnight", "hour", "0", "%00", "wEEk_");
          case 2 -> "from=" + pick(r, "yesterday", "2026-13-01", "-", "1e9", "99999999999999999999", "%zz");
          case 3 -> "metric=csat&metric=nps";
          case 4 -> "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z";
          case 5 -> "service=" + "s".repeat(201);
          default -> "from=1000&to=" + Long.MAX_VALUE;
        };
    String noise = r.nextBoolean() ? "&" + encode(randomText(r, 5)) + "=" + encode(randomText(r, 5)) : "";
    return new Probe(HttpMethod.GET, "/api/v1/trends?" + bad + noise, null, null, Map.of());
  }

  /** The read endpoints besides trends, each with a parameter it must refuse. */
  private static Probe insights(Random r) {
    String badRange =
        pick(r, "from=yesterday", "from=2026-13-01", "from=now-30x", "to=now-1y", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
    String query =
        switch (r.nextInt(7)) {
          case 0 -> "/api/v1/targets?" + pick(r, "metric=courtesy&by=team", "metric=" + encode(randomText(r, 8)) + "_x", "breachedOnly=maybe", badRange);
          case 1 -> "/api/v1/key-drivers?" + pick(r, "fdr=2", "fdr=-1", "interval=year", "unit=x", badRange);
          case 2 -> "/api/v1/response-rates?" + pick(r, "interval=fortnight", "service=" + "s".repeat(201), badRange);
          case 3 -> "/api/v1/comments?" + pick(r, "limit=0", "limit=" + encode(randomText(r, 4)) + "x", "polarity=angry", "dimension=$where", "agent=" + "a".repeat(201), badRange);
          case 4 -> "/api/v1/weak-areas?" + pick(r, "by=team", "metric=nps", "fdr=0.9", badRange);
          case 5 -> "/api/v1/watermelons?" + pick(r, "target=80", "slaTarget=high", badRange);
          default -> "/api/v1/trend-tests?" + pick(r, "alpha=none", "interval=hour", "metric=" + encode(randomText(r, 6)) + "_x", badRange);
        };
    String noise = r.nextBoolean() ? "&" + encode(randomText(r, 5)) + "=" + encode(randomText(r, 5)) : "";
    return new Probe(HttpMethod.GET, query + noise, null, null, Map.of());
  }

  private static Probe surveys(Random r) {
    String token = encode(randomText(r, 1 + r.nextInt(80)));
    if (token.isEmpty()) {
      token = "x";
    }
    return r.nextBoolean()
        ? new Probe(HttpMethod.GET, "/s/" + token + (r.nextBoolean() ? "?r=" + r.nextInt(20) : ""), null, null, Map.of())
        : post("/s/" + token, pick(r, "application/x-www-form-urlencoded", "application/json", "text/plain"), Buffer.buffer("rating=" + r.nextInt(20) + "&comment=" + encode(randomText(r, 30))));
  }

  private static JsonObject validResponse(Random r) {
    return new JsonObject().put("service", "Fuzz").put("rating", 1 + r.nextInt(5)).put("comment", randomText(r, 20));
  }

  /** A response with at least one field that breaks a rule. */
  private static JsonObject brokenResponse(Random r) {
    JsonObject o = validResponse(r);
    switch (r.nextInt(9)) {
      case 0 -> o.put("rating", pick(r, "5", "high", "") );
      case 1 -> o.put("rating", r.nextBoolean() ? 0 : 6 + r.nextInt(1000));
      case 2 -> o.put("rating", 2.5);
      case 3 -> o.remove("service");
      case 4 -> o.put("service", " ".repeat(1 + r.nextInt(5)));
      case 5 -> o.put("x_" + randomText(r, 5), 1);
      case 6 -> o.put("respondedAt", pick(r, "yesterday", "2999-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2026-02-30T00:00:00Z"));
      case 7 -> o.put("nps", pick(r, -1, 11, 3.3));
      default -> o.put("sourceId", "s-" + r.nextInt()).put("comment", new JsonObject());
    }
    return o;
  }

  private static String truncate(Random r, String s) {
    return s.substring(0, Math.max(1, r.nextInt(s.length() - 1)));
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    b[0] = new byte[] {'{', '[', 'x', '"', (byte) 0xFF}[r.nextInt(5)];
    if (b[0] == '{' || b[0] == '[') {
      b[n - 1] = (byte) 0xFE;
    }
    return b;
  }

  private static String randomText(Random r, int n) {
    String alphabet = "abcXYZ019 ,;:\"'{}[]<>\\/%&=?#+-_\t\nüß€😀\u0000\u200b";
    StringBuilder s = new StringBuilder();
    while (s.length() < n) {
      s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return s.toString();
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
