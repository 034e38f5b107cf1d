package io.perceive.api.survey;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many survey requests one address, and one invitation's link, may make per minute: enough
 * for a person (a page, a rating, a change, a comment) and a scanner that opens every link, not
 * for a script that hammers a link. Fixed one-minute windows; the busiest keys are remembered.
 */
final class SurveyLimits {

  static final int PER_ADDRESS = 1_000;
  static final int PER_LINK = 30;
  static final long WINDOW_MS = 60_000;
  private static final int REMEMBERED = 20_000;

  private final Clock clock;
  private final int perAddress;
  private final int perLink;
  private final Map<String, long[]> counts =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > REMEMBERED;
        }
      };

  SurveyLimits(Clock clock) {
    this(clock, PER_ADDRESS, PER_LINK);
  }

  SurveyLimits(Clock clock, int perAddress, int perLink) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.perAddress = perAddress;
    this.perLink = perLink;
  }

  /**
   * Counts a request; false when the address or the link is over its limit for this minute. A
   * null address (the local machine) or link is not limited.
   */
  synchronized boolean allow(String address, String link) {
    long window = clock.millis() / WINDOW_MS;
    boolean byAddress = address == null || count("a:" + address, window) <= perAddress;
    boolean byLink = link == null || count("l:" + link, window) <= perLink;
    return byAddress && byLink;
  }

  private long count(String key, long window) {
    long[] c = counts.get(key);
    if (c == null || c[0] != window) {
      c = new long[] {window, 0};
      counts.put(key, c);
    }
    return ++c[1];
  }
}
