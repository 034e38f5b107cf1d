package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background jobs (loading the demo, start-up recovery) wait out a busy or unreachable store:
 * a store that is slow for a while on a loaded machine is a reason to try again, not to stop.
 * Each attempt that fails with {@link StoreUnavailableException} is repeated after a pause that
 * doubles from {@link #FIRST_PAUSE_MS} up to {@link #MAX_PAUSE_MS}; any other failure ends the
 * job. Requests do not use this: they answer 503 and the client retries.
 */
public final class StoreRetry {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);
  static final long FIRST_PAUSE_MS = 500;
  static final long MAX_PAUSE_MS = 15_000;

  private final Vertx vertx;
  private final AtomicLong retries = new AtomicLong();

  public StoreRetry(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  /** Attempts so far that failed on the store and were repeated (a metric; tests wait on it). */
  public long retries() {
    return retries.get();
  }

  /**
   * Runs {@code attempt} until it succeeds or fails with something else than an unavailable
   * store. {@code attempt} is told which try this is (0 first), so a job can accept on a retry what
   * an interrupted earlier try already wrote.
   */
  public <T> Future<T> untilDone(String job, Attempt<T> attempt) {
    Promise<T> result = Promise.promise();
    run(job, attempt, 0, FIRST_PAUSE_MS, result);
    return result.future();
  }

  /** As {@link #untilDone(String, Attempt)} for a job that does the same thing on every try. */
  public <T> Future<T> untilDone(String job, Supplier<Future<T>> attempt) {
    return untilDone(job, n -> attempt.get());
  }

  /** One try of a job. */
  @FunctionalInterface
  public interface Attempt<T> {
    Future<T> run(int tryNumber);
  }

  private <T> void run(String job, Attempt<T> attempt, int tryNumber, long pause, Promise<T> result) {
    Future<T> future;
    try {
      future = attempt.run(tryNumber);
    } catch (RuntimeException e) {
      future = Future.failedFuture(e);
    }
    future.onComplete(
        ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
            return;
          }
          if (!(StoreErrors.classify(ar.cause()) instanceof StoreUnavailableException)) {
            result.fail(ar.cause());
            return;
          }
          retries.incrementAndGet();
          LOG.warn("store busy, waiting to retry [job: {}, try: {}, pause ms: {}, reason: {}]", job, tryNumber + 1, pause, ar.cause().getMessage());
          try {
            vertx.setTimer(pause, t -> run(job, attempt, tryNumber + 1, Math.min(MAX_PAUSE_MS, pause * 2), result));
          } catch (IllegalStateException closed) {
            // Vert.x is closing: the job ends with its last failure.
            result.fail(ar.cause());
          }
        });
  }
}
