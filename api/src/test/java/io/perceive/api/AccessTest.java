package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.auth.AccessTokens;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the router mounts, called without a token and with a token of each role: the
 * status of each cell is in the table below, and a route the table does not cover fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessTest {

  /** The columns of the table: no token, then one token per role. */
  private static final List<String> CALLERS = List.of("none", "ingest", "viewer", "manager", "admin", "metrics");

  private static final String JSON = "application/json";

  /**
   * route (as the router mounts it) | request | content type and body | status per caller.
   * Where a role may pass, the status is what the route answers the request (often a 400 for an
   * empty body): proof that the request reached the route.
   */
  private static final List<Row> TABLE =
      List.of(
          row("GET /", "GET /", null, "200 200 200 200 200 200"),
          row("GET /health", "GET /health", null, "200 200 200 200 200 200"),
          row("GET /ready", "GET /ready", null, "200 200 200 200 200 200"),
          row("GET /openapi.json", "GET /openapi.json", null, "200 200 200 200 200 200"),
          row("GET /metrics", "GET /metrics", null, "401 403 403 403 200 200"),
          row("POST /api/v1/responses", "POST /api/v1/responses", "{}", "401 400 403 403 400 403"),
          row("POST /api/v1/imports", "POST /api/v1/imports", "{}", "401 415 403 403 415 403"),
          row("POST /api/v1/webhooks/:tool", "POST /api/v1/webhooks/servicenow", "{}", "401 400 403 403 400 403"),
          row("POST /api/v1/webhooks/:tool/events", "POST /api/v1/webhooks/servicenow/events", "{}", "401 400 403 403 400 403"),
          row("POST /api/v1/webhooks/:tool/reopened", "POST /api/v1/webhooks/servicenow/reopened", "{}", "401 400 403 403 400 403"),
          row("POST /api/v1/invitations", "POST /api/v1/invitations", "{}", "401 400 403 403 400 403"),
          row("POST /api/v1/invitations/cancel", "POST /api/v1/invitations/cancel", "{}", "401 400 403 403 400 403"),
          row("POST /api/v1/invitations/:id/cancel", "POST /api/v1/invitations/nope/cancel", "{}", "401 404 403 403 404 403"),
          row("GET /api/v1/services", "GET /api/v1/services", null, "401 403 200 200 200 403"),
          row("GET /api/v1/trends", "GET /api/v1/trends?metric=csat", null, "401 403 200 200 200 403"),
          row("GET /api/v1/trends", "GET /api/v1/trends?metric=csat&by=agent", null, "401 403 403 200 200 403"),
          row("GET /api/v1/trend-tests", "GET /api/v1/trend-tests", null, "401 403 200 200 200 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas", null, "401 403 200 200 200 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=service", null, "401 403 200 200 200 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=group", null, "401 403 403 200 200 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=agent", null, "401 403 403 200 200 403"),
          // Ticket types and providers are kinds of work and suppliers, not people: a viewer's.
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=type", null, "401 403 200 200 200 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=provider", null, "401 403 200 200 200 403"),
          row("GET /api/v1/trends", "GET /api/v1/trends?by=provider", null, "401 403 200 200 200 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=type&by=agent", null, "401 403 403 400 400 403"),
          row("GET /api/v1/weak-areas", "GET /api/v1/weak-areas?by=service&by=agent", null, "401 403 403 400 400 403"),
          row("GET /api/v1/watermelons", "GET /api/v1/watermelons", null, "401 403 200 200 200 403"),
          row("GET /api/v1/targets", "GET /api/v1/targets", null, "401 403 200 200 200 403"),
          row("GET /api/v1/targets", "GET /api/v1/targets?by=group", null, "401 403 403 200 200 403"),
          row("GET /api/v1/targets", "GET /api/v1/targets?by=type", null, "401 403 200 200 200 403"),
          row("GET /api/v1/key-drivers", "GET /api/v1/key-drivers", null, "401 403 200 200 200 403"),
          row("GET /api/v1/response-rates", "GET /api/v1/response-rates", null, "401 403 200 200 200 403"),
          row("GET /api/v1/response-rates", "GET /api/v1/response-rates?by=agent", null, "401 403 403 200 200 403"),
          row("GET /api/v1/response-rates", "GET /api/v1/response-rates?by=type", null, "401 403 200 200 200 403"),
          row("GET /api/v1/comments", "GET /api/v1/comments?service=VPN", null, "401 403 403 200 200 403"),
          row("GET /api/v1/catalogue", "GET /api/v1/catalogue", null, "401 403 200 200 200 403"),
          row("GET /api/v1/catalogue/services/:service", "GET /api/v1/catalogue/services/Nope", null, "401 403 404 404 404 403"),
          row("GET /api/v1/catalogue/services/:service/versions", "GET /api/v1/catalogue/services/Nope/versions", null,
              "401 403 404 404 404 403"),
          row("PUT /api/v1/catalogue/services/:service", "PUT /api/v1/catalogue/services/Nope", "{\"owner\": 5}", "401 403 403 403 400 403"),
          row("DELETE /api/v1/catalogue/services/:service", "DELETE /api/v1/catalogue/services/Nope", null, "401 403 403 403 404 403"),
          row("POST /api/v1/annotations", "POST /api/v1/annotations", "{}", "401 403 403 403 400 403"),
          row("GET /api/v1/annotations", "GET /api/v1/annotations?format=grafana", null, "401 403 200 200 200 403"),
          row("GET /api/v1/annotations/:id", "GET /api/v1/annotations/nope", null, "401 403 404 404 404 403"),
          row("PATCH /api/v1/annotations/:id", "PATCH /api/v1/annotations/nope", "{}", "401 403 403 403 404 403"),
          row("DELETE /api/v1/annotations/:id", "DELETE /api/v1/annotations/nope", null, "401 403 403 403 404 403"),
          row("GET /api/v1/annotations/:id/effect", "GET /api/v1/annotations/nope/effect", null, "401 403 404 404 404 403"),
          row("GET /api/v1/incidents/communication", "GET /api/v1/incidents/communication", null, "401 403 200 200 200 403"),
          row("GET /api/v1/follow-ups", "GET /api/v1/follow-ups", null, "401 403 403 200 200 403"),
          row("GET /api/v1/follow-ups/dead-letters", "GET /api/v1/follow-ups/dead-letters", null, "401 403 403 200 200 403"),
          row("PATCH /api/v1/follow-ups/:id", "PATCH /api/v1/follow-ups/nope", "{}", "401 403 403 404 404 403"),
          row("GET /api/v1/follow-up-metrics", "GET /api/v1/follow-up-metrics", null, "401 403 200 200 200 403"),
          row("GET /api/v1/review", "GET /api/v1/review?service=VPN", null, "401 403 200 200 200 403"),
          row("GET /review", "GET /review", null, "401 403 200 200 200 403"),
          row("GET /api/v1/exports/responses", "GET /api/v1/exports/responses", null, "401 403 403 403 200 403"),
          row("GET /api/v1/exports/responses", "GET /api/v1/exports/responses?format=xml", null, "401 403 403 403 400 403"),
          row("DELETE /api/v1/customers", "DELETE /api/v1/customers", null, "401 403 403 403 400 403"),
          row("DELETE /api/v1/customers", "DELETE /api/v1/customers?email=nobody@example.org", null, "401 403 403 403 200 403"),
          // Survey pages are public: the signed token in the path guards them.
          row("* /s/*", "GET /s/not-a-token%21", null, "404 404 404 404 404 404"),
          row("GET /s/:token", "GET /s/abc", null, "404 404 404 404 404 404"),
          row("HEAD /s/:token", "HEAD /s/abc", null, "404 404 404 404 404 404"),
          row("POST /s/:token", "POST /s/abc", null, "404 404 404 404 404 404"),
          row("POST /s/:token/comment", "POST /s/abc/comment", null, "404 404 404 404 404 404"),
          row("* /s", "GET /s", null, "404 404 404 404 404 404"),
          // Nothing mounted here: closed to all but admin, so a route added later starts closed.
          row(null, "GET /api/v1/not-yet", null, "401 403 403 403 404 403"),
          row(null, "DELETE /api/v1/comments", null, "401 403 403 403 405 403"),
          row(null, "GET /api/v1/customers?email=nobody@example.org", null, "401 403 403 403 405 403"),
          row(null, "GET /api/v1/../v1/comments?service=VPN", null, "401 403 403 200 200 403"));

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;

  @BeforeAll
  void start() throws Exception {
    StringBuilder file = new StringBuilder("tokens:\n");
    for (String role : CALLERS.subList(1, CALLERS.size())) {
      file.append("  - name: ").append(role).append("-client\n")
          .append("    sha256: ").append(AccessTokens.hashHex(token(role))).append('\n')
          .append("    roles: [").append(role).append("]\n");
    }
    Path tokens = dataDir.resolve("tokens.yaml");
    Files.writeString(tokens, file);
    PerceiveConfig config =
        TestApps.config(dataDir.resolve("data"), Optional.empty(), 5)
            .withAuth(new PerceiveConfig.Auth(Optional.of(AccessTokens.load(tokens))));
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock());
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    app.close();
  }

  private static String token(String role) {
    return "test-token-for-" + role;
  }

  @Test
  void theTableCoversEveryMountedRoute() {
    Set<String> covered = new TreeSet<>();
    TABLE.stream().map(Row::route).filter(r -> r != null).forEach(covered::add);
    Set<String> missing = new TreeSet<>(app.routes());
    missing.removeAll(covered);
    assertThat(missing).as("routes the router mounts that the access table has no row for").isEmpty();
    Set<String> stale = new TreeSet<>(covered);
    stale.removeAll(app.routes());
    assertThat(stale).as("rows for routes the router does not mount").isEmpty();
  }

  @Test
  void everyCellAnswersAsTheTableSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Row row : TABLE) {
      for (int i = 0; i < CALLERS.size(); i++) {
        String caller = CALLERS.get(i);
        HttpResponse<Buffer> r = call(row, caller.equals("none") ? Optional.empty() : Optional.of(token(caller)));
        int expected = row.statuses().get(i);
        if (r.statusCode() != expected) {
          wrong.add(row.request() + " as " + caller + ": " + r.statusCode() + ", expected " + expected);
          continue;
        }
        if (expected == 401 || expected == 403) {
          assertThat(r.getHeader("Content-Type")).as(row.request() + " as " + caller).isEqualTo("application/problem+json");
          assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(expected);
        }
        if (expected == 401 && row.route() != null && !row.route().contains(" /s")) {
          assertThat(r.getHeader("WWW-Authenticate")).as(row.request() + " as " + caller).isEqualTo("Bearer");
        }
      }
    }
    assertThat(wrong).as("cells that differ from the table").isEmpty();
  }

  @Test
  void anUnknownTokenOrAnotherSchemeIs401() throws Exception {
    for (String header : List.of("Bearer wrong", "Basic " + token("admin"), "Bearer", token("admin"))) {
      HttpResponse<Buffer> r = await(client.get("/api/v1/services").putHeader("Authorization", header).send());
      assertThat(r.statusCode()).as(header).isEqualTo(401);
      assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("Authorization: Bearer");
    }
  }

  @Test
  void aTokenMayHoldSeveralRoles() throws Exception {
    Path file = dataDir.resolve("two-roles.yaml");
    Files.writeString(
        file,
        "tokens:\n  - name: relay\n    sha256: " + AccessTokens.hashHex("two") + "\n    roles: [ingest, viewer]\n");
    AccessTokens tokens = AccessTokens.load(file);
    assertThat(tokens.find("two")).get().extracting(AccessTokens.Entry::name).isEqualTo("relay");
    assertThat(tokens.find("two").get().has(io.perceive.api.auth.Role.VIEWER)).isTrue();
    assertThat(tokens.find("two").get().has(io.perceive.api.auth.Role.INGEST)).isTrue();
    assertThat(tokens.find("two").get().has(io.perceive.api.auth.Role.MANAGER)).isFalse();
    assertThat(tokens.find("three")).isEmpty();
  }

  /** Without a tokens file: the API answers the local machine, and refuses others naming the setting. */
  @Test
  void withoutATokensFileOnlyTheLocalMachineMayCall(@TempDir Path otherDir) throws Exception {
    Optional<InetAddress> external = externalAddress();
    Assumptions.assumeTrue(external.isPresent(), "no non-loopback IPv4 address on this machine");
    PerceiveConfig base = TestApps.config(otherDir, Optional.empty(), 5);
    PerceiveConfig open =
        new PerceiveConfig(
            new PerceiveConfig.Http("0.0.0.0", 0, 64 * 1024), base.store(), base.analytics(), base.ingest(), base.survey());
    try (PerceiveApp local = PerceiveApp.start(open, Optional.empty(), TestTime.clock())) {
      WebClient loopback = WebClient.create(local.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(local.port()));
      WebClient remote =
          WebClient.create(
              local.vertx(), new WebClientOptions().setDefaultHost(external.get().getHostAddress()).setDefaultPort(local.port()));
      assertThat(await(loopback.get("/api/v1/comments?service=VPN").send()).statusCode()).isEqualTo(200);
      assertThat(await(loopback.get("/metrics").send()).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> refused = await(remote.get("/api/v1/services").send());
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(refused.bodyAsJsonObject().getString("detail")).contains("auth.tokens-file").contains("PERCEIVE_AUTH_TOKENS_FILE");
      // Even a token is no use without a tokens file; liveness and survey pages stay open.
      assertThat(await(remote.get("/metrics").putHeader("Authorization", "Bearer x").send()).statusCode()).isEqualTo(401);
      assertThat(await(remote.get("/health").send()).statusCode()).isEqualTo(200);
      assertThat(await(remote.get("/s/abc").send()).statusCode()).isEqualTo(404);
      loopback.close();
      remote.close();
    }
  }

  private static Optional<InetAddress> externalAddress() throws Exception {
    for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private HttpResponse<Buffer> call(Row row, Optional<String> token) throws Exception {
    String[] parts = row.request().split(" ", 2);
    HttpRequest<Buffer> request = client.request(HttpMethod.valueOf(parts[0]), parts[1]);
    token.ifPresent(t -> request.putHeader("Authorization", "Bearer " + t));
    if (row.body() == null) {
      return await(request.send());
    }
    return await(request.putHeader("Content-Type", JSON).sendBuffer(Buffer.buffer(row.body())));
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return ApiTest.await(future);
  }

  private record Row(String route, String request, String body, List<Integer> statuses) {}

  private static Row row(String route, String request, String body, String statuses) {
    List<Integer> parsed = java.util.Arrays.stream(statuses.split(" ")).map(Integer::valueOf).toList();
    assertThat(parsed).hasSize(CALLERS.size());
    return new Row(route, request, body, parsed);
  }
}
