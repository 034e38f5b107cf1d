package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.FuzzIT.Answer;
import io.perceive.api.FuzzIT.Probe;
import io.perceive.api.http.ApiContract;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests built from {@code openapi.json}: for every operation, its parameters and body as the
 * document describes them, then broken one way each time: a wrong type, a value off its enum or
 * range, a required field left out, an unknown field, or a hostile query operator such as
 * {@code {"$gt": ""}} in a JSON field or a query parameter ({@code service[$ne]=x} too). Not
 * one answer may be a 5xx; a 4xx of the API is a problem body, and a 400 for one broken query
 * parameter names it. Seeded: the same seed sends the same requests.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ContractFuzzIT {

  static final long SEED = Long.getLong("perceive.fuzz.seed", 20261207L);
  static final int REQUESTS = 10_200;

  private static final List<Object> HOSTILE =
      List.of(
          new JsonObject().put("$gt", ""), new JsonObject().put("$ne", (Object) null), new JsonObject().put("$where", "sleep(100)"),
          new JsonObject().put("$regex", ".*"), new JsonArray().add(new JsonObject().put("$gt", "")), "{\"$gt\": \"\"}", "$where");

  @TempDir Path dataDir;

  /** One operation of the document, with its parameters and JSON body schema resolved. */
  record Operation(HttpMethod method, String path, List<JsonObject> parameters, JsonObject body, String bodyType) {}

  /** A probe and, when it broke exactly one query parameter's type or value, that parameter. */
  record Case(Probe probe, String brokenParameter) {}

  @Test
  void requestsBuiltFromTheDocumentNeverGetA5xx() throws Exception {
    JsonObject document = ApiContract.document();
    List<Operation> operations = operations(document);
    Random random = new Random(SEED);
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      cases.add(build(random, operations.get(i % operations.size()), document));
    }
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty(), TestTime.clock())) {
      WebClient http =
          WebClient.create(
              app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()),
              new io.vertx.core.http.PoolOptions().setHttp1MaxSize(FuzzIT.WINDOW));
      Map<Integer, Integer> byStatus = new TreeMap<>();
      int named = 0;
      for (int from = 0; from < cases.size(); from += FuzzIT.WINDOW) {
        List<Case> sent = cases.subList(from, Math.min(cases.size(), from + FuzzIT.WINDOW));
        List<Future<Answer>> window = new ArrayList<>();
        sent.forEach(c -> window.add(FuzzIT.send(http, c.probe())));
        for (int k = 0; k < window.size(); k++) {
          Answer a = window.get(k).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
          byStatus.merge(a.status(), 1, Integer::sum);
          named += check(sent.get(k), a) ? 1 : 0;
        }
      }
      http.close();
      System.out.printf(Locale.ROOT, "contract fuzz (seed %d, %d operations): answers by status %s, %d 400s named the broken parameter%n",
          SEED, operations.size(), byStatus, named);
      assertThat(byStatus.keySet()).as("no 5xx").allMatch(s -> s < 500);
      assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(10_000);
      assertThat(named).as("broken query parameters named").isGreaterThan(300);
    }
  }

  /** Checks one answer; true when it is a 400 that names the parameter the case broke. */
  private static boolean check(Case c, Answer a) {
    Probe p = c.probe();
    String what = p.method() + " " + p.uri() + " [" + p.contentType() + "] " + (p.body() == null ? "" : p.body().toString(StandardCharsets.UTF_8));
    assertThat(a.status()).as(what).isLessThan(500);
    if (a.status() < 400 || !p.uri().startsWith("/api/")) {
      return false;
    }
    assertThat(a.contentType()).as(what).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(a.body());
    assertThat(problem.getInteger("status")).as(what).isEqualTo(a.status());
    assertThat(problem.getString("detail")).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    if (c.brokenParameter() != null && a.status() == 400) {
      assertThat(problem.getString("field")).as(what).isEqualTo(c.brokenParameter());
      return true;
    }
    return false;
  }

  static List<Operation> operations(JsonObject document) {
    List<Operation> out = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        List<JsonObject> parameters = new ArrayList<>();
        for (Object p : op.getJsonArray("parameters", new JsonArray())) {
          parameters.add(resolve(document, (JsonObject) p));
        }
        JsonObject content = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject());
        String type = content.isEmpty() ? null : content.fieldNames().iterator().next();
        JsonObject schema = type == null ? null : resolve(document, content.getJsonObject(type).getJsonObject("schema"));
        out.add(new Operation(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)), path, parameters, schema, type));
      }
    }
    return out;
  }

  static JsonObject resolve(JsonObject document, JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    JsonObject target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(document, target);
  }

  private static Case build(Random r, Operation op, JsonObject document) {
    Map<String, List<String>> query = new TreeMap<>();
    String path = op.path();
    for (JsonObject p : op.parameters()) {
      String value = valid(r, p.getString("name"), p.getJsonObject("schema"));
      if (value == null) {
        continue;
      }
      switch (p.getString("in")) {
        case "path" -> path = path.replace("{" + p.getString("name") + "}", encode(r.nextInt(4) == 0 ? text(r) : value));
        case "query" -> {
          if (r.nextBoolean() || p.getBoolean("required", false)) {
            query.put(p.getString("name"), new ArrayList<>(List.of(value)));
          }
        }
        default -> { }
      }
    }
    String broken = null;
    List<JsonObject> queryParams = op.parameters().stream().filter(p -> p.getString("in").equals("query")).toList();
    Buffer body = op.body() == null ? null : Buffer.buffer(validBody(r, op, document));
    int how = r.nextInt(op.body() != null ? 9 : 6);
    switch (how) {
      case 0, 1 -> {
        if (!queryParams.isEmpty()) {
          JsonObject p = queryParams.get(r.nextInt(queryParams.size()));
          String bad = invalid(r, p.getJsonObject("schema"));
          if (bad != null) {
            query.put(p.getString("name"), new ArrayList<>(List.of(bad)));
            // One parameter broken on a read: its 400 must name it (a delete's checks pair email with customerId).
            broken = op.method() == HttpMethod.GET && op.path().startsWith("/api/") ? p.getString("name") : null;
          }
        }
      }
      case 2 -> {
        String name = queryParams.isEmpty() ? "service" : queryParams.get(r.nextInt(queryParams.size())).getString("name");
        Object hostile = HOSTILE.get(r.nextInt(HOSTILE.size()));
        if (r.nextBoolean()) {
          query.put(name + "[" + pick(r, "$gt", "$ne", "$regex", "$where") + "]", new ArrayList<>(List.of(pick(r, "", "x", "1"))));
        } else {
          query.put(name, new ArrayList<>(List.of(String.valueOf(hostile))));
        }
      }
      case 3 -> query.put(pick(r, "x", "$where", "__proto__", "service ", text(r)), new ArrayList<>(List.of(text(r))));
      case 4 -> {
        if (!queryParams.isEmpty()) {
          JsonObject p = queryParams.get(r.nextInt(queryParams.size()));
          query.computeIfAbsent(p.getString("name"), k -> new ArrayList<>()).addAll(List.of(text(r), text(r)));
        }
      }
      case 5 -> query.clear();
      default -> body = Buffer.buffer(brokenBody(r, op, document));
    }
    StringBuilder uri = new StringBuilder(path);
    char sep = '?';
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      for (String v : e.getValue()) {
        uri.append(sep).append(encode(e.getKey())).append('=').append(encode(v));
        sep = '&';
      }
    }
    String type = op.bodyType() == null ? null : (r.nextInt(20) == 0 ? pick(r, "text/plain", "application/xml") : op.bodyType());
    return new Case(new Probe(op.method(), uri.toString(), type, body, Map.of()), broken);
  }

  /** A value the parameter takes (as query text); null for the cursor, which only the server makes. */
  static String valid(Random r, String name, JsonObject schema) {
    switch (name) {
      case "cursor":
        return null;
      case "from":
        return pick(r, "now-30d", "2027-01-01T00:00:00Z", String.valueOf(1_767_225_600_000L));
      case "to":
        return "now";
      default:
        break;
    }
    if (schema == null) {
      return "x";
    }
    if (schema.containsKey("enum")) {
      JsonArray values = schema.getJsonArray("enum");
      return String.valueOf(values.getValue(r.nextInt(values.size())));
    }
    return switch (String.valueOf(schema.getValue("type"))) {
      case "integer" -> String.valueOf(schema.getInteger("minimum", 1) + r.nextInt(3));
      case "number" -> pick(r, "0.05", "0.1", "0.3");
      case "boolean" -> pick(r, "true", "false");
      case "array" -> valid(r, name, schema.getJsonObject("items"));
      default -> pick(r, "VPN", "Email", "Service Desk", "ana@example.org");
    };
  }

  /** A value the schema refuses, or null when it takes any text. */
  static String invalid(Random r, JsonObject schema) {
    if (schema.containsKey("enum")) {
      return pick(r, "x", "$gt", "{\"$gt\": \"\"}", "WEEK", "");
    }
    return switch (String.valueOf(schema.getValue("type"))) {
      case "integer" -> pick(r, "ten", "1.5", "-1", "0", "99999999999999999999", "{\"$gt\": \"\"}", "1e3");
      case "number" -> pick(r, "high", "-1", "2", "NaN", "{\"$gt\": \"\"}", "0");
      case "boolean" -> pick(r, "maybe", "1", "{\"$gt\": \"\"}", "TRUE");
      case "array" -> "s".repeat(201);
      default -> schema.containsKey("maxLength") ? "a".repeat(schema.getInteger("maxLength") + 1) : null;
    };
  }

  private static String validBody(Random r, Operation op, JsonObject document) {
    JsonObject schema = op.body();
    if (op.bodyType().equals("application/json")) {
      JsonObject object = schema.containsKey("oneOf") ? resolve(document, schema.getJsonArray("oneOf").getJsonObject(0)) : schema;
      return object(r, object).encode();
    }
    if (op.bodyType().equals("text/csv")) {
      return "service,rating,comment\nVPN," + (1 + r.nextInt(5)) + "," + text(r).replace("\n", " ") + "\n";
    }
    return "r=" + (1 + r.nextInt(5)) + "&comment=" + encode(text(r));
  }

  private static JsonObject object(Random r, JsonObject schema) {
    JsonObject out = new JsonObject();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String name : properties.fieldNames()) {
      if (schema.getJsonArray("required", new JsonArray()).contains(name) || r.nextInt(3) == 0) {
        JsonObject p = properties.getJsonObject(name);
        String text = valid(r, name, p);
        out.put(name, switch (String.valueOf(p.getValue("type"))) {
          case "integer" -> Integer.parseInt(text);
          case "boolean" -> Boolean.parseBoolean(text);
          default -> "date-time".equals(p.getString("format")) ? "2027-01-01T00:00:00Z" : text;
        });
      }
    }
    return out;
  }

  private static String brokenBody(Random r, Operation op, JsonObject document) {
    if (!op.bodyType().equals("application/json")) {
      return pick(r, "", "x_" + text(r) + "\nA,5\n", "service,rating\n{\"$gt\": \"\"},5\n", "r=" + encode("{\"$gt\": \"\"}"), text(r));
    }
    JsonObject schema = op.body().containsKey("oneOf") ? resolve(document, op.body().getJsonArray("oneOf").getJsonObject(0)) : op.body();
    JsonObject o = object(r, schema);
    List<String> names = new ArrayList<>(schema.getJsonObject("properties", new JsonObject()).fieldNames());
    String name = names.isEmpty() ? "x" : names.get(r.nextInt(names.size()));
    switch (r.nextInt(6)) {
      case 0 -> o.put(name, HOSTILE.get(r.nextInt(HOSTILE.size())));
      case 1 -> o.put(name, pick(r, 3.5, -1, true, new JsonArray(), "", 1e300));
      case 2 -> schema.getJsonArray("required", new JsonArray()).forEach(req -> o.remove((String) req));
      case 3 -> o.put(pick(r, "$where", "x_unknown", "__proto__", "rating "), 1);
      case 4 -> {
        return new JsonArray().add(o).add(HOSTILE.get(r.nextInt(HOSTILE.size()))).encode();
      }
      default -> {
        return pick(r, "{", "null", "[]", "{\"$gt\": \"\"}", "\"x\"", o.encode().substring(0, Math.max(1, o.encode().length() / 2)));
      }
    }
    return o.encode();
  }

  private static String text(Random r) {
    String alphabet = "abcXYZ019 ,;:\"'{}[]<>\\/%&=?#+-_$\tüß€😀\u200b";
    StringBuilder s = new StringBuilder();
    int n = 1 + r.nextInt(24);
    while (s.length() < n) {
      s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return s.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
