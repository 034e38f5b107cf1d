package io.perceive.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The shipped provisioning files as the tests read them: dashboards, their panels, datasources, alert rules. */
final class ProvisioningFiles {

  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path PROVISIONING = MODULE.resolve("provisioning");
  static final Path DASHBOARDS = MODULE.resolve("grafana");
  static final Path ALERTING = PROVISIONING.resolve("alerting");
  static final String INFINITY = "yesoreyeram-infinity-datasource";
  static final Set<String> EXPRESSION_TYPES = Set.of("reduce", "threshold", "math", "resample", "classic_conditions");

  private ProvisioningFiles() {}

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

  /** A dashboard's annotation queries on Perceive (Infinity), as Grafana runs each one's {@code target}. */
  static List<JsonObject> annotationQueries(JsonObject dashboard) {
    return dashboard.getJsonObject("annotations", new JsonObject()).getJsonArray("list", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .filter(a -> INFINITY.equals(a.getJsonObject("datasource", new JsonObject()).getString("type")))
        .toList();
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

  static void collectDatasourceUids(Object node, List<String> out) {
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
