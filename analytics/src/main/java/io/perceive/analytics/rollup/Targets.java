package io.perceive.analytics.rollup;

import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.stats.Estimate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each service is held to: a target per rating metric for the whole organisation, and
 * per-service targets that replace it. A service is judged against a target with the interval
 * of its estimate, so a dip that could be noise is told apart from a breach. A service may also
 * be held to what its comments say ({@link #COMMENT_MEASURES}: the mean phrase sentiment, -1 to
 * 1, overall or on a competency dimension), from the service catalogue, else to the
 * organisation's target on it (the targets file's). Immutable.
 */
public final class Targets {

  /** What comments say that a service may have a target on: sentiment and each competency dimension. */
  public static final List<String> COMMENT_MEASURES =
      List.of(ScoreSums.SENTIMENT, Dimension.COURTESY, Dimension.COMMUNICATION, Dimension.TIMELINESS, Dimension.RESOLUTION,
          Dimension.KNOWLEDGE);

  /** How an estimate stands against its target. */
  public enum Status {
    /** The whole interval lies below the target: below it beyond reasonable doubt. */
    BREACHED,
    /** The estimate is below the target, but its interval reaches it: could be noise. */
    BELOW,
    /** The estimate is at or above the target. */
    MET,
    /** Too few answers to say (under the minimum n). */
    SUPPRESSED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Without a targets file: CSAT 80%, a common service desk target. */
  public static final Targets DEFAULT = new Targets(Map.of(Metric.CSAT, 0.80), Map.of());

  private final Map<Metric, Double> organisation;
  private final Map<String, Map<Metric, Double>> services;
  private final Map<String, Double> slaTargets;
  private final Map<String, Map<String, Double>> commentTargets;
  private final Map<String, Double> organisationComments;

  /**
   * @param organisation the target per metric for every service without its own
   * @param services per service, targets that replace the organisation's
   * @throws IllegalArgumentException naming the metric (and service) of a value outside its scale
   */
  public Targets(Map<Metric, Double> organisation, Map<String, Map<Metric, Double>> services) {
    this(organisation, services, Map.of());
  }

  /**
   * As above, with the share of tickets each service promises to resolve in time (its SLA
   * target, 0-1), where the catalogue names one.
   */
  public Targets(Map<Metric, Double> organisation, Map<String, Map<Metric, Double>> services, Map<String, Double> slaTargets) {
    this(organisation, services, slaTargets, Map.of());
  }

  /**
   * As above, with each service's targets on what its comments say ({@link #COMMENT_MEASURES},
   * each from -1 to 1).
   *
   * @throws IllegalArgumentException naming the service and measure of an unknown measure or a
   *     value outside -1..1
   */
  public Targets(
      Map<Metric, Double> organisation, Map<String, Map<Metric, Double>> services, Map<String, Double> slaTargets,
      Map<String, Map<String, Double>> commentTargets) {
    this(organisation, services, slaTargets, commentTargets, Map.of());
  }

  private Targets(
      Map<Metric, Double> organisation, Map<String, Map<Metric, Double>> services, Map<String, Double> slaTargets,
      Map<String, Map<String, Double>> commentTargets, Map<String, Double> organisationComments) {
    organisationComments.forEach((measure, value) -> checkCommentScale("organisation." + measure, measure, value));
    this.organisationComments = Map.copyOf(organisationComments);
    Map<String, Map<String, Double>> c = new TreeMap<>();
    commentTargets.forEach((service, targets) -> {
      targets.forEach((measure, value) -> checkCommentScale(service + "." + measure, measure, value));
      if (!targets.isEmpty()) {
        c.put(service, Map.copyOf(targets));
      }
    });
    this.commentTargets = Map.copyOf(c);
    this.organisation = copy(organisation, "");
    Map<String, Map<Metric, Double>> s = new TreeMap<>();
    services.forEach((service, targets) -> s.put(service, copy(targets, service + ".")));
    this.services = Map.copyOf(s);
    slaTargets.forEach((service, share) -> {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException(service + ".slaTarget must be a share from 0 to 1, was " + share);
      }
    });
    this.slaTargets = Map.copyOf(slaTargets);
  }

  /**
   * The organisation's targets of these, each service's own from {@code services} (which replace
   * these services' own), and their SLA targets.
   */
  public Targets with(Map<String, Map<Metric, Double>> services, Map<String, Double> slaTargets) {
    return new Targets(organisation, services, slaTargets, Map.of(), organisationComments);
  }

  /** As {@link #with(Map, Map)}, with each service's targets on what its comments say. */
  public Targets with(
      Map<String, Map<Metric, Double>> services, Map<String, Double> slaTargets, Map<String, Map<String, Double>> commentTargets) {
    return new Targets(organisation, services, slaTargets, commentTargets, organisationComments);
  }

  /**
   * These targets, with the organisation's targets on what comments say ({@link #COMMENT_MEASURES},
   * each from -1 to 1), which hold every service without its own and every support group, agent,
   * ticket type and provider.
   *
   * @throws IllegalArgumentException naming the measure of an unknown measure or a value outside -1..1
   */
  public Targets withOrganisationComments(Map<String, Double> targets) {
    return new Targets(organisation, services, slaTargets, commentTargets, targets);
  }

  /**
   * Throws IllegalArgumentException naming {@code name} when {@code measure} is not one of
   * {@link #COMMENT_MEASURES} or its target lies outside -1..1 (the phrase sentiment scale).
   */
  public static void checkCommentScale(String name, String measure, double value) {
    if (!COMMENT_MEASURES.contains(measure)) {
      throw new IllegalArgumentException(name + ": unknown measure; allowed: " + String.join(", ", COMMENT_MEASURES));
    }
    if (!(value >= -1 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be a number from -1 to 1 (the sentiment scale), was " + plain(value));
    }
  }

  /** The service's own target on what its comments say about {@code measure} (the catalogue's), else the organisation's, else none. */
  public Optional<Double> commentTarget(String service, String measure) {
    Double own = commentTargets.getOrDefault(service, Map.of()).get(measure);
    return Optional.ofNullable(own != null ? own : organisationComments.get(measure));
  }

  /** The organisation's targets on what comments say, by measure (what a segment is held to). */
  public Map<String, Double> organisationComments() {
    return organisationComments;
  }

  /** Whether {@code service} (any service when null) is held to a target on what comments say about {@code measure}. */
  public boolean coversComment(String service, String measure) {
    if (organisationComments.containsKey(measure)) {
      return true;
    }
    return service == null
        ? commentTargets.values().stream().anyMatch(t -> t.containsKey(measure))
        : commentTargets.getOrDefault(service, Map.of()).containsKey(measure);
  }

  /** Each service's targets on what its comments say. */
  public Map<String, Map<String, Double>> commentTargets() {
    return commentTargets;
  }

  /** The share of tickets the service promises to resolve in time, when it names one. */
  public Optional<Double> slaTarget(String service) {
    return Optional.ofNullable(slaTargets.get(service));
  }

  private static Map<Metric, Double> copy(Map<Metric, Double> targets, String where) {
    Map<Metric, Double> out = new EnumMap<>(Metric.class);
    targets.forEach(
        (metric, value) -> {
          checkScale(where + metric.label(), metric, value);
          out.put(metric, value);
        });
    return out.isEmpty() ? Map.of() : Map.copyOf(out);
  }

  /** Throws IllegalArgumentException naming {@code name} when a target lies outside the metric's scale. */
  public static void checkScale(String name, Metric metric, double value) {
    double[] range =
        switch (metric) {
          case CSAT -> new double[] {0, 1};
          case RATING -> new double[] {1, 5};
          case NPS -> new double[] {-100, 100};
          case CES -> new double[] {1, 7};
          case LOST_TIME -> new double[] {0, Totals.MAX_LOST_MINUTES};
        };
    if (!(value >= range[0] && value <= range[1])) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s must be a number from %s to %s (the %s scale), was %s",
              name,
              plain(range[0]),
              plain(range[1]),
              metric.label(),
              plain(value)));
    }
  }

  private static String plain(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** The service's own target for the metric, else the organisation's, else none. */
  public Optional<Double> target(String service, Metric metric) {
    Map<Metric, Double> own = services.get(service);
    if (own != null && own.containsKey(metric)) {
      return Optional.of(own.get(metric));
    }
    return Optional.ofNullable(organisation.get(metric));
  }

  /** Whether any service is held to a target on the metric. */
  public boolean covers(Metric metric) {
    return organisation.containsKey(metric) || services.values().stream().anyMatch(t -> t.containsKey(metric));
  }

  public Map<Metric, Double> organisation() {
    return organisation;
  }

  public Map<String, Map<Metric, Double>> services() {
    return services;
  }

  /** How an estimate stands against a target on a metric where higher is better. */
  public static Status status(Estimate estimate, double target) {
    if (estimate.suppressed()) {
      return Status.SUPPRESSED;
    }
    if (estimate.upper() < target) {
      return Status.BREACHED;
    }
    return estimate.value() < target ? Status.BELOW : Status.MET;
  }

  /**
   * How an estimate stands against a target on {@code metric}: where lower is better (lost time),
   * a target is a ceiling, breached when the whole interval lies above it ("below" then means
   * worse than the target, as on the other metrics).
   */
  public static Status status(Metric metric, Estimate estimate, double target) {
    if (metric.higherIsBetter() || estimate.suppressed()) {
      return status(estimate, target);
    }
    if (estimate.lower() > target) {
      return Status.BREACHED;
    }
    return estimate.value() > target ? Status.BELOW : Status.MET;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Targets t
        && t.organisation.equals(organisation) && t.services.equals(services) && t.slaTargets.equals(slaTargets)
        && t.commentTargets.equals(commentTargets) && t.organisationComments.equals(organisationComments);
  }

  @Override
  public int hashCode() {
    return (((organisation.hashCode() * 31 + services.hashCode()) * 31 + slaTargets.hashCode()) * 31 + commentTargets.hashCode()) * 31
        + organisationComments.hashCode();
  }

  @Override
  public String toString() {
    return "Targets[organisation=" + organisation + ", services=" + services + ", sla=" + slaTargets + ", comments=" + commentTargets + ", organisationComments=" + organisationComments + "]";
  }
}
