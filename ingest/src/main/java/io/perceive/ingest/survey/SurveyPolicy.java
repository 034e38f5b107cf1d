package io.perceive.ingest.survey;

import java.time.Duration;

/**
 * How invitations and answers are governed.
 *
 * @param tokenLifetime how long a survey link works
 * @param editWindow how long after the first answer a click or comment may still change it
 * @param fatigue no second invitation to the same customer within this time
 * @param samplingRate share of resolved tickets that get an invitation, 0-1
 */
public record SurveyPolicy(Duration tokenLifetime, Duration editWindow, Duration fatigue, double samplingRate) {

  public SurveyPolicy {
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("tokenLifetime must be positive");
    }
    if (editWindow.isNegative() || fatigue.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (!(samplingRate >= 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate must be between 0 and 1");
    }
  }

  public static SurveyPolicy defaults() {
    return new SurveyPolicy(Duration.ofDays(14), Duration.ofMinutes(60), Duration.ofDays(30), 1.0);
  }
}
