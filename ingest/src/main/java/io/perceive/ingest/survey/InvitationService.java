package io.perceive.ingest.survey;

import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns resolved tickets into invitations: freezes the attribution, applies sampling and the
 * fatigue policy, and signs the survey token. A resent ticket is the same invitation (its id is
 * derived from source and ticket id), with the same decision and the same links.
 */
public final class InvitationService {

  private static final Logger LOG = LoggerFactory.getLogger(InvitationService.class);

  /** An invitation as stored, whether this call created it, and its token (null unless open or answered). */
  public record Issued(Invitation invitation, boolean created, String token) {}

  /** What a cancel request found. */
  public enum CancelOutcome {
    CANCELLED,
    ALREADY_CANCELLED,
    ALREADY_ANSWERED,
    SKIPPED,
    NOT_FOUND
  }

  private final InvitationRepository invitations;
  private final FatigueRepository fatigue;
  private final SurveyKeys keys;
  private final SurveyTokens tokens;
  private final SurveyPolicy policy;
  private final Clock clock;

  public InvitationService(
      InvitationRepository invitations, FatigueRepository fatigue, SurveyKeys keys, SurveyPolicy policy, Clock clock) {
    this.invitations = Objects.requireNonNull(invitations, "invitations");
    this.fatigue = Objects.requireNonNull(fatigue, "fatigue");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.tokens = new SurveyTokens(keys);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The invitation id of a ticket: {@code i_} and 32 hex digits of a hash of source and ticket id. */
  public static String idOf(String source, String ticketId) {
    return "i_" + HexFormat.of().formatHex(sha256(source.length() + ":" + source + ":" + ticketId)).substring(0, 32);
  }

  /**
   * Whether a ticket is in the sample: a hash of its invitation id read as a number in [0, 1),
   * compared with the rate, so the same ticket always gets the same answer.
   */
  public static boolean sampled(String invitationId, double rate) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    long bits = ByteBuffer.wrap(sha256("sample:" + invitationId)).getLong() >>> 11;
    return bits * 0x1.0p-53 < rate;
  }

  /** The keyed hash that stands for a customer: the id if there is one, else the email. */
  String customerHash(InvitationRequest request) {
    return customerHash(request.customerId(), request.customerEmail());
  }

  /** As above, from a customer id (when not null) or an e-mail address. */
  public String customerHash(String customerId, String customerEmail) {
    String identity =
        customerId != null
            ? "id:" + customerId
            : "email:" + customerEmail.toLowerCase(Locale.ROOT);
    byte[] mac = Arrays.copyOf(keys.mac(SurveyKeys.Purpose.CUSTOMER, identity), 16);
    return "c_" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  public SurveyTokens tokens() {
    return tokens;
  }

  public SurveyPolicy policy() {
    return policy;
  }

  /**
   * The invitation id of a ticket's {@code round}-th resolution: round 0 is {@link #idOf}; a
   * ticket reopened and resolved again gets round 1, and so on.
   */
  public static String idOf(String source, String ticketId, int round) {
    if (round == 0) {
      return idOf(source, ticketId);
    }
    return "i_" + HexFormat.of().formatHex(sha256("round:" + round + ":" + source.length() + ":" + source + ":" + ticketId)).substring(0, 32);
  }

  /** A ticket's latest invitation (null when it has none) and its round. */
  private record Latest(int round, Invitation invitation) {}

  /** Walks a ticket's rounds to the last stored one: a round exists only once the one before it was cancelled. */
  private Future<Latest> latest(String source, String ticketId, int round, Invitation before) {
    return invitations
        .find(idOf(source, ticketId, round))
        .compose(
            found -> {
              if (found == null) {
                return Future.succeededFuture(new Latest(round - 1, before));
              }
              if (found.status() != Invitation.Status.CANCELLED || round >= MAX_ROUNDS) {
                return Future.succeededFuture(new Latest(round, found));
              }
              return latest(source, ticketId, round + 1, found);
            });
  }

  /** The id of a ticket's current invitation (the latest round's), for cancelling it. */
  public Future<String> currentId(String source, String ticketId) {
    return latest(source, ticketId, 0, null).map(l -> idOf(source, ticketId, Math.max(l.round(), 0)));
  }

  /** How often one ticket is surveyed again after reopens; beyond, its last invitation stays cancelled. */
  static final int MAX_ROUNDS = 20;

  /**
   * Invites the customer of a resolved ticket. A resent ticket is the same invitation. A ticket
   * whose invitation was cancelled (reopened) and that is resolved again, later than before, gets
   * a new invitation with new links, under the fatigue policy (the cancelled invitation's own
   * claim does not count against it).
   */
  public Future<Issued> invite(InvitationRequest request) {
    // Stored times have millisecond precision: answer a first request as a resend will be answered.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return latest(request.source(), request.ticketId(), 0, null)
        .compose(
            latest -> {
              Invitation existing = latest.invitation();
              String replaces = null;
              if (existing != null) {
                boolean resolvedAgain =
                    existing.status() == Invitation.Status.CANCELLED
                        && latest.round() < MAX_ROUNDS
                        && request.resolvedAt() != null
                        && (existing.resolvedAt() == null
                            || request.resolvedAt().truncatedTo(ChronoUnit.MILLIS).isAfter(existing.resolvedAt()));
                if (!resolvedAgain) {
                  return Future.succeededFuture(issued(existing, false));
                }
                replaces = existing.id();
              }
              String id = idOf(request.source(), request.ticketId(), latest.round() + 1);
              String customer = customerHash(request);
              Future<Invitation.SkipReason> decision =
                  !sampled(idOf(request.source(), request.ticketId()), policy.samplingRate())
                      ? Future.succeededFuture(Invitation.SkipReason.SAMPLING)
                      : fatigue
                          .claim(customer, id, replaces, now, now.minus(policy.fatigue()))
                          .map(claimed -> claimed ? null : Invitation.SkipReason.FATIGUE);
              return decision.compose(skip -> store(request, id, customer, skip, now));
            });
  }

  private Future<Issued> store(
      InvitationRequest r, String id, String customer, Invitation.SkipReason skip, Instant now) {
    Invitation invitation =
        new Invitation(
            id, r.source(), r.ticketId(), customer, r.service(), r.supportGroup(), r.agent(),
            r.openedAt(), r.resolvedAt(), r.slaMet(), r.locale(), now, now.plus(policy.tokenLifetime()),
            skip == null ? Invitation.Status.OPEN : Invitation.Status.SKIPPED, skip, null, null, r.ticketType(), r.provider());
    return invitations
        .insert(invitation)
        .compose(
            inserted -> {
              if (inserted) {
                LOG.info("invitation {} [id: {}]", skip == null ? "created" : "skipped: " + skip.wire(), id);
                return Future.succeededFuture(issued(invitation, true));
              }
              // A concurrent request for the same ticket came first: answer with its invitation.
              return invitations.find(id).map(found -> issued(found, false));
            });
  }

  private Issued issued(Invitation invitation, boolean created) {
    boolean linked =
        invitation.status() == Invitation.Status.OPEN || invitation.status() == Invitation.Status.ANSWERED;
    return new Issued(invitation, created, linked ? tokens.issue(invitation.id(), invitation.expiresAt()) : null);
  }

  /** Cancels an unanswered invitation (a reopened ticket). */
  public Future<CancelOutcome> cancel(String invitationId) {
    return cancel(invitationId, 3);
  }

  private Future<CancelOutcome> cancel(String invitationId, int attempts) {
    Instant now = clock.instant();
    return invitations
        .cancel(invitationId, now)
        .compose(
            cancelled -> {
              if (cancelled) {
                LOG.info("invitation cancelled [id: {}]", invitationId);
                return Future.succeededFuture(CancelOutcome.CANCELLED);
              }
              return invitations
                  .find(invitationId)
                  .compose(
                      found -> {
                        if (found == null) {
                          return Future.succeededFuture(CancelOutcome.NOT_FOUND);
                        }
                        return switch (found.status()) {
                          case CANCELLED -> Future.succeededFuture(CancelOutcome.ALREADY_CANCELLED);
                          case ANSWERED -> Future.succeededFuture(CancelOutcome.ALREADY_ANSWERED);
                          case SKIPPED -> Future.succeededFuture(CancelOutcome.SKIPPED);
                          // Open again (it was inserted meanwhile): try once more.
                          case OPEN ->
                              attempts > 1
                                  ? cancel(invitationId, attempts - 1)
                                  : Future.failedFuture(new IllegalStateException("invitation stayed open: " + invitationId));
                        };
                      });
            });
  }

  /** Cancels a ticket's current invitation, for webhook events that know the ticket but not the invitation. */
  public Future<CancelOutcome> cancelTicket(String source, String ticketId) {
    return currentId(source, ticketId).compose(this::cancel);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
