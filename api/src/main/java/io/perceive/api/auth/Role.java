package io.perceive.api.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. {@code manager} includes {@code viewer}; {@code admin} includes every
 * role, also those of routes added later (a route nobody classified needs admin).
 */
public enum Role {
  /** Post responses, imports, webhooks, invitations and their cancels. */
  INGEST,
  /** Aggregates by service; no comment text, no support group or agent rows. */
  VIEWER,
  /** Viewer, plus support group and agent rows and comment text. */
  MANAGER,
  /** Everything. */
  ADMIN,
  /** The Prometheus scrape. */
  METRICS;

  /** The name as written in the tokens file and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every role's label, comma-separated, for messages. */
  public static String labels() {
    return String.join(", ", Arrays.stream(values()).map(Role::label).toList());
  }

  public static Optional<Role> of(String label) {
    return Arrays.stream(values()).filter(r -> r.label().equals(label)).findFirst();
  }

  /** Whether a holder of this role may do what {@code needed} allows. */
  boolean grants(Role needed) {
    return this == needed || this == ADMIN || (this == MANAGER && needed == VIEWER);
  }
}
