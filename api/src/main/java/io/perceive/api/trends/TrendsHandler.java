package io.perceive.api.trends;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.stats.Estimate;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.http.Json;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Trends for Grafana's Infinity datasource: a root array of long-format rows, one per service and
 * time bucket, each with its value, confidence bounds and n. Cells under the minimum n are
 * returned as suppressed rows without a value, so a panel shows a gap rather than noise.
 */
public final class TrendsHandler {

  static final Duration DEFAULT_RANGE = Duration.ofDays(365);
  static final Duration MAX_RANGE = Duration.ofDays(3660);
  static final int MAX_SERVICES = 100;

  private final RollupRepository rollups;
  private final PerceiveConfig.Analytics analytics;
  private final Clock clock;

  public TrendsHandler(RollupRepository rollups, PerceiveConfig.Analytics analytics, Clock clock) {
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.analytics = Objects.requireNonNull(analytics, "analytics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void mount(Router router) {
    router.get("/api/v1/trends").handler(this::trends);
    router.get("/api/v1/services").handler(this::services);
  }

  void trends(RoutingContext ctx) {
    Metric metric =
        Metric.parse(single(ctx, "metric", "csat"))
            .orElseThrow(() -> new BadInputException("metric", "metric must be one of: " + Metric.allowed()));
    Interval interval =
        Interval.parse(single(ctx, "interval", "week"))
            .orElseThrow(() -> new BadInputException("interval", "interval must be one of: " + Interval.allowed()));
    Instant to = instant(ctx, "to", clock.instant());
    Instant from = instant(ctx, "from", to.minus(DEFAULT_RANGE));
    if (!from.isBefore(to)) {
      throw new BadInputException("from", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new BadInputException("from", "the range from..to must not exceed " + MAX_RANGE.toDays() + " days");
    }
    Set<String> services = serviceFilter(ctx);
    rollups
        .totals(interval, services, from.toEpochMilli(), to.toEpochMilli())
        .onSuccess(buckets -> Json.send(ctx, 200, rows(metric, buckets)))
        .onFailure(ctx::fail);
  }

  void services(RoutingContext ctx) {
    rollups
        .services()
        .onSuccess(
            names -> {
              JsonArray rows = new JsonArray();
              names.forEach(name -> rows.add(new JsonObject().put("service", name)));
              Json.send(ctx, 200, rows);
            })
        .onFailure(ctx::fail);
  }

  private JsonArray rows(Metric metric, List<BucketTotals> buckets) {
    JsonArray rows = new JsonArray();
    for (BucketTotals b : buckets) {
      Estimate e = metric.estimate(b.totals(), analytics.confidence(), analytics.minN());
      rows.add(
          new JsonObject()
              .put("time", b.bucketStart())
              .put("service", b.service())
              .put("metric", metric.label())
              .put("value", e.value())
              .put("lower", e.lower())
              .put("upper", e.upper())
              .put("n", e.n())
              .put("suppressed", e.suppressed()));
    }
    return rows;
  }

  private static String single(RoutingContext ctx, String name, String fallback) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw new BadInputException(name, name + " may be given once");
    }
    return values.isEmpty() || values.get(0).isBlank() ? fallback : values.get(0).strip();
  }

  /** Epoch milliseconds (what Grafana's ${__from} gives) or an ISO 8601 instant. */
  private static Instant instant(RoutingContext ctx, String name, Instant fallback) {
    String text = single(ctx, name, null);
    if (text == null) {
      return fallback;
    }
    try {
      if (text.matches("-?\\d{1,15}")) {
        return Instant.ofEpochMilli(Long.parseLong(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new BadInputException(name, name + " must be epoch milliseconds or an ISO 8601 instant");
    }
  }

  /** Repeated {@code service} parameters; none (or Grafana's empty "All") means every service. */
  private static Set<String> serviceFilter(RoutingContext ctx) {
    Set<String> services = new LinkedHashSet<>();
    for (String value : ctx.queryParam("service")) {
      String name = value.strip();
      if (name.isEmpty() || name.equals("*") || name.equals("$__all")) {
        continue;
      }
      if (name.length() > 200) {
        throw new BadInputException("service", "service must be at most 200 characters");
      }
      services.add(name);
    }
    if (services.size() > MAX_SERVICES) {
      throw new BadInputException("service", "at most " + MAX_SERVICES + " services per query");
    }
    return services;
  }
}
