package io.perceive.api.http;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.BadInputException;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Query-string parsing shared by the read endpoints; every error names its parameter. */
public final class QueryParams {

  public static final Duration DEFAULT_RANGE = Duration.ofDays(365);
  public static final Duration MAX_RANGE = Duration.ofDays(3660);
  static final int MAX_SERVICES = 100;

  private QueryParams() {}

  /** The time range of a query: {@code from} inclusive, {@code to} exclusive. */
  public record Range(Instant from, Instant to) {}

  /** One optional parameter; given twice is an error. */
  public static String single(RoutingContext ctx, String name, String fallback) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw new BadInputException(name, name + " may be given once");
    }
    return values.isEmpty() || values.get(0).isBlank() ? fallback : values.get(0).strip();
  }

  /** {@code from}/{@code to}: epoch milliseconds (Grafana's ${__from}) or ISO 8601 instants. */
  public static Range range(RoutingContext ctx, Clock clock) {
    Instant now = clock.instant();
    Instant to = instant(ctx, "to", now, now);
    Instant from = instant(ctx, "from", to.minus(DEFAULT_RANGE), now);
    if (!from.isBefore(to)) {
      throw new BadInputException("from", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new BadInputException("from", "the range from..to must not exceed " + MAX_RANGE.toDays() + " days");
    }
    return new Range(from, to);
  }

  /** Grafana's relative times: {@code now}, {@code now-30d} (units s, m, h, d, w). */
  private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d{1,6})([smhdw]))?");

  private static Instant instant(RoutingContext ctx, String name, Instant fallback, Instant now) {
    String text = single(ctx, name, null);
    if (text == null) {
      return fallback;
    }
    Matcher relative = RELATIVE.matcher(text);
    if (relative.matches()) {
      if (relative.group(1) == null) {
        return now;
      }
      long amount = Long.parseLong(relative.group(1));
      Duration unit =
          switch (relative.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
          };
      return now.minus(unit.multipliedBy(amount));
    }
    try {
      if (text.matches("-?\\d{1,15}")) {
        return Instant.ofEpochMilli(Long.parseLong(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new BadInputException(
          name, name + " must be epoch milliseconds, an ISO 8601 instant, or now / now-<n><s|m|h|d|w>");
    }
  }

  /** {@code limit}: an integer from 1 to {@code max}, {@code fallback} when absent; else a 400 naming it. */
  public static int limit(RoutingContext ctx, int fallback, int max) {
    String text = single(ctx, "limit", String.valueOf(fallback));
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException("limit", "limit must be an integer from 1 to " + max);
  }

  /** {@code true} or {@code false}; anything else is a 400 naming the parameter. */
  public static boolean flag(RoutingContext ctx, String name, boolean fallback) {
    String text = single(ctx, name, null);
    if (text == null) {
      return fallback;
    }
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadInputException(name, name + " must be true or false");
    };
  }

  /** Repeated {@code service} parameters; none (or Grafana's "All" as {@code *}) means every service. */
  public static Set<String> services(RoutingContext ctx) {
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

  /** {@code interval}: day, week (the default) or month. */
  public static Interval interval(RoutingContext ctx) {
    return Interval.parse(single(ctx, "interval", "week"))
        .orElseThrow(() -> new BadInputException("interval", "interval must be one of: " + Interval.allowed()));
  }

  /** A share strictly between 0 and 1, such as a CSAT target of 0.8. */
  public static double share(RoutingContext ctx, String name, double fallback) {
    return bounded(ctx, name, fallback, 1, false, name + " must be a number between 0 and 1, such as 0.8");
  }

  /** A significance or false-discovery level in (0, 0.5]. */
  public static double level(RoutingContext ctx, String name, double fallback) {
    return bounded(ctx, name, fallback, 0.5, true, name + " must be a number in (0, 0.5], such as 0.05");
  }

  private static double bounded(
      RoutingContext ctx, String name, double fallback, double max, boolean maxIncluded, String message) {
    String text = single(ctx, name, null);
    if (text == null) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(text);
      if (value > 0 && (value < max || maxIncluded && value == max)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(name, message);
  }
}
