package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.http.ApiContract;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the router agree: every route the server mounts is a path and method
 * of {@code openapi.json}, and every operation there is mounted. The document is a valid OpenAPI
 * 3.1 contract (Vert.x OpenAPI reads it), and {@code /openapi.json} serves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiContractTest {

  /** Catch-alls of the survey pages (any other address under /s answers a friendly 404): not operations. */
  private static final Set<String> CATCH_ALLS = Set.of("* /s/*", "* /s");
  private static final List<String> METHODS = List.of("get", "head", "post", "put", "patch", "delete", "options");

  @TempDir static Path dataDir;
  private PerceiveApp app;

  @BeforeAll
  void start() throws Exception {
    app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 5), Optional.empty(), TestTime.clock());
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
  }

  /** The router's routes as the document writes them: {@code GET /api/v1/webhooks/{tool}}. */
  static Set<String> routerOperations(List<String> routes) {
    Set<String> out = new TreeSet<>();
    for (String route : routes) {
      if (!CATCH_ALLS.contains(route)) {
        out.add(route.replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
      }
    }
    return out;
  }

  static Set<String> documentOperations(JsonObject document) {
    Set<String> out = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method)) {
          out.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return out;
  }

  @Test
  void theRoutersRoutesAreTheDocumentsPaths() {
    Set<String> router = routerOperations(app.routes());
    Set<String> document = documentOperations(ApiContract.document());
    Set<String> missing = new TreeSet<>(router);
    missing.removeAll(document);
    Set<String> extra = new TreeSet<>(document);
    extra.removeAll(router);
    assertThat(missing.isEmpty() && extra.isEmpty())
        .as("routes the router mounts and openapi.json does not describe: %s; operations in openapi.json the router does not mount: %s",
            missing, extra)
        .isTrue();
    assertThat(router).hasSizeGreaterThan(25);
  }

  @Test
  void theContractTestNamesWhatDiffers() {
    JsonObject document = ApiContract.document();
    document.getJsonObject("paths").remove("/api/v1/trends");
    Set<String> extra = new TreeSet<>(documentOperations(document));
    extra.removeAll(routerOperations(app.routes()));
    Set<String> missing = new TreeSet<>(routerOperations(app.routes()));
    missing.removeAll(documentOperations(document));
    assertThat(missing).containsExactly("GET /api/v1/trends");
    assertThat(extra).isEmpty();
  }

  @Test
  void theBodiesDescribedAreTheFieldsTheParsersTake() {
    JsonObject schemas = ApiContract.document().getJsonObject("components").getJsonObject("schemas");
    assertThat(schemas.getJsonObject("ResponseIn").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrderElementsOf(io.perceive.ingest.response.ResponseParser.fieldNames());
    assertThat(schemas.getJsonObject("InvitationIn").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrderElementsOf(io.perceive.ingest.survey.InvitationRequest.fieldNames());
  }

  @Test
  void theDocumentIsAValidOpenApi31Document() throws Exception {
    JsonObject document = ApiContract.document();
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    OutputUnit result =
        ApiTest.await(version.getRepository(app.vertx(), "app://").compose(repo -> version.validateContract(app.vertx(), repo, document)));
    assertThat(result.getValid())
        .as("against the OpenAPI 3.1 schema: %s",
            result.getErrors() == null ? List.of() : result.getErrors().stream()
                .filter(e -> !e.getError().startsWith("A subschema")).limit(10).map(e -> e.getInstanceLocation() + ": " + e.getError()).toList())
        .isTrue();
    // What Vert.x OpenAPI validates requests with: every operation, with its parameters.
    OpenAPIContract contract = ApiTest.await(OpenAPIContract.from(app.vertx(), ApiContract.parametersOnly(document)));
    assertThat(contract.operations()).hasSize(documentOperations(document).size());
    assertThat(document.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer").getString("scheme")).isEqualTo("bearer");
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/api/")) {
        continue;
      }
      paths.getJsonObject(path).forEach(e -> {
        JsonObject responses = ((JsonObject) e.getValue()).getJsonObject("responses");
        assertThat(responses.fieldNames()).as("%s %s answers 401 and 403", e.getKey(), path).contains("401", "403");
      });
    }
  }

  @Test
  void aQueryParameterTheDocumentRefusesIsA400NamingIt() throws Exception {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    for (String[] c : new String[][] {
        {"/api/v1/comments?limit=ten", "limit", "an integer from 1 to 1000"},
        {"/api/v1/trends?interval=fortnight", "interval", "one of: day, week, month"},
        {"/api/v1/weak-areas?fdr=0.9", "fdr", "a number in (0, 0.5]"},
        {"/api/v1/targets?breachedOnly=maybe", "breachedOnly", "true or false"},
        {"/api/v1/exports/responses?format=xlsx", "format", "one of: csv, jsonl"}}) {
      HttpResponse<Buffer> r = ApiTest.await(client.get(c[0]).send());
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.bodyAsJsonObject().getString("field")).as(c[0]).isEqualTo(c[1]);
      assertThat(r.bodyAsJsonObject().getString("detail")).as(c[0]).isEqualTo(c[1] + " must be " + c[2]);
    }
    // Names with & and % pass (the library's own extraction would decode and split them again).
    assertThat(ApiTest.await(client.get("/api/v1/trends?service=R%26D&service=100%25&interval=week").send()).statusCode()).isEqualTo(200);
    client.close();
  }

  @Test
  void theDocumentIsServedToAnyone() throws Exception {
    WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    HttpResponse<Buffer> r = ApiTest.await(client.get("/openapi.json").send());
    client.close();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsJsonObject()).isEqualTo(ApiContract.document());
  }
}
