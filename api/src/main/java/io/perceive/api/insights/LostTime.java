package io.perceive.api.insights;

import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.vertx.core.json.JsonObject;

/**
 * What a lost-time row adds to the mean: the hours customers say they lost in all (the answers
 * that said times their minutes, over 60), suppressed with the mean under the minimum n.
 */
final class LostTime {

  private LostTime() {}

  static JsonObject put(JsonObject row, Totals totals, Estimate mean) {
    return row.put("hoursLost", mean.suppressed() ? null : totals.lostSum() / 60.0);
  }
}
