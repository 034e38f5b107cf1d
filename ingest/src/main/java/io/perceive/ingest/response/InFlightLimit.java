package io.perceive.ingest.response;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the responses on their way into the store, across all event loops: work beyond the
 * bound is refused at once (the client retries after a pause) instead of queueing without end
 * while the store is slow or gone.
 */
public final class InFlightLimit {

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
