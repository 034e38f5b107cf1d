package io.perceive.api.insights;

import io.perceive.analytics.rollup.BeforeAfter;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Differences;
import io.perceive.analytics.stats.Differences.Difference;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.annotation.Annotation;
import io.perceive.ingest.annotation.AnnotationRepository;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/v1/incidents/communication}: did proactive updates during an outage hold
 * perception up? The incident annotations that say whether customers were kept informed
 * ({@code communicated}) fall in two groups; each group's answers before its incidents and after
 * them are pooled (the windows of the effect route, {@code window} days) and tested as one
 * before/after comparison on {@code metric} (a rating metric, CSAT by default); then the two
 * changes are compared (normal approximation). The verdict: {@code held up better},
 * {@code fell further}, {@code no measurable difference}, or {@code too few answers}.
 */
record IncidentsRoute(AnnotationRepository annotations, MeasureReader reader, PerceiveConfig.Analytics analytics, Clock clock)
    implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Metric metric = Measure.ratingMetricOnly(ctx, "incidents are compared on a rating metric");
    int window = EffectRoute.days(ctx, "window", EffectRoute.DEFAULT_WINDOW_DAYS, 7, 365);
    double alpha = QueryParams.level(ctx, "alpha", 0.05);
    annotations.all()
        .compose(all -> {
          List<Annotation> incidents =
              all.stream().filter(a -> a.kind() == Annotation.Kind.INCIDENT && a.communicated() != null).toList();
          return pooled(incidents, true, window).compose(told -> pooled(incidents, false, window).map(silent -> {
            BeforeAfter.Comparison withUpdates = BeforeAfter.compare(metric, told[0], told[1], analytics.confidence(), alpha, analytics.minN());
            BeforeAfter.Comparison without = BeforeAfter.compare(metric, silent[0], silent[1], analytics.confidence(), alpha, analytics.minN());
            JsonObject body = new JsonObject()
                .put("metric", metric.label())
                .put("windowDays", window)
                .put("communicated", group(incidents, true, withUpdates))
                .put("notCommunicated", group(incidents, false, without));
            if (withUpdates.difference() == null || without.difference() == null) {
              return body.put("verdict", "too few answers");
            }
            // How much better the change with updates was than the change without.
            Difference gap = Differences.between(without.difference(), withUpdates.difference(), analytics.confidence());
            boolean better = (gap.estimate() > 0) == metric.higherIsBetter();
            String verdict = !(gap.pValue() < alpha) || gap.estimate() == 0 ? "no measurable difference" : better ? "held up better" : "fell further";
            return body
                .put("gap", new JsonObject()
                    .put("difference", gap.estimate()).put("lower", gap.lower()).put("upper", gap.upper()).put("pValue", gap.pValue()))
                .put("verdict", verdict);
          }));
        })
        .onSuccess(body -> io.perceive.api.http.Json.send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /** The before and after totals of the incidents of one group, pooled. */
  private Future<Totals[]> pooled(List<Annotation> incidents, boolean communicated, int window) {
    Future<Totals[]> sum = Future.succeededFuture(new Totals[] {Totals.ZERO, Totals.ZERO});
    for (Annotation a : incidents) {
      if (a.communicated() != communicated) {
        continue;
      }
      EffectRoute.Windows w = EffectRoute.windows(a, window, analytics.zone(), clock.millis());
      sum = sum.compose(acc -> EffectRoute.totals(reader, EffectRoute.servicesOf(a), w)
          .map(t -> new Totals[] {acc[0].plus(t[0]), acc[1].plus(t[1])}));
    }
    return sum;
  }

  private static JsonObject group(List<Annotation> incidents, boolean communicated, BeforeAfter.Comparison c) {
    JsonObject out = new JsonObject()
        .put("incidents", incidents.stream().filter(a -> a.communicated() == communicated).count())
        .put("nBefore", c.nBefore())
        .put("nAfter", c.nAfter())
        .put("beforeValue", c.beforeValue())
        .put("afterValue", c.afterValue());
    if (c.difference() != null) {
      out.put("difference", c.difference().estimate())
          .put("lower", c.difference().lower())
          .put("upper", c.difference().upper())
          .put("pValue", c.difference().pValue())
          .put("verdict", c.verdict().label());
    } else {
      out.put("verdict", c.verdict().label());
    }
    return out;
  }
}
