package io.perceive.dashboards;

import static io.perceive.dashboards.InfinityQueries.assertColumns;
import static io.perceive.dashboards.InfinityQueries.choices;
import static io.perceive.dashboards.InfinityQueries.repeats;
import static io.perceive.dashboards.ProvisioningFiles.alertRules;
import static io.perceive.dashboards.ProvisioningFiles.annotationQueries;
import static io.perceive.dashboards.ProvisioningFiles.dashboard;
import static io.perceive.dashboards.ProvisioningFiles.dashboards;
import static io.perceive.dashboards.ProvisioningFiles.datasources;
import static io.perceive.dashboards.ProvisioningFiles.infinityTargets;
import static io.perceive.dashboards.ProvisioningFiles.list;
import static io.perceive.dashboards.ProvisioningFiles.map;
import static io.perceive.dashboards.ProvisioningFiles.panels;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.dashboards.InfinityQueries.Variable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grafana cannot run here, so this test does what Grafana would with a Perceive started with demo
 * data: it runs each panel's, variable's, annotation's and alert rule's query the way the Infinity
 * datasource would ({@link InfinityQueries}), and the Prometheus ones on Perceive's own scrape
 * (the checks that need no running Perceive are {@link DashboardFilesTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardProvisioningTest {

  private static final Pattern METRIC_NAME =
      Pattern.compile("\\b(?:vertx|jvm|process|system|perceive)_[a-z0-9_]+");
  @TempDir static Path dataDir;
  private DemoPerceive perceive;
  private WebClient client;
  private InfinityQueries infinity;
  private final Instant now = DemoPerceive.CLOCK.instant();

  @BeforeAll
  void start() throws Exception {
    perceive = DemoPerceive.start(dataDir);
    client = perceive.client();
    infinity = new InfinityQueries(client, now);
  }

  @AfterAll
  void stop() throws Exception {
    if (perceive != null) {
      perceive.close();
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
      JsonArray rows = infinity.run(query, Map.of());
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
    Variable service = infinity.variables(dashboard("perceive-overview")).get("service");
    Set<String> demo = perceive.services();
    assertThat(service.options()).as("options of the service picker").containsExactlyInAnyOrderElementsOf(demo);
    assertThat(service.defaultIsAll()).as("the overview opens on every service").isTrue();
  }

  /** The service review is of one service: it opens on one of the demo's, never on "All". */
  @Test
  void theServiceReviewOpensOnOneService() throws Exception {
    Variable service = infinity.variables(dashboard("perceive-service-review")).get("service");
    Set<String> demo = perceive.services();
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
      Map<String, String> defaults = choices(infinity.variables(dashboard)).get(0);
      for (JsonObject annotation : annotationQueries(dashboard)) {
        String what = "annotations of " + dashboard.getString("uid");
        assertThat(annotation.getBoolean("enable")).as("%s are on", what).isTrue();
        JsonObject target = annotation.getJsonObject("target");
        JsonArray rows = infinity.run(target, defaults);
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

  @Test
  void everyPanelQueryAnswersWithTheColumnsItUses() throws Exception {
    int queries = 0;
    for (JsonObject dashboard : dashboards().values()) {
      Map<String, Variable> variables = infinity.variables(dashboard);
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
              JsonArray rows = infinity.run(target, copy);
              assertColumns(panel.getString("title"), target, rows);
              queries++;
            }
          }
          // What a person sees on opening the dashboard: the panel draws something. (A copy for a
          // service with fewer answers per bucket than the minimum n rightly stays empty.)
          long drawn = 0;
          for (Map<String, String> copy : repeats(panel, variables, choices.get(0))) {
            drawn += infinity.run(target, copy).stream().map(JsonObject.class::cast).filter(r -> !r.getBoolean("suppressed", false)).count();
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
      Map<String, Variable> variables = infinity.variables(dashboard);
      Map<String, String> defaults = choices(variables).get(0);
      for (JsonObject panel : panels(dashboard)) {
        if (!"timeseries".equals(panel.getString("type")) || infinityTargets(panel).isEmpty()) {
          continue;
        }
        for (Map<String, String> copy : repeats(panel, variables, defaults)) {
          List<GrafanaModel.Frame> frames = new ArrayList<>();
          String valueName = null;
          for (JsonObject target : infinityTargets(panel)) {
            JsonArray rows = infinity.run(target, copy);
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
      Map<String, String> defaults = choices(infinity.variables(dashboard)).get(0);
      for (JsonObject panel : panels(dashboard)) {
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) t;
          if ("prometheus".equals(target.getJsonObject("datasource").getString("type"))) {
            Map<String, String> scoped = new HashMap<>(defaults);
            scoped.put("__rate_interval", "5m");
            String expr = infinity.substitute(target.getString("expr"), scoped);
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

}
