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
    for (JsonObject dashboard : dashboards().values()) {
      for (JsonObject panel : panels(dashboard)) {
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
    // Server meters exist once a request has been answered (scrape() asks /health first).
    Set<String> exposed = new HashSet<>();
    scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
    return exposed;
  }

  /** Every rule of every alerting file, in file order. */
  static List<Map<String, Object>> alertRules() throws IOException {
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
      Map<String, Object> root = yaml(file);
      assertNoEnvironmentVariables(file, root);
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
   * Grafana expands environment variables in a provisioned rule file except in each query's model
   * and the annotations, which it keeps as written ({@code AlertRuleV1.mapToModel} in
   * grafana/grafana pkg/services/provisioning/alerting/rules_types.go uses their Raw values).
   * Everywhere else a "$" would be replaced (or emptied), so only "$$", its escape, may appear.
   */
  private static void assertNoEnvironmentVariables(Path file, Map<String, Object> root) {
    Map<String, Object> interpolated = new LinkedHashMap<>(root);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Map<String, Object> group : list(root.get("groups"))) {
      Map<String, Object> g = new LinkedHashMap<>(group);
      List<Map<String, Object>> rules = new ArrayList<>();
      for (Map<String, Object> rule : list(group.get("rules"))) {
        Map<String, Object> r = new LinkedHashMap<>(rule);
        r.remove("annotations");
        List<Map<String, Object>> data = new ArrayList<>();
        for (Map<String, Object> d : list(rule.get("data"))) {
          Map<String, Object> copy = new LinkedHashMap<>(d);
          copy.remove("model");
          data.add(copy);
        }
        r.put("data", data);
        rules.add(r);
      }
      g.put("rules", rules);
      groups.add(g);
    }
    interpolated.put("groups", groups);
    assertThat(String.valueOf(interpolated).replace("$$", ""))
        .as("%s: Grafana reads $ outside query models and annotations as an environment variable", file)
        .doesNotContain("$");
  }

  /**
   * Runs each Infinity rule's query as Grafana's server would, then its threshold,
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
    // The demo's catalogue holds VPN, and only VPN, to what its comments say overall and on
    // timeliness, and to a ceiling of 30 minutes lost per ticket.
    assertThat(firing).containsKeys("perceive-sentiment-below-target", "perceive-timeliness-below-target");
    for (String uid : List.of("perceive-sentiment-below-target", "perceive-timeliness-below-target", "perceive-lost-time-above-target")) {
      assertThat(firing.get(uid)).as("alerted by %s", uid).containsExactly("VPN");
    }
    for (String uid : List.of("perceive-csat-below-target", "perceive-weak-area-csat")) {
      assertThat(firing.get(uid)).as("alerted by %s", uid).contains("VPN").doesNotContain("Email");
    }
    firing.values().forEach(alerted -> assertThat(alerted).doesNotContain("Email"));
  }

  /**
   * The service picker offers the demo's services. Infinity reads a variable query only in its
   * variable-query shape ({@link GrafanaModel#variableQuery}); a bare query yields no options, so
   * a person could pick only "All".
   */
  @Test
  void servicePickerListsTheDemosServices() throws Exception {
    Variable service = variables(dashboard("perceive-overview")).get("service");
    Set<String> demo = new java.util.TreeSet<>();
    io.perceive.ingest.demo.DemoData.generate(42, now, DEMO_RESPONSES).forEach(r -> demo.add(r.service()));
    assertThat(service.options()).as("options of the service picker").containsExactlyInAnyOrderElementsOf(demo);
    assertThat(service.defaultIsAll()).as("the overview opens on every service").isTrue();
  }

  /** The service review is of one service: it opens on one of the demo's, never on "All". */
  @Test
  void theServiceReviewOpensOnOneService() throws Exception {
    Variable service = variables(dashboard("perceive-service-review")).get("service");
    Set<String> demo = new java.util.TreeSet<>();
    io.perceive.ingest.demo.DemoData.generate(42, now, DEMO_RESPONSES).forEach(r -> demo.add(r.service()));
    assertThat(service.options()).containsExactlyInAnyOrderElementsOf(demo);
    assertThat(service.defaultIsAll()).isFalse();
    assertThat(demo).contains(service.defaultValue());
  }

  /**
   * The overview and the service review draw Perceive's annotations on their time series: each
   * dashboard's annotation query runs as Infinity would at the default variables, and Grafana's
   * mapping of its frame ({@link GrafanaModel#annotationEvents}) gives one event per demo
   * annotation of the service (or of every service) in the range: from its start to its end,
   * titled, described, tagged with its kind.
   */
  @Test
  void dashboardsDrawPerceivesAnnotations() throws Exception {
    Set<String> drawing = new java.util.TreeSet<>();
    for (JsonObject dashboard : dashboards().values()) {
      Map<String, String> defaults = choices(variables(dashboard)).get(0);
      for (JsonObject annotation : annotationQueries(dashboard)) {
        String what = "annotations of " + dashboard.getString("uid");
        assertThat(annotation.getBoolean("enable")).as("%s are on", what).isTrue();
        JsonObject target = annotation.getJsonObject("target");
        JsonArray rows = runInfinity(target, defaults);
        assertColumns(what, target, rows);
        List<Map<String, Object>> events = GrafanaModel.annotationEvents(GrafanaModel.infinityFrame(target, rows));
        String service = defaults.get("service");
        Map<String, io.perceive.ingest.annotation.Annotation> expected = new java.util.TreeMap<>();
        for (var a : io.perceive.ingest.demo.DemoData.annotations(now)) {
          boolean ofService = service.equals("*") || a.service().equals(service) || a.service().equals("*");
          if (ofService && a.start().isAfter(now.minus(Duration.ofDays(365)))) {
            expected.put(a.title(), a);
          }
        }
        assertThat(events).as(what).hasSize(expected.size()).isNotEmpty();
        for (Map<String, Object> event : events) {
          var a = expected.get((String) event.get("title"));
          assertThat(a).as("%s: %s is a demo annotation", what, event.get("title")).isNotNull();
          assertThat(event.get("time")).isEqualTo(a.start().toEpochMilli());
          assertThat(event.get("timeEnd")).isEqualTo(a.endOrStart().toEpochMilli());
          assertThat((String) event.get("text")).isNotBlank();
          assertThat(event.get("tags")).isEqualTo(List.of(a.kind().label()));
        }
        drawing.add(dashboard.getString("uid"));
      }
    }
    assertThat(drawing).containsExactly("perceive-overview", "perceive-service-review");
  }

  /** A dashboard's annotation queries on Perceive (Infinity), as Grafana runs each one's {@code target}. */
  static List<JsonObject> annotationQueries(JsonObject dashboard) {
    return dashboard.getJsonObject("annotations", new JsonObject()).getJsonArray("list", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .filter(a -> INFINITY.equals(a.getJsonObject("datasource", new JsonObject()).getString("type")))
        .toList();
  }

  @Test
  void everyPanelQueryAnswersWithTheColumnsItUses() throws Exception {
    int queries = 0;
    for (JsonObject dashboard : dashboards().values()) {
      Map<String, Variable> variables = variables(dashboard);
      List<Map<String, String>> choices = choices(variables);
      for (JsonObject panel : panels(dashboard)) {
        for (JsonObject target : infinityTargets(panel)) {
          assertThat(target.getString("parser")).as("backend parser (alerting, caching)").isEqualTo("backend");
          for (Map<String, String> choice : choices) {
            List<Map<String, String>> copies = repeats(panel, variables, choice);
            if (choice != choices.get(0) && copies.size() > 2) {
              // Each single value of the repeat variable is a choice of its own: the first and last
              // copies are enough to try another variable's option with.
              copies = List.of(copies.get(0), copies.get(copies.size() - 1));
            }
            for (Map<String, String> copy : copies) {
              // Any one choice may rightly find nothing (a small service without negative comments
              // on a dimension); the default view must draw something, checked below.
              JsonArray rows = runInfinity(target, copy);
              assertColumns(panel.getString("title"), target, rows);
              queries++;
            }
          }
          // What a person sees on opening the dashboard: the panel draws something. (A copy for a
          // service with fewer answers per bucket than the minimum n rightly stays empty.)
          long drawn = 0;
          for (Map<String, String> copy : repeats(panel, variables, choices.get(0))) {
            drawn += runInfinity(target, copy).stream().map(JsonObject.class::cast).filter(r -> !r.getBoolean("suppressed", false)).count();
          }
          assertThat(drawn).as("'%s' draws something at its default variables", panel.getString("title")).isPositive();
        }
      }
    }
    assertThat(queries).isGreaterThan(3);
  }

  /**
   * Opened with its default variables, every band a time series fills between two fields is
   * bounded by its own series' interval: the fill target Grafana resolves
   * ({@link GrafanaModel#fillBelowToTarget}) belongs to the same series, and the series' value
   * lies between the band's edges.
   */
  @Test
  void eachBandIsBoundedByItsOwnInterval() throws Exception {
    int bands = 0;
    for (JsonObject dashboard : dashboards().values()) {
      Map<String, Variable> variables = variables(dashboard);
      Map<String, String> defaults = choices(variables).get(0);
      for (JsonObject panel : panels(dashboard)) {
        if (!"timeseries".equals(panel.getString("type")) || infinityTargets(panel).isEmpty()) {
          continue;
        }
        for (Map<String, String> copy : repeats(panel, variables, defaults)) {
          List<GrafanaModel.Frame> frames = new ArrayList<>();
          String valueName = null;
          for (JsonObject target : infinityTargets(panel)) {
            JsonArray rows = runInfinity(target, copy);
            frames.addAll(GrafanaModel.transform(GrafanaModel.infinityFrame(target, rows), panel.getJsonArray("transformations", new JsonArray())));
            valueName = target.getJsonArray("columns").stream().map(JsonObject.class::cast)
                .filter(c -> "value".equals(c.getString("selector"))).map(c -> c.getString("text")).findFirst().orElse(null);
          }
          GrafanaModel.Frame plotted = GrafanaModel.joinForTimeSeries(frames);
          String what = "'" + panel.getString("title") + "' with " + copy;
          for (GrafanaModel.Field upper : plotted.fields()) {
            String fillBelowTo = GrafanaModel.fieldConfig(panel, upper).getJsonObject("custom").getString("fillBelowTo");
            if (fillBelowTo == null) {
              continue;
            }
            GrafanaModel.Field lower = GrafanaModel.fillBelowToTarget(plotted, fillBelowTo)
                .orElseThrow(() -> new AssertionError(what + ": no field " + fillBelowTo + " to fill to"));
            assertThat(lower.labels()).as("%s: '%s' fills to '%s'", what, upper.displayName(), lower.displayName()).isEqualTo(upper.labels());
            String name = valueName;
            GrafanaModel.Field value = plotted.fields().stream()
                .filter(f -> f.name().equals(name) && f.labels().equals(upper.labels())).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": no value series for " + upper.displayName()));
            for (int i = 0; i < plotted.length(); i++) {
              Number v = (Number) value.values().get(i);
              Number lo = (Number) lower.values().get(i);
              Number hi = (Number) upper.values().get(i);
              if (v != null && lo != null && hi != null) {
                // 1e-9: an interval computed in floating point may end at 0.9999999999999999 for 1.
                assertThat(v.doubleValue()).as("%s: %s at row %d within its band", what, value.displayName(), i)
                    .isBetween(lo.doubleValue() - 1e-9, hi.doubleValue() + 1e-9);
              }
            }
            bands++;
          }
        }
      }
    }
    assertThat(bands).as("bands drawn on the demo").isPositive();
  }

  /**
   * Healthy means no 5xx answered yet. Prometheus then has no series with a 5xx code, so a ratio
   * over them is an empty vector: Grafana shows "No data" in a panel and puts a rule in its
   * {@code noDataState}. Each expression is evaluated by Prometheus' engine (promtool) over a real
   * scrape of the running demo; every panel must draw.
   */
  @Test
  void prometheusPanelsDrawWhenHealthy(@TempDir Path work) throws Exception {
    PromQlEvaluation prometheus = healthyPrometheus(work);
    for (JsonObject dashboard : dashboards().values()) {
      Map<String, String> defaults = choices(variables(dashboard)).get(0);
      for (JsonObject panel : panels(dashboard)) {
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) t;
          if ("prometheus".equals(target.getJsonObject("datasource").getString("type"))) {
            Map<String, String> scoped = new HashMap<>(defaults);
            scoped.put("__rate_interval", "5m");
            String expr = substitute(target.getString("expr"), scoped);
            assertThat(prometheus.evaluate(expr)).as("panel '%s' %s when healthy: %s", panel.getString("title"), target.getString("refId"), expr).isNotEmpty();
          }
        }
      }
    }
  }

  /** See {@link #prometheusPanelsDrawWhenHealthy}: a rule with no data sits in its noDataState. */
  @Test
  void prometheusRulesStayQuietWhenHealthy(@TempDir Path work) throws Exception {
    PromQlEvaluation prometheus = healthyPrometheus(work);
    int rules = 0;
    for (Map<String, Object> rule : alertRules()) {
      List<Map<String, Object>> data = list(rule.get("data"));
      if (!"perceive-prometheus".equals(data.get(0).get("datasourceUid"))) {
        continue;
      }
      String expr = (String) map(data.get(0).get("model")).get("expr");
      List<Double> samples = prometheus.evaluate(expr);
      if (samples.isEmpty()) {
        assertThat(rule.get("noDataState")).as("rule %s has no data when healthy (%s), so its noDataState decides", rule.get("uid"), expr).isEqualTo("OK");
      }
      Map<String, Object> threshold =
          data.stream().map(d -> map(d.get("model"))).filter(m -> "threshold".equals(m.get("type"))).findFirst().orElseThrow();
      Map<String, Object> evaluator = map(list(threshold.get("conditions")).get(0).get("evaluator"));
      double limit = ((Number) ((List<?>) evaluator.get("params")).get(0)).doubleValue();
      for (double v : samples) {
        boolean fires = "gt".equals(evaluator.get("type")) ? v > limit : v < limit;
        assertThat(fires).as("rule %s fires when healthy: %s = %s", rule.get("uid"), expr, v).isFalse();
      }
      rules++;
    }
    assertThat(rules).as("Prometheus rules evaluated").isPositive();
  }

  private PromQlEvaluation healthyPrometheus(Path work) throws Exception {
    Optional<Path> promtool = PromQlEvaluation.findPromtool();
    if (System.getenv("CI") == null) {
      org.junit.jupiter.api.Assumptions.assumeTrue(promtool.isPresent(), "promtool not installed (run .ci/run to get it)");
    }
    assertThat(promtool).as("promtool on PATH or in ~/.cache/perceive-ci (installed by .ci/run)").isPresent();
    return new PromQlEvaluation(promtool.get(), work, scrape(), "perceive");
  }

  private String scrape() throws Exception {
    client.get("/health").send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    HttpResponse<Buffer> scrape =
        client.get("/metrics").send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(scrape.statusCode()).isEqualTo(200);
    return scrape.bodyAsString();
  }

  static List<JsonObject> infinityTargets(JsonObject panel) {
    return panel.getJsonArray("targets", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(t -> INFINITY.equals(t.getJsonObject("datasource").getString("type"))).toList();
  }

  static JsonObject dashboard(String uid) throws IOException {
    return Optional.ofNullable(dashboards().get(uid)).orElseThrow(() -> new AssertionError("no dashboard " + uid));
  }

  /** Every provisioned dashboard by its uid, in file order. */
  static Map<String, JsonObject> dashboards() throws IOException {
    Map<String, JsonObject> byUid = new LinkedHashMap<>();
    for (Path file : files(DASHBOARDS, ".json")) {
      JsonObject dashboard = new JsonObject(Files.readString(file));
      byUid.put(dashboard.getString("uid"), dashboard);
    }
    return byUid;
  }

  /**
   * A dashboard variable as a person meets it: the value it opens with and the options its picker
   * offers (query variables: what Infinity returns for them, see {@link GrafanaModel#variableQuery}).
   */
  record Variable(String name, String defaultValue, boolean defaultIsAll, List<String> options) {
    /** The options a test tries one by one: a long list (the services) by its first and last. */
    List<String> tried() {
      return options.size() > 3 ? List.of(options.get(0), options.get(options.size() - 1)) : options;
    }
  }

  /** The dashboard's variables, query variables run against Perceive as Infinity would. */
  Map<String, Variable> variables(JsonObject dashboard) throws Exception {
    Map<String, Variable> variables = new LinkedHashMap<>();
    for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
      JsonObject variable = (JsonObject) v;
      String name = variable.getString("name");
      String current = variable.getJsonObject("current").getString("value");
      boolean all = "$__all".equals(current);
      List<String> options = new ArrayList<>();
      if ("query".equals(variable.getString("type"))
          && INFINITY.equals(variable.getJsonObject("datasource").getString("type"))) {
        Optional<JsonObject> query = GrafanaModel.variableQuery(variable);
        if (query.isPresent()) {
          JsonArray rows = runInfinity(query.get(), Map.of());
          assertColumns("variable " + name, query.get(), rows);
          options.addAll(GrafanaModel.variableValues(GrafanaModel.infinityFrame(query.get(), rows), variable.getInteger("sort", 0)));
        }
      } else {
        for (Object o : variable.getJsonArray("options")) {
          options.add(((JsonObject) o).getString("value"));
        }
      }
      if (!all && !options.isEmpty() && !options.contains(current)) {
        // A saved value the picker no longer offers: Grafana opens on the first option
        // (validateVariableSelectionState in public/app/features/variables/state/actions.ts).
        current = options.get(0);
      }
      variables.put(name, new Variable(name, all ? variable.getString("allValue") : current, all, options));
    }
    return variables;
  }

  /** One choice per tried option of each variable, the others at their default. The first is all defaults. */
  static List<Map<String, String>> choices(Map<String, Variable> variables) {
    List<Map<String, String>> choices = new ArrayList<>();
    Map<String, String> base = new LinkedHashMap<>();
    variables.forEach((name, v) -> base.put(name, v.defaultValue()));
    choices.add(base);
    variables.forEach(
        (name, v) -> {
          for (String option : v.tried()) {
            Map<String, String> c = new LinkedHashMap<>(base);
            c.put(name, option);
            choices.add(c);
          }
        });
    return choices;
  }

  /**
   * The copies of a panel Grafana draws for a choice of variables: one per value of its repeat
   * variable, every option when "All" is picked (getMultiVariableValues in
   * public/app/features/dashboard-scene/utils/utils.ts), each with that variable bound to its value.
   */
  static List<Map<String, String>> repeats(JsonObject panel, Map<String, Variable> variables, Map<String, String> choice) {
    String repeat = panel.getString("repeat");
    if (repeat == null || repeat.isEmpty()) {
      return List.of(choice);
    }
    Variable variable = variables.get(repeat);
    assertThat(variable).as("panel '%s' repeats on a variable of its dashboard", panel.getString("title")).isNotNull();
    boolean all = choice.get(repeat).equals(variable.defaultValue()) && variable.defaultIsAll();
    List<String> values = all ? variable.options() : List.of(choice.get(repeat));
    List<Map<String, String>> copies = new ArrayList<>();
    for (String value : values) {
      Map<String, String> copy = new LinkedHashMap<>(choice);
      copy.put(repeat, value);
      copies.add(copy);
    }
    return copies;
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
    if (rootSelector.isEmpty()) {
      return response.bodyAsJsonArray();
    }
    // A page of rows (comments): a plain field name, which gjson and JSONata read alike.
    assertThat(rootSelector).as("root selector of %s", url).matches("[A-Za-z]+");
    JsonArray rows = response.bodyAsJsonObject().getJsonArray(rootSelector);
    assertThat(rows).as("%s: the answer has %s", url, rootSelector).isNotNull();
    return rows;
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

  static List<JsonObject> panels(JsonObject dashboard) {
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

  static Map<String, Map<String, Object>> datasources() throws IOException {
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

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  static Map<String, Object> yaml(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
