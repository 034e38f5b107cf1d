package io.perceive.api.auth;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which role a request needs, decided from its method and path before any route runs. Liveness,
 * readiness, the API description and the survey pages are open (a survey page's signed token guards it); everything
 * else needs a role, and whatever this class does not name needs admin, so a route added later
 * is closed until someone decides who may call it.
 */
final class AccessPolicy {

  /** Aggregates by service: what a viewer may read. */
  private static final Set<String> VIEWER_READS =
      Set.of(
          "/api/v1/services",
          "/api/v1/trends",
          "/api/v1/trend-tests",
          "/api/v1/weak-areas",
          "/api/v1/targets",
          "/api/v1/watermelons",
          "/api/v1/key-drivers",
          "/api/v1/response-rates",
          "/api/v1/catalogue",
          "/api/v1/annotations",
          "/api/v1/incidents/communication",
          "/api/v1/follow-up-metrics",
          "/api/v1/review",
          "/review");

  /**
   * The {@code by} cuts a viewer may read: services, ticket types and providers are kinds of work
   * and suppliers, not people; support groups and agents (and anything else) need a manager.
   */
  private static final Set<String> AGGREGATES = Set.of("service", "type", "provider");

  private AccessPolicy() {}

  /**
   * The role the request needs; empty: open to anyone. {@code by} holds the request's
   * {@code by} query parameters (support group and agent rows need a manager; ticket types and
   * providers do not).
   */
  static Optional<Role> needed(HttpMethod method, String path, List<String> by) {
    // The start page says no more than /ready does, to whoever opens the printed URL.
    if (path.equals("/") || path.equals("/health") || path.equals("/ready") || path.equals("/openapi.json")
        || path.equals("/s") || path.startsWith("/s/")) {
      return Optional.empty();
    }
    if (path.equals("/metrics")) {
      return Optional.of(Role.METRICS);
    }
    if (method == HttpMethod.POST && isIngest(path)) {
      return Optional.of(Role.INGEST);
    }
    if (method == HttpMethod.GET && path.equals("/api/v1/comments")) {
      return Optional.of(Role.MANAGER);
    }
    // Follow-ups name the customer's ticket, group and agent: the desk's managers work them.
    if ((method == HttpMethod.GET || method == HttpMethod.PATCH) && (path.equals("/api/v1/follow-ups") || path.startsWith("/api/v1/follow-ups/"))) {
      return Optional.of(Role.MANAGER);
    }
    // Reading the catalogue and annotations (and their effect) is a viewer's; changing them an admin's.
    if (method == HttpMethod.GET && (path.startsWith("/api/v1/catalogue/services/") || path.startsWith("/api/v1/annotations/"))) {
      return Optional.of(Role.VIEWER);
    }
    if (method == HttpMethod.GET && VIEWER_READS.contains(path)) {
      boolean people = by.stream().anyMatch(b -> !AGGREGATES.contains(b));
      return Optional.of(people ? Role.MANAGER : Role.VIEWER);
    }
    return Optional.of(Role.ADMIN);
  }

  private static boolean isIngest(String path) {
    return path.equals("/api/v1/responses")
        || path.equals("/api/v1/imports")
        || path.startsWith("/api/v1/webhooks/")
        || path.equals("/api/v1/invitations")
        || path.startsWith("/api/v1/invitations/");
  }
}
