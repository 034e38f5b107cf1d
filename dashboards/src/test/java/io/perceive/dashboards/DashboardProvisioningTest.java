package io.perceive.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.api.PerceiveApp;
import io.perceive.api.config.AsOf;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Grafana cannot run here, so this test does what Grafana would: it loads every provisioning and
 * dashboard file, checks the references between them, and runs each panel's query the way the
 * Infinity datasource would against a Perceive started with demo data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardProvisioningTest {

  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path PROVISIONING = MODULE.resolve("provisioning");
  static final Path DASHBOARDS = MODULE.resolve("grafana");
  static final Path ALERTING = PROVISIONING.resolve("alerting");
  static final String INFINITY = "yesoreyeram-infinity-datasource";
  static final Set<String> EXPRESSION_TYPES = Set.of("reduce", "threshold", "math", "resample", "classic_conditions");
  private static final Pattern METRIC_NAME =
      Pattern.compile("\\b(?:vertx|jvm|process|system|perceive)_[a-z0-9_]+");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}:]+)(?::([a-z]+))?}|\\$([A-Za-z_]+)");

  @TempDir static Path dataDir;
  private PerceiveApp app;
  private WebClient client;
  /** The tests' clock, as in the api module's TestTime: pinned, and -Dperceive.test.now moves it. */
  private static final Clock CLOCK =
      AsOf.clock(System.getProperty("perceive.test.now", System.getenv().getOrDefault("PERCEIVE_TEST_NOW", "2027-04-15T10:00:00Z")));
  private final Instant now = CLOCK.instant();

  @BeforeAll
  void start() throws Exception {
    PerceiveConfig config =
        new PerceiveConfig(
            new PerceiveConfig.Http("127.0.0.1", 0, 1024 * 1024),
            new PerceiveConfig.Store(Optional.empty(), "perceive", dataDir),
            new PerceiveConfig.Analytics(5, 0.95, ZoneOffset.UTC));
    // A keyword scorer stands in for CoreNLP here: this test is about panel queries, not about
    // reading comments (the analytics module tests the real models).
    app = PerceiveApp.start(config, Optional.of(new PerceiveApp.Demo(42, DEMO_RESPONSES)), CLOCK, Optional.of(DashboardProvisioningTest::keywordScore));
    client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    awaitScoring();
  }

  static final int DEMO_RESPONSES = 6000;
  static final Map<String, List<String>> KEYWORDS =
      Map.of(
          "courtesy", List.of("rude", "friendly", "polite", "curt", "patient"),
          "communication", List.of("informed", "explain", "update", "told"),
          "timeliness", List.of("quick", "fast", "wait", "slow", "days", "long"),
          "resolution", List.of("fixed", "solved", "broken", "came back", "working"),
          "knowledge", List.of("knew", "explain the problem twice", "know the system"));

  static JsonObject keywordScore(String comment, int rating) {
    String text = comment.toLowerCase(java.util.Locale.ROOT);
    double s = rating >= 4 ? 0.6 : rating <= 2 ? -0.6 : 0.0;
    JsonObject competency = new JsonObject();
    KEYWORDS.forEach((dimension, words) -> {
      if (words.stream().anyMatch(text::contains)) {
        competency.put(dimension, s);
      }
    });
    return new JsonObject()
        .put("sentiment", new JsonObject().put("score", s).put("label", "x"))
        .put("competency", competency)
        .put("language", "en");
  }

  /** Waits until every demo comment is scored (the scoring worker catches up in batches). */
  private void awaitScoring() throws Exception {
    long comments =
        io.perceive.ingest.demo.DemoData.generate(42, now, DEMO_RESPONSES).stream()
            .filter(r -> r.comment() != null && !r.comment().isBlank())
            .count();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long scored = 0;
    while (System.nanoTime() < deadline) {
      JsonArray rows =
          client.get("/api/v1/trends?metric=sentiment&interval=month&from=" + now.minus(Duration.ofDays(400)).toEpochMilli() + "&to=" + now.plus(Duration.ofDays(1)).toEpochMilli()).send()
              .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonArray();
      scored = rows.stream().mapToLong(r -> ((JsonObject) r).getLong("n")).sum();
      if (scored >= comments) {
        return;
      }
      new java.util.concurrent.CountDownLatch(1).await(500, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("scored " + scored + " of " + comments + " demo comments in time");
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void datasourcesHaveFixedUniqueUidsAndAreNotEditable() throws IOException {
    Map<String, Map<String, Object>> datasources = datasources();
    assertThat(datasources).containsKeys("perceive-api");
    for (Map<String, Object> ds : datasources.values()) {
      assertThat(ds.get("editable")).as("editable of %s", ds.get("uid")).isEqualTo(false);
      assertThat(String.valueOf(ds.get("url"))).as("no hard-coded host").startsWith("${");
    }
    assertThat(datasources.get("perceive-api").get("type")).isEqualTo(INFINITY);
  }

  @Test
  void dashboardProvidersFollowGrafanasFileProvisioning() throws IOException {
    for (Path file : files(PROVISIONING.resolve("dashboards"), ".yaml")) {
      Map<String, Object> root = yaml(file);
      assertThat(root.get("apiVersion")).isEqualTo(1);
      List<Map<String, Object>> providers = list(root.get("providers"));
      assertThat(providers).isNotEmpty();
      for (Map<String, Object> p : providers) {
        assertThat(p.get("disableDeletion")).isEqualTo(true);
        assertThat(p.get("allowUiUpdates")).isEqualTo(false);
        assertThat((Integer) p.get("updateIntervalSeconds")).isGreaterThan(10);
        assertThat(map(p.get("options")).get("foldersFromFilesStructure")).isEqualTo(true);
      }
    }
  }

  @Test
  void dashboardsHaveUniqueUidsAndOnlyProvisionedDatasources() throws IOException {
    Set<String> provisioned = datasources().keySet();
    Set<String> uids = new HashSet<>();
    List<Path> files = files(DASHBOARDS, ".json");
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String text = Files.readString(file);
      JsonObject dashboard = new JsonObject(text);
      assertThat(uids.add(dashboard.getString("uid"))).as("uid of %s is unique", file).isTrue();
      assertThat(dashboard.getInteger("schemaVersion")).as("pinned schemaVersion in %s", file).isNotNull();
      assertThat(dashboard.containsKey("__inputs")).as("gallery placeholders in %s", file).isFalse();
      assertThat(text).doesNotContain("${DS_").doesNotContain("http://").doesNotContain("https://");
      List<String> refs = new ArrayList<>();
      collectDatasourceUids(dashboard, refs);
      assertThat(refs).isNotEmpty();
      assertThat(provisioned).as("datasources referenced by %s", file).containsAll(refs);
      Set<Integer> panelIds = new HashSet<>();
      for (JsonObject panel : panels(dashboard)) {
        assertThat(panelIds.add(panel.getInteger("id"))).as("panel id unique in %s", file).isTrue();
      }
    }
  }

  @Test
  void prometheusPanelsAndRulesNameMetricsThatPerceiveExposes() throws Exception {
    Set<String> exposed = exposedMetrics();
    int checked = 0;
    Map<String, String> expressions = new LinkedHashMap<>();
    for (Path file : files(DASHBOARDS, ".json")) {
      for (JsonObject panel : panels(new JsonObject(Files.readString(file)))) {
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) t;
          if ("prometheus".equals(target.getJsonObject("datasource").getString("type"))) {
            expressions.put("panel '" + panel.getString("title") + "' " + target.getString("refId"), target.getString("expr"));
          }
        }
      }
    }
    Set<String> prometheus = new HashSet<>();
    datasources().forEach((uid, ds) -> {
      if ("prometheus".equals(ds.get("type"))) {
        prometheus.add(uid);
      }
    });
    for (Map<String, Object> rule : alertRules()) {
      for (Map<String, Object> data : list(rule.get("data"))) {
        if (prometheus.contains((String) data.get("datasourceUid"))) {
          expressions.put("rule " + rule.get("uid"), (String) map(data.get("model")).get("expr"));
        }
      }
    }
    assertThat(expressions.keySet()).anyMatch(k -> k.startsWith("rule "));
    for (Map.Entry<String, String> e : expressions.entrySet()) {
      Matcher m = METRIC_NAME.matcher(e.getValue());
      boolean any = false;
      while (m.find()) {
        assertThat(exposed).as("metric in %s", e.getKey()).contains(m.group());
        any = true;
        checked++;
      }
      assertThat(any).as("%s queries a Perceive metric", e.getKey()).isTrue();
    }
    assertThat(checked).isPositive();
  }

  private Set<String> exposedMetrics() throws Exception {
    // Server meters exist once a request has been answered.
    client.get("/health").send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    HttpResponse<Buffer> scrape =
        client.get("/metrics").send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(scrape.statusCode()).isEqualTo(200);
    Set<String> exposed = new HashSet<>();
    scrape.bodyAsString().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
    return exposed;
  }

  /** Every rule of every alerting file, in file order. */
  private static List<Map<String, Object>> alertRules() throws IOException {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Path file : files(ALERTING, ".yaml")) {
      for (Map<String, Object> group : list(yaml(file).get("groups"))) {
        rules.addAll(list(group.get("rules")));
      }
    }
    return rules;
  }

  @Test
  void alertRulesFollowGrafanasFileProvisioning() throws IOException {
    Set<String> provisioned = datasources().keySet();
    Set<String> uids = new HashSet<>();
    List<Path> files = files(ALERTING, ".yaml");
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(Files.readString(file))
          .as("%s: Grafana reads $ in provisioning files as an environment variable", file)
          .doesNotContain("$");
      Map<String, Object> root = yaml(file);
      assertThat(root.get("apiVersion")).isEqualTo(1);
      for (Map<String, Object> group : list(root.get("groups"))) {
        assertThat(group.get("orgId")).isEqualTo(1);
        assertThat((String) group.get("name")).isNotBlank();
        assertThat((String) group.get("folder")).isNotBlank();
        assertThat(String.valueOf(group.get("interval"))).matches("\\d+[smh]");
        for (Map<String, Object> rule : list(group.get("rules"))) {
          String uid = (String) rule.get("uid");
          assertThat(uid).matches("[a-zA-Z0-9_-]{1,40}");
          assertThat(uids.add(uid)).as("rule uid %s is unique", uid).isTrue();
          assertThat((String) rule.get("title")).isNotBlank();
          assertThat(String.valueOf(rule.get("for"))).matches("\\d+[smh]");
          assertThat((String) rule.get("noDataState")).isIn("OK", "NoData", "Alerting");
          assertThat((String) rule.get("execErrState")).isIn("OK", "Error", "Alerting");
          assertThat((String) map(rule.get("annotations")).get("summary")).isNotBlank();
          Set<String> refIds = new HashSet<>();
          for (Map<String, Object> data : list(rule.get("data"))) {
            String refId = (String) data.get("refId");
            Map<String, Object> model = map(data.get("model"));
            assertThat(model.get("refId")).as("%s: model refId", uid).isEqualTo(refId);
            String datasource = (String) data.get("datasourceUid");
            if ("__expr__".equals(datasource)) {
              assertThat((String) model.get("type")).isIn(EXPRESSION_TYPES);
              assertThat(refIds).as("%s: %s reads an earlier query", uid, refId).contains((String) model.get("expression"));
            } else {
              assertThat(provisioned).as("datasource of %s", uid).contains(datasource);
              assertThat((Integer) map(data.get("relativeTimeRange")).get("from")).isPositive();
            }
            assertThat(refIds.add(refId)).as("%s: refId %s is unique", uid, refId).isTrue();
          }
          assertThat(refIds).as("condition of %s", uid).contains((String) rule.get("condition"));
        }
      }
    }
  }

  /**
   * Runs each Infinity rule's query as Grafana's server would, then its reduce and threshold,
   * and checks who would be alerted on the demo data: its built-in weak spot (VPN) and never its
   * solid service (Email).
   */
  @Test
  void perceptionAlertsFireOnTheDemosWeakSpotOnly() throws Exception {
    Map<String, Set<String>> firing = new LinkedHashMap<>();
    for (Map<String, Object> rule : alertRules()) {
      List<Map<String, Object>> data = list(rule.get("data"));
      if (!"perceive-api".equals(data.get(0).get("datasourceUid"))) {
        continue;
      }
      String uid = (String) rule.get("uid");
      JsonObject query = JsonObject.mapFrom(data.get(0).get("model"));
      assertThat(query.getString("parser")).as("%s: backend parser, the one Grafana can alert on", uid).isEqualTo("backend");
      JsonArray rows = runInfinity(query, Map.of());
      assertColumns("rule " + uid, query, rows);
      List<JsonObject> columns = query.getJsonArray("columns").stream().map(JsonObject.class::cast).toList();
      List<String> values = columns.stream().filter(c -> "number".equals(c.getString("type"))).map(c -> c.getString("selector")).toList();
      List<String> labels = columns.stream().filter(c -> "string".equals(c.getString("type"))).map(c -> c.getString("selector")).toList();
      assertThat(values).as("%s: one value per alert instance", uid).hasSize(1);
      assertThat(labels).as("%s: the instance's labels", uid).containsExactly("service");
      Map<String, Object> threshold =
          data.stream().map(d -> map(d.get("model"))).filter(m -> "threshold".equals(m.get("type"))).findFirst().orElseThrow();
      Map<String, Object> evaluator = map(list(threshold.get("conditions")).get(0).get("evaluator"));
      double limit = ((Number) ((List<?>) evaluator.get("params")).get(0)).doubleValue();
      Set<String> alerted = new java.util.TreeSet<>();
      for (Object r : rows) {
        JsonObject row = (JsonObject) r;
        Double value = row.getDouble(values.get(0));
        if (value == null) {
          continue;
        }
        boolean fires = switch ((String) evaluator.get("type")) {
          case "gt" -> value > limit;
          case "lt" -> value < limit;
          default -> throw new AssertionError(uid + ": evaluator " + evaluator.get("type"));
        };
        if (fires) {
          alerted.add(row.getString("service"));
        }
      }
      firing.put(uid, alerted);
    }
    // The competency rules run too (above), but with the keyword scorer and 90 days of a 6,000
    // response demo their n is too small to single out a service; the rating rules are not.
    assertThat(firing).containsKeys("perceive-weak-area-courtesy", "perceive-weak-area-timeliness");
    for (String uid : List.of("perceive-csat-below-target", "perceive-weak-area-csat")) {
      assertThat(firing.get(uid)).as("alerted by %s", uid).contains("VPN").doesNotContain("Email");
    }
    firing.values().forEach(alerted -> assertThat(alerted).doesNotContain("Email"));
  }

  /** Variable name to the values a test should try; query variables are run against Perceive. */
  private Map<String, List<String>> resolveVariables(JsonObject dashboard) throws Exception {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
      JsonObject variable = (JsonObject) v;
      List<String> options = new ArrayList<>();
      // The dashboard's default comes first: that is what a user sees on opening it.
      String current = variable.getJsonObject("current").getString("value");
      options.add("$__all".equals(current) ? variable.getString("allValue") : current);
      if ("query".equals(variable.getString("type"))
          && INFINITY.equals(variable.getJsonObject("datasource").getString("type"))) {
        JsonObject query = variable.getJsonObject("query");
        JsonArray rows = runInfinity(query, Map.of());
        assertThat(rows).as("options of variable %s", variable.getString("name")).isNotEmpty();
        assertColumns("variable " + variable.getString("name"), query, rows);
        String column = query.getJsonArray("columns").getJsonObject(0).getString("selector");
        options.add(rows.getJsonObject(0).getString(column));
        options.add(rows.getJsonObject(rows.size() - 1).getString(column));
      } else {
        for (Object o : variable.getJsonArray("options")) {
          options.add(((JsonObject) o).getString("value"));
        }
      }
      values.put(variable.getString("name"), options);
    }
    return values;
  }

  /** One choice per option of each variable, the others at their default (first) option. */
  private static List<Map<String, String>> choices(Map<String, List<String>> variables) {
    List<Map<String, String>> choices = new ArrayList<>();
    Map<String, String> base = new HashMap<>();
    variables.forEach((name, options) -> base.put(name, options.get(0)));
    variables.forEach(
        (name, options) -> {
          for (String option : options) {
            Map<String, String> c = new HashMap<>(base);
            c.put(name, option);
            choices.add(c);
          }
        });
    return choices.isEmpty() ? List.of(base) : choices;
  }

  /** Issues an Infinity URL query as Grafana would: variables substituted, params appended. */
  private JsonArray runInfinity(JsonObject query, Map<String, String> variables) throws Exception {
    assertThat(query.getString("source")).isEqualTo("url");
    assertThat(query.getString("type")).isEqualTo("json");
    JsonObject options = query.getJsonObject("url_options", new JsonObject());
    assertThat(options.getString("method", "GET")).isEqualTo("GET");
    StringBuilder url = new StringBuilder(substitute(query.getString("url"), variables));
    String separator = url.indexOf("?") >= 0 ? "&" : "?";
    for (Object p : options.getJsonArray("params", new JsonArray())) {
      JsonObject param = (JsonObject) p;
      url.append(separator)
          .append(param.getString("key"))
          .append('=')
          .append(URLEncoder.encode(substitute(param.getString("value"), variables), StandardCharsets.UTF_8));
      separator = "&";
    }
    HttpResponse<Buffer> response =
        client.get(url.toString()).send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as("GET %s: %s", url, response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    String rootSelector = query.getString("root_selector", "");
    assertThat(rootSelector).as("root array, no selector needed").isEmpty();
    return response.bodyAsJsonArray();
  }

  private String substitute(String text, Map<String, String> variables) {
    Map<String, String> all = new HashMap<>(variables);
    all.put("__from", String.valueOf(now.minus(Duration.ofDays(365)).toEpochMilli()));
    all.put("__to", String.valueOf(now.toEpochMilli()));
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      String value = all.get(name);
      assertThat(value).as("variable %s in %s is defined", name, text).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void assertColumns(String what, JsonObject query, JsonArray rows) {
    for (Object c : query.getJsonArray("columns")) {
      String selector = ((JsonObject) c).getString("selector");
      boolean everyRowHasIt = rows.stream().allMatch(r -> ((JsonObject) r).containsKey(selector));
      assertThat(everyRowHasIt).as("%s: every row has column %s", what, selector).isTrue();
      // Suppressed cells (n below the minimum) carry no value by design; every other row must.
      boolean shownRowsHaveValues =
          rows.stream()
              .map(JsonObject.class::cast)
              .filter(r -> !r.getBoolean("suppressed", false))
              .allMatch(r -> r.getValue(selector) != null);
      assertThat(shownRowsHaveValues).as("%s: column %s has values", what, selector).isTrue();
    }
  }

  private static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels", new JsonArray())) {
      JsonObject panel = (JsonObject) p;
      out.add(panel);
      for (Object nested : panel.getJsonArray("panels", new JsonArray())) {
        out.add((JsonObject) nested);
      }
    }
    return out;
  }

  private static void collectDatasourceUids(Object node, List<String> out) {
    if (node instanceof JsonObject o) {
      Object ds = o.getValue("datasource");
      if (ds instanceof JsonObject ref && ref.getString("uid") != null) {
        out.add(ref.getString("uid"));
      }
      o.forEach(e -> collectDatasourceUids(e.getValue(), out));
    } else if (node instanceof JsonArray a) {
      a.forEach(e -> collectDatasourceUids(e, out));
    }
  }

  private static Map<String, Map<String, Object>> datasources() throws IOException {
    Map<String, Map<String, Object>> byUid = new LinkedHashMap<>();
    for (Path file : files(PROVISIONING.resolve("datasources"), ".yaml")) {
      Map<String, Object> root = yaml(file);
      assertThat(root.get("apiVersion")).isEqualTo(1);
      for (Map<String, Object> ds : list(root.get("datasources"))) {
        String uid = (String) ds.get("uid");
        assertThat(uid).as("fixed uid in %s", file).isNotBlank();
        assertThat(byUid.put(uid, ds)).as("datasource uid %s is unique", uid).isNull();
      }
    }
    return byUid;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
