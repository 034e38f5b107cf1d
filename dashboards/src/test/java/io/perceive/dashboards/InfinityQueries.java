package io.perceive.dashboards;

import static io.perceive.dashboards.ProvisioningFiles.INFINITY;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a dashboard's Infinity queries against a running Perceive as Grafana's server would:
 * variables offered and substituted, the dashboard's range the year before {@code now},
 * parameters appended, the root selector applied.
 */
final class InfinityQueries {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}:]+)(?::([a-z]+))?}|\\$([A-Za-z_]+)");

  private final WebClient client;
  private final Instant now;

  InfinityQueries(WebClient client, Instant now) {
    this.client = client;
    this.now = now;
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
          JsonArray rows = run(query.get(), Map.of());
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
  JsonArray run(JsonObject query, Map<String, String> variables) throws Exception {
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

  String substitute(String text, Map<String, String> variables) {
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

  static void assertColumns(String what, JsonObject query, JsonArray rows) {
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
}
