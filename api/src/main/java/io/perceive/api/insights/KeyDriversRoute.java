package io.perceive.api.insights;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.KeyDrivers;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.perceive.ingest.scoring.ScoreRollupRepository.MeasureTotals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/key-drivers}: which competency dimension moves CSAT ({@link KeyDrivers}). With
 * {@code unit=answer} (the default) the units are the answers that mention the dimension: the
 * correlation of the mention's phrase score with the answer being rated 4-5, from the comment
 * score rollups' sums. With {@code unit=cell} they are each service in each {@code interval}
 * bucket: the correlation of the cell's mean phrase sentiment on the dimension with its CSAT,
 * across the cells with at least the minimum n of ratings and of mentions. Either way with a
 * Fisher interval, a t test and Benjamini-Hochberg across dimensions.
 */
record KeyDriversRoute(MeasureReader reader, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Interval interval = QueryParams.interval(ctx);
    double fdr = QueryParams.level(ctx, "fdr", TrendTestsRoute.DEFAULT_ALPHA);
    String unit = QueryParams.single(ctx, "unit", "answer");
    if (!unit.equals("answer") && !unit.equals("cell")) {
      throw new BadInputException("unit", "unit must be one of: answer, cell");
    }
    QueryParams.Range range = QueryParams.range(ctx, clock);
    Set<String> services = QueryParams.services(ctx);
    long from = range.from().toEpochMilli();
    long to = range.to().toEpochMilli();
    List<Future<List<MeasureTotals>>> mentions =
        Measure.DIMENSIONS.stream().map(d -> reader.mentions(d, interval, services, from, to)).toList();
    if (unit.equals("answer")) {
      Rows.send(ctx, perAnswer(mentions, fdr));
      return;
    }
    Future<List<BucketTotals>> ratings = reader.ratings(interval, services, from, to);
    List<Future<?>> all = new ArrayList<>(mentions);
    all.add(ratings);
    Future.all(all)
        .map(
            done -> {
              Map<String, Map<String, double[]>> byCell = new LinkedHashMap<>();
              for (int i = 0; i < Measure.DIMENSIONS.size(); i++) {
                for (MeasureTotals m : mentions.get(i).result()) {
                  if (m.n() > 0) {
                    byCell
                        .computeIfAbsent(m.service() + "|" + m.bucketStart(), k -> new LinkedHashMap<>())
                        .put(Measure.DIMENSIONS.get(i), new double[] {m.sum() / m.n(), m.n()});
                  }
                }
              }
              List<KeyDrivers.Cell> cells = new ArrayList<>();
              for (BucketTotals b : ratings.result()) {
                Totals t = b.totals();
                if (t.n() > 0) {
                  String cell = b.service() + "|" + b.bucketStart();
                  cells.add(
                      new KeyDrivers.Cell(
                          cell, (double) t.satisfied() / t.n(), t.n(), byCell.getOrDefault(cell, Map.of())));
                }
              }
              return driverRows(
                  KeyDrivers.rank(cells, Measure.DIMENSIONS, analytics.confidence(), analytics.minN(), fdr), "cell", interval);
            })
        .onSuccess(rows -> Json.send(ctx, 200, rows))
        .onFailure(ctx::fail);
  }

  /** Key drivers per answer of the services of {@code services} (all of them when empty) over the range. */
  Future<JsonArray> perAnswer(Set<String> services, long from, long to, double fdr) {
    return perAnswer(Measure.DIMENSIONS.stream().map(d -> reader.mentions(d, Interval.MONTH, services, from, to)).toList(), fdr);
  }

  private Future<JsonArray> perAnswer(List<Future<List<MeasureTotals>>> mentions, double fdr) {
    return Future.all(mentions)
        .map(
            done -> {
              Map<String, KeyDrivers.Sums> sums = new LinkedHashMap<>();
              for (int i = 0; i < Measure.DIMENSIONS.size(); i++) {
                KeyDrivers.Sums total = new KeyDrivers.Sums(0, 0, 0, 0, 0);
                for (MeasureTotals m : mentions.get(i).result()) {
                  total = total.plus(new KeyDrivers.Sums(m.n(), m.sum(), m.sumSq(), m.satisfied(), m.sumSatisfied()));
                }
                sums.put(Measure.DIMENSIONS.get(i), total);
              }
              return driverRows(
                  KeyDrivers.perAnswer(sums, Measure.DIMENSIONS, analytics.confidence(), analytics.minN(), fdr), "answer", null);
            });
  }

  private static JsonArray driverRows(List<KeyDrivers.Driver> drivers, String unit, Interval interval) {
    JsonArray rows = new JsonArray();
    for (KeyDrivers.Driver d : drivers) {
      JsonObject row = new JsonObject().put("dimension", d.dimension()).put("unit", unit).put("n", d.cells());
      if (interval != null) {
        row.put("interval", interval.label()).put("cells", d.cells());
      }
      // The correlation with its interval, its test, the slope, and the verdict.
      row.put("r", d.r()).put("lower", d.lower()).put("upper", d.upper());
      row.put("pValue", d.pValue()).put("qValue", d.qValue()).put("slopePerTenth", d.slopePerTenth());
      rows.add(row.put("driver", d.driver()).put("suppressed", d.suppressed()));
    }
    return rows;
  }
}
