package io.perceive.api.insights;

import io.perceive.ingest.annotation.Annotation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * The review pack's improvement actions: the annotations of the period (the service's own and
 * those for every service; all of them in the organisation's pack), each with its measured
 * effect as {@code GET /api/v1/annotations/{id}/effect} answers it at its defaults, one flat row
 * per annotation and metric so a table (the page, a Grafana panel) can show them as they are.
 * A row whose verdict is "too few answers" is {@code suppressed}, its numbers null.
 */
record ReviewActions(EffectRoute effects) {

  /** At most this many annotations in a pack, the latest first. */
  static final int MAX = 20;
  static final double ALPHA = 0.05;
  private static final List<String> NUMBERS =
      List.of("beforeValue", "afterValue", "difference", "lower", "upper", "pValue", "levelChange", "slopeChange");

  Future<JsonArray> rows(String service, long from, long to) {
    return effects.annotations().all().compose(all -> {
      List<Annotation> chosen = all.stream()
          .filter(a -> service == null || a.service().equals(service) || a.service().equals(Annotation.ALL))
          .filter(a -> a.endOrStart().toEpochMilli() >= from && a.start().toEpochMilli() < to)
          .sorted(Comparator.comparing(Annotation::start).reversed().thenComparing(Annotation::id))
          .limit(MAX)
          .toList();
      List<Future<JsonObject>> measured =
          chosen.stream().map(a -> effects.effect(a, EffectRoute.DEFAULT_WINDOW_DAYS, EffectRoute.DEFAULT_WEEKS, ALPHA)).toList();
      return Future.all(measured).map(done -> {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < chosen.size(); i++) {
          Annotation a = chosen.get(i);
          for (Object e : measured.get(i).result().getJsonArray("effects")) {
            rows.add(row(a, (JsonObject) e));
          }
        }
        return rows;
      });
    });
  }

  private static JsonObject row(Annotation a, JsonObject effect) {
    JsonObject its = effect.getJsonObject("interruptedTimeSeries");
    JsonObject row = new JsonObject()
        .put("annotation", a.id())
        .put("service", a.service())
        .put("kind", a.kind().label())
        .put("title", a.title())
        .put("start", a.start().toEpochMilli())
        .put("end", a.end() == null ? null : a.end().toEpochMilli())
        .put("communicated", a.communicated())
        .put("metric", effect.getString("metric"))
        .put("test", effect.getString("test"))
        .put("nBefore", effect.getLong("nBefore"))
        .put("nAfter", effect.getLong("nAfter"));
    for (String name : NUMBERS) {
      Object value = name.endsWith("Change") ? (its == null ? null : its.getValue(name)) : effect.getValue(name);
      row.put(name, value);
    }
    return row.put("verdict", effect.getString("verdict")).put("suppressed", effect.getValue("difference") == null);
  }
}
