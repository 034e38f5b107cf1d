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
public final class CommentRetention {

  /** What a purged comment reads. */
  public static final String PURGED = "[removed]";

  private final ResponseRepository responses;
  private final Durability durability;
  private final Duration keep;
  private final Clock clock;

  public CommentRetention(ResponseRepository responses, Durability durability, Duration keep, Clock clock) {
    this.responses = Objects.requireNonNull(responses, "responses");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.keep = Objects.requireNonNull(keep, "keep");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Purges what is older than the retention now; completes with how many comments, once durable. */
  public Future<Long> purge() {
    long cutoff = clock.instant().minus(keep).toEpochMilli();
    return responses.purgeComments(cutoff).compose(n -> durability.sync().map(v -> n));
  }
}
