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
public record SurveyAnswers(InvitationRepository invitations, IngestService ingest, SurveyPolicy policy, Clock clock) {

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
    // The common case, a first click, takes one round trip to claim the invitation.
    return invitations
        .answer(invitationId, now)
        .compose(
            claimed -> {
              if (claimed != null) {
                return first(claimed, rating, now);
              }
              // Claimed by nobody yet the claim failed (OPEN): a concurrent change; read again.
              return answerable(
                  invitationId,
                  invitation ->
                      invitation.status() == Invitation.Status.OPEN
                          ? retry(attempts, () -> rate(invitationId, rating, attempts - 1))
                          : revise(invitation, rating, false, null, null));
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
    return answerable(
            invitationId,
            invitation ->
                invitation.status() == Invitation.Status.OPEN
                    ? refuse(Refusal.NO_RATING_YET)
                    : revise(invitation, null, true, text, lostMinutes));
  }

  /** The invitation, to {@code then}; refused when there is none or it was cancelled. */
  private Future<Answer> answerable(String invitationId, java.util.function.Function<Invitation, Future<Answer>> then) {
    return invitation(invitationId)
        .compose(
            invitation -> {
              if (invitation == null) {
                return refuse(Refusal.NOT_FOUND);
              }
              return invitation.status() == Invitation.Status.CANCELLED ? refuse(Refusal.CANCELLED) : then.apply(invitation);
            });
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

  /**
   * Changes the rating (when not null), the comment (when {@code setComment}) or the lost time
   * (when not null) of an answered invitation: within the edit window in one atomic step; after
   * it, only a repeat of what is stored is accepted (as unchanged).
   */
  private Future<Answer> revise(Invitation invitation, Integer rating, boolean setComment, String comment, Integer lostMinutes) {
    if (!editable(invitation)) {
      return response(invitation.id())
          .compose(
              stored -> {
                if (stored == null) {
                  return recover(invitation, rating);
                }
                boolean same =
                    (rating == null || rating == stored.rating())
                        && (!setComment || Objects.equals(comment, stored.comment()))
                        && (lostMinutes == null || lostMinutes.equals(stored.lostMinutes()));
                return same
                    ? Future.succeededFuture(new Answer(Outcome.UNCHANGED, stored, invitation))
                    : refuse(Refusal.EDIT_WINDOW_OVER);
              });
    }
    return ingest
        .revise(responseId(invitation.id()), rating, setComment, comment, lostMinutes)
        .compose(
            revision -> {
              if (revision == null) {
                return recover(invitation, rating);
              }
              Outcome outcome = revision.changed() ? Outcome.UPDATED : Outcome.UNCHANGED;
              return Future.succeededFuture(new Answer(outcome, revision.after(), invitation));
            });
  }

  /** Answered but no response stored (a crash between the two): store it now, if we have a rating. */
  private Future<Answer> recover(Invitation invitation, Integer rating) {
    return rating == null ? refuse(Refusal.NO_RATING_YET) : first(invitation, rating, invitation.answeredAt());
  }

  static SurveyResponse responseOf(Invitation i, int rating, Instant at) {
    return new SurveyResponse(
        responseId(i.id()), SOURCE, i.id(), i.service(), rating, null, null, null, i.ticketId(),
        i.supportGroup(), i.agent(), i.slaMet(), i.openedAt(), i.resolvedAt(), at, null, i.ticketType(), i.provider());
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
