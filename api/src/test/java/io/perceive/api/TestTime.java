package io.perceive.api;

import io.perceive.api.config.AsOf;
import java.time.Clock;
import java.time.Instant;

/**
 * The tests' notion of now: a clock that starts at a pinned instant and moves on at the real pace,
 * so no test result moves with the calendar. {@code -Dperceive.test.now=2028-02-29} (or an instant,
 * or the environment variable {@code PERCEIVE_TEST_NOW}) moves the start; CI runs the tests that
 * use generated data on further dates, so a dependence on the calendar fails there instead of in a
 * user's first run.
 */
public final class TestTime {

  /** Where the tests' clock starts unless told otherwise (mid-month, mid-morning: no edge case). */
  public static final String PINNED = "2027-04-15T10:00:00Z";

  private static final Clock CLOCK = AsOf.clock(chosen());

  private TestTime() {}

  /** A clock that starts at the chosen instant and runs at the real pace. */
  public static Clock clock() {
    return CLOCK;
  }

  public static Instant now() {
    return CLOCK.instant();
  }

  /** The start of the tests' clock: the property, else the environment variable, else {@link #PINNED}. */
  public static String chosen() {
    String text = System.getProperty("perceive.test.now", System.getenv("PERCEIVE_TEST_NOW"));
    return text == null || text.isBlank() ? PINNED : text;
  }
}
