package io.perceive.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The emulation itself behaves as the upstream code it follows, on small hand-made data. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GrafanaModelTest {

  private static final JsonObject QUERY =
      new JsonObject()
          .put("columns", new JsonArray()
              .add(column("time", "time", "timestamp_epoch"))
              .add(column("service", "service", "string"))
              .add(column("value", "CSAT", "number"))
              .add(column("lower", "lower", "number"))
              .add(column("upper", "upper", "number")));

  private static JsonObject column(String selector, String text, String type) {
    return new JsonObject().put("selector", selector).put("text", text).put("type", type);
  }

  private static JsonObject row(long time, String service, double value, double lower, double upper) {
    return new JsonObject().put("time", time).put("service", service).put("value", value).put("lower", lower).put("upper", upper);
  }

  @Test
  void aBareVariableQueryOffersNothingAndAWrappedOneIsRun() {
    JsonObject bare = new JsonObject().put("type", "query").put("query", QUERY);
    JsonObject wrapped =
        new JsonObject().put("type", "query")
            .put("query", new JsonObject().put("queryType", "infinity").put("refId", "variable").put("infinityQuery", QUERY).put("query", ""));
    assertThat(GrafanaModel.variableQuery(bare)).isEmpty();
    assertThat(GrafanaModel.variableQuery(new JsonObject().put("query", "Collection(a,a)"))).isEmpty();
    assertThat(GrafanaModel.variableQuery(wrapped)).contains(QUERY);
  }

  @Test
  void afterPartitioningEveryBandFillsToTheFirstSeriesLowerEdge() {
    JsonArray rows = new JsonArray()
        .add(row(1, "Email", 0.9, 0.85, 0.95))
        .add(row(1, "VPN", 0.5, 0.40, 0.60))
        .add(row(2, "Email", 0.9, 0.86, 0.94))
        .add(row(2, "VPN", 0.5, 0.41, 0.59));
    JsonArray partition = new JsonArray().add(new JsonObject().put("id", "partitionByValues")
        .put("options", new JsonObject().put("fields", new JsonArray().add("service"))));
    List<GrafanaModel.Frame> frames = GrafanaModel.transform(GrafanaModel.infinityFrame(QUERY, rows), partition);
    assertThat(frames).hasSize(2);
    GrafanaModel.Frame plotted = GrafanaModel.joinForTimeSeries(frames);
    assertThat(plotted.fields()).extracting(GrafanaModel.Field::displayName)
        .containsExactly("time", "CSAT Email", "lower Email", "upper Email", "CSAT VPN", "lower VPN", "upper VPN");
    GrafanaModel.Field target = GrafanaModel.fillBelowToTarget(plotted, "lower").orElseThrow();
    assertThat(target.labels()).isEqualTo(Map.of("service", "Email"));
    // One series per panel: the only "lower" is its own.
    GrafanaModel.Frame single = GrafanaModel.joinForTimeSeries(List.of(GrafanaModel.infinityFrame(QUERY, new JsonArray().add(rows.getJsonObject(1)))));
    assertThat(GrafanaModel.fillBelowToTarget(single, "lower").orElseThrow().values()).containsExactly(0.40);
  }

  @Test
  void overridesMatchDisplayNamesAndApplyInOrder() {
    JsonObject panel = new JsonObject().put("fieldConfig", new JsonObject()
        .put("defaults", new JsonObject().put("unit", "percentunit"))
        .put("overrides", new JsonArray()
            .add(new JsonObject().put("matcher", new JsonObject().put("id", "byRegexp").put("options", "/^upper.*/"))
                .put("properties", new JsonArray().add(new JsonObject().put("id", "custom.fillBelowTo").put("value", "lower"))))
            .add(new JsonObject().put("matcher", new JsonObject().put("id", "byName").put("options", "n"))
                .put("properties", new JsonArray().add(new JsonObject().put("id", "unit").put("value", "none"))))));
    GrafanaModel.Field upper = new GrafanaModel.Field("upper", "number", Map.of("service", "VPN"), List.of());
    GrafanaModel.Field n = new GrafanaModel.Field("n", "number", Map.of(), List.of());
    assertThat(GrafanaModel.fieldConfig(panel, upper).getJsonObject("custom").getString("fillBelowTo")).isEqualTo("lower");
    assertThat(GrafanaModel.fieldConfig(panel, upper).getString("unit")).isEqualTo("percentunit");
    assertThat(GrafanaModel.fieldConfig(panel, n).getString("unit")).isEqualTo("none");
  }

  @Test
  void infinityAllowsOnlyUrlsUnderAnAllowedEntryOnAnAllowedHost() {
    List<String> allowed = List.of("http://perceive:8080");
    assertThat(GrafanaModel.allowedUrl("http://perceive:8080/api/v1/trends", allowed)).isTrue();
    assertThat(GrafanaModel.allowedUrl("http://perceive:8080//api/v1/trends", allowed)).isTrue();
    assertThat(GrafanaModel.allowedUrl("http://other:8080/api/v1/trends", allowed)).isFalse();
    assertThat(GrafanaModel.allowedUrl("http://perceive.evil:8080/x", allowed)).isFalse();
    assertThat(GrafanaModel.allowedUrl("http://anything/", List.of())).isTrue();
  }

  /**
   * Annotation events take fields by name, else the first time field for {@code time} and the
   * first string field for {@code text}; tags split on commas; no text, no events.
   */
  @Test
  void annotationEventsFollowGrafanasDefaultMapping() {
    JsonObject query = new JsonObject().put("columns", new JsonArray()
        .add(column("start", "start", "timestamp_epoch"))
        .add(column("description", "description", "string"))
        .add(column("kind", "tags", "string")));
    JsonArray rows = new JsonArray().add(new JsonObject().put("start", 1000L).put("description", "outage").put("kind", "incident,email"));
    List<Map<String, Object>> events = GrafanaModel.annotationEvents(GrafanaModel.infinityFrame(query, rows));
    assertThat(events).containsExactly(Map.of("time", 1000L, "text", "outage", "tags", List.of("incident", "email")));
    JsonObject timeOnly = new JsonObject().put("columns", new JsonArray().add(column("start", "start", "timestamp_epoch")));
    assertThat(GrafanaModel.annotationEvents(GrafanaModel.infinityFrame(timeOnly, rows))).isEmpty();
  }
}
