package io.perceive.dashboards;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What Grafana and the Infinity datasource do with a provisioned dashboard, written down from their
 * sources because Grafana cannot run here. Each method names the upstream file it follows; the
 * versions read were Infinity v3.11.1 (grafana/grafana-infinity-datasource) and Grafana main at
 * 12.2.0-pre (grafana/grafana).
 */
final class GrafanaModel {

  private GrafanaModel() {}

  /** A data frame field as Grafana holds it: name, type, labels and one value per row. */
  record Field(String name, String type, Map<String, String> labels, List<Object> values) {
    /**
     * The name overrides and legends see. Follows {@code calculateFieldDisplayName} in
     * packages/grafana-data/src/field/fieldState.ts for the one case these dashboards produce:
     * the field name, then the value of its (single) label when it has one.
     */
    String displayName() {
      return labels.isEmpty() ? name : name + " " + String.join(" ", labels.values());
    }
  }

  /** A data frame: fields of equal length. */
  record Frame(List<Field> fields) {
    int length() {
      return fields.isEmpty() ? 0 : fields.get(0).values().size();
    }
  }

  /**
   * The Infinity query that fills a query variable's options, or empty when the plugin would offer
   * none. Follows {@code migrateLegacyQuery} and {@code InfinityVariableSupport.query} in
   * src/app/variablesQuery/index.ts (types in src/types/variables.types.ts): a query without
   * {@code queryType} is migrated to a legacy query with an empty string, and a legacy query offers
   * options only for its utility functions (Collection, Join, Random, ...), so none here.
   */
  static Optional<JsonObject> variableQuery(JsonObject variable) {
    Object query = variable.getValue("query");
    if (!(query instanceof JsonObject wrapped)) {
      return Optional.empty();
    }
    String queryType = wrapped.getString("queryType");
    if (!"infinity".equals(queryType)) {
      return Optional.empty();
    }
    return Optional.ofNullable(wrapped.getJsonObject("infinityQuery"));
  }

  /**
   * The option values a variable's frame yields: {@code convertOriginalFieldsToVariableFields} in
   * src/app/variablesQuery/index.ts takes {@code __value}, else the second of two fields, else the
   * first; Grafana then drops duplicates and sorts as the variable's {@code sort} says (1 =
   * alphabetical).
   */
  static List<String> variableValues(Frame frame, int sort) {
    List<Field> fields = frame.fields();
    Field value =
        fields.stream().filter(f -> f.name().equals("__value")).findFirst()
            .orElse(fields.size() == 2 ? fields.get(1) : fields.get(0));
    List<String> values = new ArrayList<>();
    for (Object v : value.values()) {
      if (v != null && !values.contains(String.valueOf(v))) {
        values.add(String.valueOf(v));
      }
    }
    if (sort == 1) {
      values.sort(null);
    }
    return values;
  }

  /**
   * The frame Infinity's backend parser builds from JSON rows: one field per column, named by the
   * column's {@code text} (pkg/infinity/jsonBackend.go passes it as the alias to jsonframer).
   */
  static Frame infinityFrame(JsonObject query, JsonArray rows) {
    List<Field> fields = new ArrayList<>();
    for (Object c : query.getJsonArray("columns")) {
      JsonObject column = (JsonObject) c;
      List<Object> values = new ArrayList<>();
      for (Object r : rows) {
        values.add(((JsonObject) r).getValue(column.getString("selector")));
      }
      fields.add(new Field(column.getString("text"), column.getString("type"), Map.of(), values));
    }
    return new Frame(fields);
  }

  /**
   * The events Grafana draws from an annotation query's frame: {@code getAnnotationsFromData} in
   * public/app/features/annotations/standardAnnotationSupport.ts (the default for a datasource
   * that, like Infinity, declares only an annotation editor). Each event key takes the field of its
   * name (lower-cased display name), else {@code time} the first time field and {@code text} the
   * first string field; without a time and a text there are no events; {@code tags} are split on
   * commas. Null values are left out of the event.
   */
  static List<Map<String, Object>> annotationEvents(Frame frame) {
    Map<String, Field> byName = new LinkedHashMap<>();
    for (Field f : frame.fields()) {
      byName.putIfAbsent(f.displayName().toLowerCase(java.util.Locale.ROOT), f);
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    for (String key : List.of("time", "timeEnd", "title", "text", "tags", "id")) {
      Field field = byName.get(key.toLowerCase(java.util.Locale.ROOT));
      if (field == null && key.equals("time")) {
        field = frame.fields().stream().filter(f -> f.type().startsWith("timestamp")).findFirst().orElse(null);
      }
      if (field == null && key.equals("text")) {
        field = frame.fields().stream().filter(f -> f.type().equals("string")).findFirst().orElse(null);
      }
      if (field != null) {
        fields.put(key, field);
      }
    }
    List<Map<String, Object>> events = new ArrayList<>();
    if (!fields.containsKey("time") || !fields.containsKey("text")) {
      return events;
    }
    for (int i = 0; i < frame.length(); i++) {
      Map<String, Object> event = new LinkedHashMap<>();
      for (Map.Entry<String, Field> e : fields.entrySet()) {
        Object v = e.getValue().values().get(i);
        if (v != null) {
          event.put(e.getKey(), e.getKey().equals("tags") && v instanceof String tags ? List.of(tags.split(",")) : v);
        }
      }
      events.add(event);
    }
    return events;
  }

  /** Transformation ids these dashboards may use, with the options each one reads. */
  static final Map<String, Set<String>> TRANSFORMATIONS =
      Map.of(
          // public/app/features/transformers/partitionByValues/partitionByValues.ts
          "partitionByValues", Set.of("fields", "keepFields", "naming"),
          // packages/grafana-data/src/transformations/transformers/organize.ts
          "organize", Set.of("excludeByName", "indexByName", "renameByName", "includeByName"));

  /** Field matcher ids (packages/grafana-data/src/transformations/matchers/ids.ts, FieldMatcherID). */
  static final Set<String> MATCHERS = Set.of("byName", "byRegexp", "byType", "byFrameRefID", "byNames", "byValue");

  /**
   * Override property ids Grafana knows: the standard options
   * (packages/grafana-data/src/field/standardFieldConfigEditorRegistry / getStandardOptionEditors)
   * and each panel's {@code custom.*} options: the time series' GraphFieldConfig
   * (packages/grafana-schema/src/common/common.gen.ts) and the table's field options
   * (public/app/plugins/panel/table/panelcfg.gen.ts).
   */
  static final Set<String> STANDARD_PROPERTIES =
      Set.of("unit", "decimals", "min", "max", "displayName", "color", "noValue", "thresholds", "mappings", "links", "filterable", "fieldMinMax");

  static final Map<String, Set<String>> CUSTOM_PROPERTIES =
      Map.of(
          "timeseries",
          Set.of("drawStyle", "gradientMode", "thresholdsStyle", "transform", "lineColor", "lineWidth", "lineInterpolation",
              "lineStyle", "spanNulls", "insertNulls", "fillBelowTo", "fillColor", "fillOpacity", "pointColor", "pointSize",
              "pointSymbol", "showPoints", "axisBorderShow", "axisCenteredZero", "axisColorMode", "axisGridShow", "axisLabel",
              "axisPlacement", "axisSoftMax", "axisSoftMin", "axisWidth", "scaleDistribution", "barAlignment", "barMaxWidth",
              "barWidthFactor", "stacking", "hideFrom", "showValues"),
          "table",
          Set.of("align", "cellOptions", "displayMode", "filterable", "hidden", "hideFrom", "inspect", "minWidth", "width",
              "wrapText", "wrapHeaderText"));

  static boolean knownProperty(String panelType, String id) {
    if (id.startsWith("custom.")) {
      return CUSTOM_PROPERTIES.getOrDefault(panelType, Set.of()).contains(id.substring("custom.".length()));
    }
    return STANDARD_PROPERTIES.contains(id);
  }

  /**
   * Runs a panel's transformations. Only those emulated here may appear; partitionByValues follows
   * public/app/features/transformers/partitionByValues/partitionByValues.ts: one frame per distinct
   * key, fields keep their names, the key fields are dropped unless {@code keepFields}, and (the
   * default {@code naming.asLabels}) each field gets the key as a label.
   */
  static List<Frame> transform(Frame frame, JsonArray transformations) {
    List<Frame> frames = List.of(frame);
    for (Object t : transformations) {
      JsonObject transformation = (JsonObject) t;
      String id = transformation.getString("id");
      if (!"partitionByValues".equals(id)) {
        throw new AssertionError("transformation " + id + " is not emulated: add it to GrafanaModel");
      }
      JsonObject options = transformation.getJsonObject("options", new JsonObject());
      List<String> keys = options.getJsonArray("fields").stream().map(String::valueOf).toList();
      boolean keep = options.getBoolean("keepFields", false);
      List<Frame> out = new ArrayList<>();
      for (Frame f : frames) {
        out.addAll(partition(f, keys, keep));
      }
      frames = out;
    }
    return frames;
  }

  private static List<Frame> partition(Frame frame, List<String> keys, boolean keep) {
    List<Field> keyFields = frame.fields().stream().filter(f -> keys.contains(f.name())).toList();
    if (keyFields.isEmpty()) {
      return List.of(frame);
    }
    Map<List<Object>, List<Integer>> rowsByKey = new LinkedHashMap<>();
    for (int i = 0; i < frame.length(); i++) {
      int row = i;
      List<Object> key = keyFields.stream().map(f -> f.values().get(row)).toList();
      rowsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    List<Frame> frames = new ArrayList<>();
    rowsByKey.forEach(
        (key, rows) -> {
          Map<String, String> labels = new LinkedHashMap<>();
          for (int k = 0; k < keyFields.size(); k++) {
            labels.put(keyFields.get(k).name(), String.valueOf(key.get(k)));
          }
          List<Field> fields = new ArrayList<>();
          for (Field f : frame.fields()) {
            if (!keep && keys.contains(f.name())) {
              continue;
            }
            Map<String, String> merged = new LinkedHashMap<>(f.labels());
            merged.putAll(labels);
            fields.add(new Field(f.name(), f.type(), merged, rows.stream().map(f.values()::get).toList()));
          }
          frames.add(new Frame(fields));
        });
    return frames;
  }

  /**
   * What the time series panel plots: its frames outer-joined on time into one frame, keeping only
   * number fields (public/app/core/components/GraphNG/utils.tsx {@code preparePlotFrame} with
   * {@code outerJoinDataFrames}, after {@code prepareGraphableFields} drops string fields).
   */
  static Frame joinForTimeSeries(List<Frame> frames) {
    TreeSet<Long> times = new TreeSet<>();
    for (Frame f : frames) {
      time(f).values().forEach(v -> times.add(((Number) v).longValue()));
    }
    List<Long> axis = new ArrayList<>(times);
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("time", "timestamp_epoch", Map.of(), new ArrayList<>(axis)));
    for (Frame f : frames) {
      Field time = time(f);
      for (Field field : f.fields()) {
        if (!"number".equals(field.type())) {
          continue;
        }
        List<Object> values = new ArrayList<>(java.util.Collections.nCopies(axis.size(), null));
        for (int i = 0; i < f.length(); i++) {
          values.set(axis.indexOf(((Number) time.values().get(i)).longValue()), field.values().get(i));
        }
        fields.add(new Field(field.name(), field.type(), field.labels(), values));
      }
    }
    return new Frame(fields);
  }

  private static Field time(Frame frame) {
    return frame.fields().stream().filter(f -> f.type().startsWith("timestamp")).findFirst()
        .orElseThrow(() -> new AssertionError("a time series frame needs a time field"));
  }

  /** Whether an override's matcher selects a field (matched on its display name, as Grafana does). */
  static boolean matches(JsonObject matcher, Field field) {
    String options = String.valueOf(matcher.getValue("options"));
    return switch (matcher.getString("id")) {
      case "byName" -> options.equals(field.displayName());
      case "byRegexp" -> regexp(options).matcher(field.displayName()).matches();
      case "byType" -> options.equals(field.type());
      default -> throw new AssertionError("matcher " + matcher.getString("id") + " is not emulated");
    };
  }

  /** {@code stringToJsRegex}: "/re/flags" or a bare pattern. */
  private static Pattern regexp(String options) {
    if (options.startsWith("/") && options.lastIndexOf('/') > 0) {
      return Pattern.compile(options.substring(1, options.lastIndexOf('/')));
    }
    return Pattern.compile(options);
  }

  /** A field's configuration after the panel's defaults and every matching override, in order. */
  static JsonObject fieldConfig(JsonObject panel, Field field) {
    JsonObject fieldConfig = panel.getJsonObject("fieldConfig", new JsonObject());
    JsonObject config = fieldConfig.getJsonObject("defaults", new JsonObject()).copy();
    JsonObject custom = config.getJsonObject("custom", new JsonObject()).copy();
    config.put("custom", custom);
    for (Object o : fieldConfig.getJsonArray("overrides", new JsonArray())) {
      JsonObject override = (JsonObject) o;
      if (!matches(override.getJsonObject("matcher"), field)) {
        continue;
      }
      for (Object p : override.getJsonArray("properties")) {
        JsonObject property = (JsonObject) p;
        String id = property.getString("id");
        if (id.startsWith("custom.")) {
          custom.put(id.substring("custom.".length()), property.getValue("value"));
        } else {
          config.put(id, property.getValue("value"));
        }
      }
    }
    return config;
  }

  /**
   * The field a band fills down to: the first field of the plotted frame whose name, name from the
   * datasource or display name is the {@code fillBelowTo} value. Follows
   * {@code preparePlotConfigBuilder} in public/app/core/components/TimeSeries/utils.ts
   * ({@code frame.fields.find(...)}), so with several fields of that name the first one wins.
   */
  static Optional<Field> fillBelowToTarget(Frame plotted, String fillBelowTo) {
    return plotted.fields().stream()
        .filter(f -> Objects.equals(fillBelowTo, f.name()) || Objects.equals(fillBelowTo, f.displayName()))
        .findFirst();
  }

  /**
   * Whether Infinity sends a request to a URL: {@code CanAllowURL} in pkg/infinity/client.go. The
   * URL must start with an allowed entry and have an allowed host name; an empty list allows all.
   */
  static boolean allowedUrl(String url, List<String> allowedHosts) {
    if (allowedHosts.isEmpty()) {
      return true;
    }
    Set<String> hosts = new TreeSet<>();
    for (String allowed : allowedHosts) {
      hosts.add(URI.create(withScheme(allowed)).getHost());
    }
    String host = URI.create(withScheme(url)).getHost();
    return allowedHosts.stream().anyMatch(url::startsWith) && hosts.contains(host);
  }

  /** {@code FixMissingURLSchema} in pkg/models/settings.go. */
  private static String withScheme(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return url;
    }
    return (lower.equals("localhost") || lower.startsWith("localhost:") ? "http://" : "https://") + url;
  }

  /**
   * The URL Infinity requests: the datasource URL and the query's URL joined as they are
   * ({@code GetQueryURL} in pkg/infinity/request.go), so a datasource URL ending in "/" gives "//".
   */
  static String requestUrl(String datasourceUrl, String queryUrl) {
    return queryUrl.startsWith(datasourceUrl) ? queryUrl : datasourceUrl + queryUrl;
  }
}
