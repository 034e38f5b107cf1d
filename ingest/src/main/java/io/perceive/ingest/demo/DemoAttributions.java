package io.perceive.ingest.demo;

import java.time.Duration;
import java.util.Random;
import java.util.Set;

/**
 * The demo's ticket types and providers, drawn after everything else about an answer from a
 * stream of their own (so every other answer, rating and figure stays as it was), with two
 * effects built in for {@code by=type} and {@code by=provider} to show:
 *
 * <ul>
 *   <li>service requests wait longest: the longer a ticket took, the likelier it was a request,
 *       so requests carry more lost time and meet their SLA less often; Onboarding and HR Portal
 *       requests are fulfilled outside IT (HR Shared Services, IT the go-between), the longest of
 *       them and the ones customers rated 1-3 most often;
 *   <li>the deskside outsourcer is perceived worse: on Laptop Provisioning, Printing and Mobile
 *       Devices an answer rated 1-3 was delivered by Nordic Field Services more than twice as
 *       often as one rated 4-5. The cloud vendor (Microsoft, on Email and collaboration) is
 *       perceived as IT is.
 * </ul>
 */
final class DemoAttributions {

  static final String INTERNAL = "Internal IT";
  static final String OUTSOURCER = "Nordic Field Services";
  static final String CLOUD = "Microsoft";
  static final String OUTSIDE_IT = "HR Shared Services";

  private static final Set<String> REQUEST_SERVICES =
      Set.of("Software Requests", "Laptop Provisioning", "Onboarding", "Mobile Devices", "Identity & Access", "HR Portal");
  private static final Set<String> DESKSIDE = Set.of("Laptop Provisioning", "Printing", "Mobile Devices");
  private static final Set<String> CLOUD_SERVICES = Set.of("Email", "Microsoft Teams", "SharePoint", "Video Conferencing");
  private static final Set<String> HR = Set.of("Onboarding", "HR Portal");

  private final Random random;

  DemoAttributions(long seed) {
    this.random = new Random(seed * 15_485_863L + 41);
  }

  /** incident, request, change or question: requests the more likely the longer the ticket took. */
  String ticketType(String service, Duration handling) {
    double request = REQUEST_SERVICES.contains(service) ? 0.7 : 0.15;
    request = handling.toHours() >= 24 ? Math.min(0.95, request + 0.5) : Math.max(0.05, request - 0.1);
    double r = random.nextDouble();
    if (r < request) {
      return "request";
    }
    return r < request + 0.04 ? "change" : r < request + 0.08 ? "question" : "incident";
  }

  /** Who delivered, given what the answer already says. */
  String provider(String service, String type, int rating, Duration handling) {
    double r = random.nextDouble();
    if (DESKSIDE.contains(service)) {
      return r < (rating <= 3 ? 0.6 : 0.25) ? OUTSOURCER : INTERNAL;
    }
    if (CLOUD_SERVICES.contains(service)) {
      return r < 0.3 ? CLOUD : INTERNAL;
    }
    if (HR.contains(service) && type.equals("request")) {
      return r < (handling.toHours() >= 24 ? 0.7 : 0.15) + (rating <= 3 ? 0.25 : 0) ? OUTSIDE_IT : INTERNAL;
    }
    return INTERNAL;
  }
}
