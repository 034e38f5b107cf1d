package io.perceive.ingest.response;

import io.perceive.ingest.store.Durability;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code privacy.comment-retention-days}: comment text older than that is purged, while the
 * rating and the comment's score stay, and so do the rollups (a purged comment still counts as a
 * comment, with its sentiment and competency numbers). The text becomes {@link #PURGED}, so a
 * full recount gives the same rollups before and after.
 */
public record CommentRetention(ResponseRepository responses, Durability durability, Duration keep, Clock clock) {

  /** What a purged comment reads. */
  public static final String PURGED = "[removed]";

  /** {@code keep}: how long comment text is kept, more than zero. */
  public CommentRetention {
    Objects.requireNonNull(responses, "responses");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(clock, "clock");
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("keep must be more than zero, was " + keep);
    }
  }

  /** Purges what is older than the retention now; completes with how many comments, once durable. */
  public Future<Long> purge() {
    long cutoff = clock.instant().minus(keep).toEpochMilli();
    return responses.purgeComments(cutoff).compose(n -> durability.sync().map(v -> n));
  }
}
