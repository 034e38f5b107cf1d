package io.perceive.ingest.survey;

import io.perceive.ingest.rollup.Attributions;
import java.time.Instant;
import java.util.Objects;

/**
 * A survey invitation for one resolved ticket, with the attribution frozen when the ticket was
 * reported. The customer is kept only as a keyed hash. Optional fields are null when absent.
 *
 * @param status what became of it
 * @param skipReason why no survey was sent, for skipped invitations
 * @param answeredAt when the first rating was recorded (the edit window starts there)
 * @param ticketType the kind of ticket ({@code TicketTypes}), or null
 * @param provider who delivered, or null
 */
public record Invitation(
    String id,
    String source,
    String ticketId,
    String customerHash,
    String service,
    String supportGroup,
    String agent,
    Instant openedAt,
    Instant resolvedAt,
    Boolean slaMet,
    String locale,
    Instant createdAt,
    Instant expiresAt,
    Status status,
    SkipReason skipReason,
    Instant answeredAt,
    Instant cancelledAt,
    String ticketType,
    String provider) {

  /** An invitation without a ticket type or provider. */
  public Invitation(
      String id, String source, String ticketId, String customerHash, String service, String supportGroup, String agent,
      Instant openedAt, Instant resolvedAt, Boolean slaMet, String locale, Instant createdAt, Instant expiresAt,
      Status status, SkipReason skipReason, Instant answeredAt, Instant cancelledAt) {
    this(id, source, ticketId, customerHash, service, supportGroup, agent, openedAt, resolvedAt, slaMet, locale, createdAt,
        expiresAt, status, skipReason, answeredAt, cancelledAt, null, null);
  }

  /** Its support group, agent, ticket type and provider: the segments it counts in. */
  public Attributions attributions() {
    return new Attributions(supportGroup, agent, ticketType, provider);
  }

  /** The same invitation with another status and outcome times. */
  public Invitation withStatus(Status now, Instant answered, Instant cancelled) {
    return new Invitation(
        id, source, ticketId, customerHash, service, supportGroup, agent, openedAt, resolvedAt, slaMet, locale, createdAt,
        expiresAt, now, skipReason, answered, cancelled, ticketType, provider);
  }

  public Invitation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(ticketId, "ticketId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
  }

  /** Where an invitation stands. */
  public enum Status {
    OPEN,
    ANSWERED,
    CANCELLED,
    SKIPPED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Why a resolved ticket got no survey. */
  public enum SkipReason {
    /** The customer was invited within the fatigue period. */
    FATIGUE,
    /** The ticket fell outside the sample. */
    SAMPLING;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
