package io.perceive.ingest.response;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the responses on their way into the store, across all event loops: work beyond the
 * bound is refused at once (the client retries after a pause) instead of queueing without end
 * while the store is slow or gone. Every write path is admitted through {@link #admit}: the API's
 * responses and webhooks, survey clicks, and (waiting a little for room) file imports.
 */
public final class InFlightLimit {

  /** Refused: the client retries after a pause (a 503 with Retry-After). */
  public static final class AtCapacityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AtCapacityException() {
      super("Perceive is at its ingest capacity; retry later", null, false, false);
    }
  }

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  public InFlightLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    this.max = max;
  }

  /** Takes {@code n} permits, or none when that would exceed the bound. */
  public boolean tryAcquire(int n) {
    while (true) {
      int now = inFlight.get();
      if (now + n > max) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + n)) {
        return true;
      }
    }
  }

  /**
   * Runs {@code work} holding {@code permits} until its future completes, or fails with
   * {@link AtCapacityException} at once when they are not free.
   */
  public <T> Future<T> admit(int permits, Supplier<Future<T>> work) {
    if (!tryAcquire(permits)) {
      return Future.failedFuture(new AtCapacityException());
    }
    return run(permits, work);
  }

  /**
   * As {@link #admit(int, Supplier)}, waiting up to {@code waitMs} for the permits (at most the
   * whole bound), polling on a timer rather than queueing.
   */
  public <T> Future<T> admit(Vertx vertx, int permits, long waitMs, Supplier<Future<T>> work) {
    int wanted = Math.min(permits, max);
    Promise<Void> granted = Promise.promise();
    acquire(vertx, wanted, System.currentTimeMillis() + waitMs, granted);
    return granted.future().compose(v -> run(wanted, work));
  }

  private void acquire(Vertx vertx, int permits, long deadline, Promise<Void> granted) {
    if (tryAcquire(permits)) {
      granted.complete();
    } else if (System.currentTimeMillis() > deadline) {
      granted.fail(new AtCapacityException());
    } else {
      vertx.setTimer(20, t -> acquire(vertx, permits, deadline, granted));
    }
  }

  private <T> Future<T> run(int permits, Supplier<Future<T>> work) {
    Future<T> running;
    try {
      running = work.get();
    } catch (RuntimeException e) {
      release(permits);
      return Future.failedFuture(e);
    }
    return running.andThen(ar -> release(permits));
  }

  public void release(int n) {
    inFlight.addAndGet(-n);
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int max() {
    return max;
  }
}
