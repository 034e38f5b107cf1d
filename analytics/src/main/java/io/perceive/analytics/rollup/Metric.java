package io.perceive.analytics.rollup;

import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The survey metrics a trend can show, each computed from bucket {@link Totals}. */
public enum Metric {
  /** Share of ratings 4-5 on the 1-5 scale, Wilson interval. */
  CSAT {
    @Override
    public Estimate estimate(Totals t, double confidence, int minN) {
      return Intervals.wilson(t.satisfied(), t.n(), confidence, minN);
    }
  },
  /** Mean rating 1-5, t interval. */
  RATING {
    @Override
    public Estimate estimate(Totals t, double confidence, int minN) {
      return Intervals.mean(t.ratingSum(), t.ratingSumSq(), t.n(), confidence, minN);
    }
  },
  /** Net Promoter Score -100..100 over responses that answered the 0-10 question. */
  NPS {
    @Override
    public Estimate estimate(Totals t, double confidence, int minN) {
      return Intervals.nps(t.promoters(), t.detractors(), t.npsN(), confidence, minN);
    }
  },
  /** Customer effort score, mean of 1-7 over responses that answered it. */
  CES {
    @Override
    public Estimate estimate(Totals t, double confidence, int minN) {
      return Intervals.mean(t.cesSum(), t.cesSumSq(), t.cesN(), confidence, minN);
    }
  },
  /**
   * Lost time: mean minutes of work a customer says the ticket cost them, over the answers that
   * said, with a t interval. Lower is better.
   */
  LOST_TIME("lostTime") {
    @Override
    public Estimate estimate(Totals t, double confidence, int minN) {
      return Intervals.mean(t.lostSum(), t.lostSumSq(), t.lostN(), confidence, minN);
    }

    @Override
    public boolean higherIsBetter() {
      return false;
    }
  };

  private final String label;

  Metric() {
    this.label = name().toLowerCase(Locale.ROOT);
  }

  Metric(String label) {
    this.label = label;
  }

  public abstract Estimate estimate(Totals totals, double confidence, int minN);

  /** Whether a higher value is the better one (every metric but lost time). */
  public boolean higherIsBetter() {
    return true;
  }

  public String label() {
    return label;
  }

  public static Optional<Metric> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.label().equals(text)).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Metric::label).collect(Collectors.joining(", "));
  }
}
