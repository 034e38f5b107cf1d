package io.perceive.ingest.demo;

import io.perceive.ingest.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demo's annotations and the effects built into its data, placed relative to the end of the
 * demo year: an improvement that works (Password Reset's self-service portal: customers lose far
 * less time from then on), one that does nothing measurable (Printing's new print server), an
 * Email outage without updates to customers (satisfaction drops for three weeks) and a Wi-Fi
 * outage with hourly status updates (satisfaction holds).
 */
final class DemoEvents {

  static final String SELF_SERVICE = "demo-password-self-service";
  static final String PRINT_SERVER = "demo-print-server";
  static final String EMAIL_OUTAGE = "demo-email-outage";
  static final String WIFI_OUTAGE = "demo-wifi-outage";

  /** How far the Email outage pulls satisfaction down, and for how long after it began. */
  static final double EMAIL_DIP = 0.5;
  static final Duration EMAIL_DIP_LASTS = Duration.ofDays(21);

  private DemoEvents() {}

  private static Instant day(Instant end, int daysBefore) {
    return end.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(daysBefore)).plus(Duration.ofHours(9));
  }

  static Instant selfServiceStart(Instant end) {
    return day(end, 100);
  }

  static Instant emailOutage(Instant end) {
    return day(end, 200);
  }

  /** The annotations, as made by "demo" when the data begins. */
  static List<Annotation> annotations(Instant end) {
    Instant made = end.minus(Duration.ofDays(365));
    return List.of(
        annotation(SELF_SERVICE, "Password Reset", Annotation.Kind.IMPROVEMENT, "Self-service password reset in the portal",
            "Customers reset their own passwords without calling the desk", selfServiceStart(end), null, List.of("lostTime", "csat"), null, made),
        annotation(PRINT_SERVER, "Printing", Annotation.Kind.IMPROVEMENT, "New print queue server",
            "Print queues moved to a new server", day(end, 150), null, List.of("csat", "lostTime"), null, made),
        annotation(EMAIL_OUTAGE, "Email", Annotation.Kind.INCIDENT, "Email outage, no updates to customers",
            "Mail delivery stopped for most of a day; customers heard nothing until it was back", emailOutage(end),
            emailOutage(end).plus(Duration.ofHours(10)), List.of("csat"), false, made),
        annotation(WIFI_OUTAGE, "Wi-Fi", Annotation.Kind.INCIDENT, "Wi-Fi outage with hourly status updates",
            "Campus Wi-Fi down for most of a day; the status page and a mail every hour kept customers informed", day(end, 60),
            day(end, 60).plus(Duration.ofHours(9)), List.of("csat"), true, made));
  }

  private static Annotation annotation(
      String id, String service, Annotation.Kind kind, String title, String description, Instant start, Instant stop,
      List<String> metrics, Boolean communicated, Instant made) {
    return new Annotation(id, service, kind, title, description, start, stop, metrics, communicated, "demo", made, "demo", made);
  }

  /** How much the events pull a service's satisfaction down at this time (0: not at all). */
  static double dip(String service, Instant at, Instant end) {
    Instant outage = emailOutage(end);
    boolean inDip = service.equals("Email") && !at.isBefore(outage) && at.isBefore(outage.plus(EMAIL_DIP_LASTS));
    return inDip ? EMAIL_DIP : 0;
  }

  /** How much less lost time (in the demo's load units) customers report at this time. */
  static double lostRelief(String service, Instant at, Instant end) {
    return service.equals("Password Reset") && !at.isBefore(selfServiceStart(end)) ? 1.5 : 0;
  }
}
