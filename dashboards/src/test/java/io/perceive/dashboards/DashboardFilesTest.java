package io.perceive.dashboards;

import static io.perceive.dashboards.ProvisioningFiles.ALERTING;
import static io.perceive.dashboards.ProvisioningFiles.DASHBOARDS;
import static io.perceive.dashboards.ProvisioningFiles.EXPRESSION_TYPES;
import static io.perceive.dashboards.ProvisioningFiles.INFINITY;
import static io.perceive.dashboards.ProvisioningFiles.PROVISIONING;
import static io.perceive.dashboards.ProvisioningFiles.alertRules;
import static io.perceive.dashboards.ProvisioningFiles.collectDatasourceUids;
import static io.perceive.dashboards.ProvisioningFiles.dashboards;
import static io.perceive.dashboards.ProvisioningFiles.datasources;
import static io.perceive.dashboards.ProvisioningFiles.files;
import static io.perceive.dashboards.ProvisioningFiles.infinityTargets;
import static io.perceive.dashboards.ProvisioningFiles.list;
import static io.perceive.dashboards.ProvisioningFiles.map;
import static io.perceive.dashboards.ProvisioningFiles.panels;
import static io.perceive.dashboards.ProvisioningFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks of the provisioning files that need no running Perceive: what Grafana and Infinity would
 * reject, ignore or draw wrongly, as their sources define it (see {@link GrafanaModel}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DashboardFilesTest {

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


  @Test
  void transformationsMatchersAndOverridePropertiesAreOnesGrafanaKnows() throws Exception {
    int properties = 0;
    for (JsonObject dashboard : dashboards().values()) {
      for (JsonObject panel : panels(dashboard)) {
        String title = panel.getString("title");
        for (Object t : panel.getJsonArray("transformations", new JsonArray())) {
          JsonObject transformation = (JsonObject) t;
          String id = transformation.getString("id");
          assertThat(GrafanaModel.TRANSFORMATIONS).as("transformation of '%s'", title).containsKey(id);
          assertThat(GrafanaModel.TRANSFORMATIONS.get(id))
              .as("options of %s in '%s'", id, title)
              .containsAll(transformation.getJsonObject("options", new JsonObject()).fieldNames());
        }
        JsonObject fieldConfig = panel.getJsonObject("fieldConfig", new JsonObject());
        JsonObject defaults = fieldConfig.getJsonObject("defaults", new JsonObject());
        for (String key : defaults.fieldNames()) {
          if (!key.equals("custom")) {
            assertThat(GrafanaModel.knownProperty(panel.getString("type"), key)).as("default %s of '%s'", key, title).isTrue();
          }
        }
        for (String key : defaults.getJsonObject("custom", new JsonObject()).fieldNames()) {
          assertThat(GrafanaModel.knownProperty(panel.getString("type"), "custom." + key)).as("default custom.%s of '%s'", key, title).isTrue();
        }
        for (Object o : fieldConfig.getJsonArray("overrides", new JsonArray())) {
          JsonObject override = (JsonObject) o;
          assertThat(GrafanaModel.MATCHERS).as("matcher in '%s'", title).contains(override.getJsonObject("matcher").getString("id"));
          for (Object p : override.getJsonArray("properties")) {
            String id = ((JsonObject) p).getString("id");
            assertThat(GrafanaModel.knownProperty(panel.getString("type"), id)).as("override property %s in '%s'", id, title).isTrue();
            properties++;
          }
        }
      }
    }
    assertThat(properties).isPositive();
  }

  /**
   * A count drawn beside a share would inherit the panel's percent unit (n = 120 reading
   * "12000.0%" in the tooltip): every helper series named n gets a count unit.
   */
  @Test
  void countsAreNotShownInThePanelsUnit() throws Exception {
    int counts = 0;
    for (JsonObject dashboard : dashboards().values()) {
      for (JsonObject panel : panels(dashboard)) {
        for (JsonObject target : infinityTargets(panel)) {
          for (Object c : target.getJsonArray("columns")) {
            JsonObject column = (JsonObject) c;
            if (!"n".equals(column.getString("selector")) || !"timeseries".equals(panel.getString("type"))) {
              continue;
            }
            GrafanaModel.Field n = new GrafanaModel.Field(column.getString("text"), "number", Map.of(), List.of());
            String unit = GrafanaModel.fieldConfig(panel, n).getString("unit", "none");
            assertThat(unit).as("unit of n in '%s'", panel.getString("title")).isIn("none", "short");
            counts++;
          }
        }
      }
    }
    assertThat(counts).as("time series with a count").isPositive();
  }

  /**
   * Infinity requests datasource URL + query path and refuses URLs its allowedHosts does not
   * allow ({@link GrafanaModel#allowedUrl}); every query of a panel, variable and rule must pass
   * for a typical PERCEIVE_URL.
   */
  @Test
  void theDatasourceAllowsEveryRequestThePanelsAndRulesMake() throws Exception {
    Map<String, Object> datasource = datasources().get("perceive-api");
    String base = "http://perceive:8080";
    String url = String.valueOf(datasource.get("url")).replace("${PERCEIVE_URL}", base);
    List<String> allowed = new ArrayList<>();
    for (Object a : (List<?>) map(datasource.get("jsonData")).get("allowedHosts")) {
      allowed.add(String.valueOf(a).replace("${PERCEIVE_URL}", base));
    }
    List<String> paths = new ArrayList<>();
    for (JsonObject dashboard : dashboards().values()) {
      for (JsonObject panel : panels(dashboard)) {
        infinityTargets(panel).forEach(t -> paths.add(t.getString("url")));
      }
      ProvisioningFiles.annotationQueries(dashboard).forEach(a -> paths.add(a.getJsonObject("target").getString("url")));
      for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
        GrafanaModel.variableQuery((JsonObject) v).ifPresent(q -> paths.add(q.getString("url")));
      }
    }
    for (Map<String, Object> rule : alertRules()) {
      Map<String, Object> query = list(rule.get("data")).get(0);
      if ("perceive-api".equals(query.get("datasourceUid"))) {
        paths.add((String) map(query.get("model")).get("url"));
      }
    }
    assertThat(paths).isNotEmpty();
    for (String path : paths) {
      assertThat(path).as("a path on Perceive's API").startsWith("/api/v1/");
      String request = GrafanaModel.requestUrl(url, path);
      assertThat(GrafanaModel.allowedUrl(request, allowed)).as("Infinity allows %s with allowedHosts %s", request, allowed).isTrue();
    }
    // docs/grafana.md: a trailing slash on PERCEIVE_URL doubles the slash before the path.
    assertThat(GrafanaModel.requestUrl(base + "/", "/api/v1/trends")).isEqualTo(base + "//api/v1/trends");
  }

  /**
   * The token Perceive asks for travels as Infinity's secure custom header (jsonData
   * httpHeaderNameN + secureJsonData httpHeaderValueN, read by GetSecrets in
   * pkg/models/settings.go), filled from the environment, never written in the file.
   */
  @Test
  void theDatasourceSendsTheTokenFromTheEnvironment() throws Exception {
    Map<String, Object> datasource = datasources().get("perceive-api");
    Map<String, Object> jsonData = map(datasource.get("jsonData"));
    Map<String, Object> secure = map(datasource.get("secureJsonData"));
    String header = jsonData.keySet().stream().filter(k -> k.startsWith("httpHeaderName")).findFirst().orElse(null);
    assertThat(header).as("a custom header of the Perceive datasource").isNotNull();
    assertThat(jsonData.get(header)).isEqualTo("Authorization");
    assertThat(secure).as("secureJsonData of the Perceive datasource").isNotNull();
    assertThat(secure.get(header.replace("httpHeaderName", "httpHeaderValue"))).isEqualTo("Bearer ${PERCEIVE_GRAFANA_TOKEN}");
  }

  /** Rule states show as annotations on a time series only when the rule names that panel. */
  @Test
  void everyRuleIsLinkedToATimeSeriesPanel() throws Exception {
    Map<String, JsonObject> dashboards = dashboards();
    for (Map<String, Object> rule : alertRules()) {
      String uid = (String) rule.get("uid");
      JsonObject dashboard = dashboards.get((String) rule.get("dashboardUid"));
      assertThat(dashboard).as("dashboard of rule %s", uid).isNotNull();
      Object panelId = rule.get("panelId");
      JsonObject panel = panels(dashboard).stream().filter(p -> p.getValue("id").equals(panelId)).findFirst().orElse(null);
      assertThat(panel).as("panel %s of rule %s", panelId, uid).isNotNull();
      assertThat(panel.getString("type")).as("panel of rule %s", uid).isEqualTo("timeseries");
    }
  }

  /**
   * Grafana turns a table of numbers and strings (an Infinity table) and a Prometheus instant query
   * into numbers, one per label set; a reduce over numbers is a no-op that only adds the warning
   * "Reduce operation is not needed" ({@code ReduceCommand.Execute} in grafana/grafana
   * pkg/expr/commands.go). Rules on such queries put their threshold on the query itself.
   */
  @Test
  void rulesDoNotReduceWhatIsAlreadyANumber() throws Exception {
    int rules = 0;
    for (Map<String, Object> rule : alertRules()) {
      Map<String, Map<String, Object>> models = new java.util.HashMap<>();
      for (Map<String, Object> data : list(rule.get("data"))) {
        models.put((String) data.get("refId"), map(data.get("model")));
      }
      for (Map<String, Object> model : models.values()) {
        if (!"reduce".equals(model.get("type"))) {
          continue;
        }
        Map<String, Object> input = models.get((String) model.get("expression"));
        boolean numbers = "table".equals(input.get("format")) || Boolean.TRUE.equals(input.get("instant"));
        assertThat(numbers).as("rule %s reduces %s, which is already one number per series", rule.get("uid"), model.get("expression")).isFalse();
      }
      rules++;
    }
    assertThat(rules).isPositive();
  }

  /** The Infinity variable-query shape, as {@code InfinityVariableSupport} reads it. */
  @Test
  void variableQueriesAreInInfinitysVariableShape() throws Exception {
    Set<String> names = new java.util.TreeSet<>();
    for (JsonObject dashboard : dashboards().values()) {
      for (Object v : dashboard.getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) v;
        if ("query".equals(variable.getString("type"))) {
          assertThat(GrafanaModel.variableQuery(variable)).as("Infinity query of variable %s", variable.getString("name")).isPresent();
          names.add(variable.getString("name"));
        }
      }
    }
    assertThat(names).contains("service");
  }
}
