package io.perceive.api.survey;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells mail scanners from people by what they open: a person opens the one rating link they
 * clicked, a link-checking scanner opens every link of the email within seconds. Several
 * different rating links of one invitation opened within {@link #WINDOW} (a minute) are a scanner's visits;
 * they record nothing (no page load does) and are counted. Remembers the latest invitations only.
 */
final class ScannerWatch {

  static final Duration WINDOW = Duration.ofSeconds(60);
  static final int REMEMBERED = 10_000;

  private final Clock clock;
  private final AtomicLong visits = new AtomicLong();
  private final Map<String, Burst> bursts =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Burst> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** The links of one invitation opened since {@code start}: a bit per rating. */
  private static final class Burst {
    long start;
    int ratings;
    boolean scanner;
  }

  ScannerWatch(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A page load of the invitation's link for {@code rating}; true when it is a scanner's. */
  synchronized boolean opened(String invitationId, int rating) {
    long now = clock.millis();
    Burst burst = bursts.get(invitationId);
    if (burst == null || now - burst.start > WINDOW.toMillis()) {
      burst = new Burst();
      burst.start = now;
      bursts.put(invitationId, burst);
    }
    burst.ratings |= 1 << rating;
    if (burst.scanner) {
      visits.incrementAndGet();
      return true;
    }
    int distinct = Integer.bitCount(burst.ratings);
    if (distinct >= 2) {
      burst.scanner = true;
      // The first link of the burst was the scanner's too.
      visits.addAndGet(distinct);
      return true;
    }
    return false;
  }

  /** Page loads counted as a scanner's so far (a metric). */
  long visits() {
    return visits.get();
  }
}
