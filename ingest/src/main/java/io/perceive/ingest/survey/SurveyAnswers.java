package io.perceive.ingest.survey;

import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a customer answers through a survey link: one response per invitation (source
 * {@code survey}, source id the invitation id), attributed as frozen in the invitation. A later
 * rating or comment within the edit window revises that response and moves the rollup by the
 * difference; after it, a changed answer is refused.
 */
public final class SurveyAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(SurveyAnswers.class);
  public static final String SOURCE = "survey";
  public static final int MAX_COMMENT_CHARS = 4_000;
  private static final int ATTEMPTS = 3;

  /** Why an answer cannot be taken. */
  public enum Refusal {
    /** No such invitation (or one that was never sent). */
    NOT_FOUND,
    CANCELLED,
    /** The answer can no longer be changed. */
    EDIT_WINDOW_OVER,
    /** A comment came before any rating. */
    NO_RATING_YET
  }

  /** An answer that cannot be taken, and why. */
  public static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    public RefusedException(Refusal refusal) {
      super("survey answer refused: " + refusal, null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  /** What became of an answer. */
  public enum Outcome {
    RECORDED,
    UPDATED,
    UNCHANGED
  }

  /** The response as it now stands, and the invitation it answers. */
  public record Answer(Outcome outcome, SurveyResponse response, Invitation invitation) {}

  private final InvitationRepository invitations;
  private final IngestService ingest;
  private final SurveyPolicy policy;
  private final Clock clock;

  public SurveyAnswers(InvitationRepository invitations, IngestService ingest, SurveyPolicy policy, Clock clock) {
    this.invitations = Objects.requireNonNull(invitations, "invitations");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static String responseId(String invitationId) {
    return ResponseIds.of(SOURCE, invitationId);
  }

  /** The invitation, or null; skipped invitations were never sent, so they count as missing. */
  public Future<Invitation> invitation(String invitationId) {
    return invitations.find(invitationId).map(i -> i == null || i.status() == Invitation.Status.SKIPPED ? null : i);
  }

  /** The stored response of an invitation, or null. */
  public Future<SurveyResponse> response(String invitationId) {
    return ingest.find(responseId(invitationId));
  }

  /** Whether an answered invitation may still change its answer. */
  public boolean editable(Invitation invitation) {
    return invitation.answeredAt() == null
        || clock.instant().isBefore(invitation.answeredAt().plus(policy.editWindow()));
  }

  /** Records a rating (1-5), or changes it within the edit window. */
  public Future<Answer> rate(String invitationId, int rating) {
    if (rating < 1 || rating > 5) {
      return Future.failedFuture(new IllegalArgumentException("rating must be 1-5"));
    }
    return rate(invitationId, rating, ATTEMPTS);
  }

  private Future<Answer> rate(String invitationId, int rating, int attempts) {
    Instant now = clock.instant();
    return invitation(invitationId)
        .compose(
            invitation -> {
              if (invitation == null) {
                return refuse(Refusal.NOT_FOUND);
              }
              switch (invitation.status()) {
                case CANCELLED:
                  return refuse(Refusal.CANCELLED);
                case OPEN:
                  return invitations
                      .markAnswered(invitationId, now)
                      .compose(
                          marked ->
                              marked
                                  ? first(invitation, rating, now)
                                  : retry(attempts, () -> rate(invitationId, rating, attempts - 1)));
                default:
                  return revise(invitation, rating, null, false, attempts);
              }
            });
  }

  /**
   * Records a comment (blank clears it) and, when asked, the lost time in minutes, on an
   * invitation that has a rating, within the edit window.
   */
  public Future<Answer> comment(String invitationId, String comment, Integer lostMinutes) {
    String text = comment == null || comment.isBlank() ? null : comment.strip();
    if (text != null && text.length() > MAX_COMMENT_CHARS) {
      return Future.failedFuture(new IllegalArgumentException("comment too long"));
    }
    return invitation(invitationId)
        .compose(
            invitation -> {
              if (invitation == null) {
                return refuse(Refusal.NOT_FOUND);
              }
              return switch (invitation.status()) {
                case CANCELLED -> refuse(Refusal.CANCELLED);
                case OPEN -> refuse(Refusal.NO_RATING_YET);
                default -> revise(invitation, null, text, true, ATTEMPTS);
              };
            })
        .compose(
            answer ->
                lostMinutes == null
                    ? Future.succeededFuture(answer)
                    : ingestLostMinutes(answer, lostMinutes));
  }

  private Future<Answer> ingestLostMinutes(Answer answer, int minutes) {
    return ingest.setLostMinutes(answer.response().id(), minutes).map(v -> answer);
  }

  private Future<Answer> first(Invitation invitation, int rating, Instant now) {
    SurveyResponse response = responseOf(invitation, rating, now);
    return ingest
        .accept(response)
        .map(
            stored -> {
              LOG.info("survey answered [invitation: {}]", invitation.id());
              return new Answer(Outcome.RECORDED, response, invitation);
            });
  }

  /** Changes rating (when not null) or comment (when {@code commentGiven}) of an answered invitation. */
  private Future<Answer> revise(Invitation invitation, Integer rating, String comment, boolean commentGiven, int attempts) {
    return response(invitation.id())
        .compose(
            before -> {
              if (before == null) {
                if (rating == null) {
                  return refuse(Refusal.NO_RATING_YET);
                }
                // Marked answered but the response was never stored (a crash in between): store it now.
                return first(invitation, rating, invitation.answeredAt());
              }
              int newRating = rating == null ? before.rating() : rating;
              String newComment = commentGiven ? comment : before.comment();
              if (newRating == before.rating() && Objects.equals(newComment, before.comment())) {
                return Future.succeededFuture(new Answer(Outcome.UNCHANGED, before, invitation));
              }
              if (!editable(invitation)) {
                return refuse(Refusal.EDIT_WINDOW_OVER);
              }
              SurveyResponse after =
                  new SurveyResponse(
                      before.id(), before.source(), before.sourceId(), before.service(), newRating,
                      before.nps(), before.ces(), newComment, before.ticketId(), before.supportGroup(),
                      before.agent(), before.slaMet(), before.openedAt(), before.resolvedAt(),
                      before.respondedAt());
              return ingest
                  .revise(before, after)
                  .compose(
                      revised ->
                          revised
                              ? Future.succeededFuture(new Answer(Outcome.UPDATED, after, invitation))
                              : retry(attempts, () -> revise(invitation, rating, comment, commentGiven, attempts - 1)));
            });
  }

  static SurveyResponse responseOf(Invitation i, int rating, Instant at) {
    return new SurveyResponse(
        responseId(i.id()), SOURCE, i.id(), i.service(), rating, null, null, null, i.ticketId(),
        i.supportGroup(), i.agent(), i.slaMet(), i.openedAt(), i.resolvedAt(), at);
  }

  private static <T> Future<T> retry(int attempts, java.util.function.Supplier<Future<T>> again) {
    return attempts > 1
        ? again.get()
        : Future.failedFuture(new IllegalStateException("survey answer kept changing concurrently"));
  }

  private static <T> Future<T> refuse(Refusal refusal) {
    return Future.failedFuture(new RefusedException(refusal));
  }
}
