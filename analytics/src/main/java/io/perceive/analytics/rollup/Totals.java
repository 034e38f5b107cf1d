package io.perceive.analytics.rollup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Additive counts behind every survey metric of one bucket. One response contributes
 * {@link #of}; buckets add up with {@link #plus}; the store keeps them with {@code $inc}, so a
 * query never has to read raw responses.
 */
public record Totals(
    long n,
    long satisfied,
    long ratingSum,
    long ratingSumSq,
    long npsN,
    long promoters,
    long detractors,
    long cesN,
    long cesSum,
    long cesSumSq,
    long comments,
    long slaKnown,
    long slaMet,
    long slaMetSatisfied,
    long lostN,
    long lostSum,
    long lostSumSq) {

  public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The most minutes one answer may say were lost: a week. */
  public static final int MAX_LOST_MINUTES = 10_080;

  /** As the full form, without lost time. */
  public Totals(
      long n, long satisfied, long ratingSum, long ratingSumSq, long npsN, long promoters, long detractors, long cesN,
      long cesSum, long cesSumSq, long comments, long slaKnown, long slaMet, long slaMetSatisfied) {
    this(n, satisfied, ratingSum, ratingSumSq, npsN, promoters, detractors, cesN, cesSum, cesSumSq, comments, slaKnown, slaMet,
        slaMetSatisfied, 0, 0, 0);
  }

  /** The contribution of one response: rating 1-5, nps 0-10 or null, ces 1-7 or null. */
  public static Totals of(int rating, Integer nps, Integer ces, boolean hasComment) {
    return of(rating, nps, ces, hasComment, null);
  }

  /**
   * The contribution of one response whose ticket met its SLA ({@code true}), missed it
   * ({@code false}) or is not known to have one (null): the counters behind "watermelons", SLA
   * green and customers red.
   */
  public static Totals of(int rating, Integer nps, Integer ces, boolean hasComment, Boolean slaMet) {
    return of(rating, nps, ces, hasComment, slaMet, null);
  }

  /**
   * As above, with the minutes of work the customer says the ticket cost them (0 to
   * {@link #MAX_LOST_MINUTES}), or null when they were not asked or did not say.
   */
  public static Totals of(int rating, Integer nps, Integer ces, boolean hasComment, Boolean slaMet, Integer lostMinutes) {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating must be 1-5: " + rating);
    }
    if (lostMinutes != null && (lostMinutes < 0 || lostMinutes > MAX_LOST_MINUTES)) {
      throw new IllegalArgumentException("lostMinutes must be 0-" + MAX_LOST_MINUTES + ": " + lostMinutes);
    }
    return new Totals(
        1,
        rating >= 4 ? 1 : 0,
        rating,
        (long) rating * rating,
        nps == null ? 0 : 1,
        nps != null && nps >= 9 ? 1 : 0,
        nps != null && nps <= 6 ? 1 : 0,
        ces == null ? 0 : 1,
        ces == null ? 0 : ces,
        ces == null ? 0 : (long) ces * ces,
        hasComment ? 1 : 0,
        slaMet == null ? 0 : 1,
        Boolean.TRUE.equals(slaMet) ? 1 : 0,
        Boolean.TRUE.equals(slaMet) && rating >= 4 ? 1 : 0,
        lostMinutes == null ? 0 : 1,
        lostMinutes == null ? 0 : lostMinutes,
        lostMinutes == null ? 0 : (long) lostMinutes * lostMinutes);
  }

  public Totals plus(Totals o) {
    return new Totals(
        n + o.n,
        satisfied + o.satisfied,
        ratingSum + o.ratingSum,
        ratingSumSq + o.ratingSumSq,
        npsN + o.npsN,
        promoters + o.promoters,
        detractors + o.detractors,
        cesN + o.cesN,
        cesSum + o.cesSum,
        cesSumSq + o.cesSumSq,
        comments + o.comments,
        slaKnown + o.slaKnown,
        slaMet + o.slaMet,
        slaMetSatisfied + o.slaMetSatisfied,
        lostN + o.lostN,
        lostSum + o.lostSum,
        lostSumSq + o.lostSumSq);
  }

  /**
   * The difference of two bucket states; counters may go negative. A revised response moves a
   * bucket by {@code after.minus(before)}, applied with a {@code $inc}.
   */
  public Totals minus(Totals o) {
    return new Totals(
        n - o.n,
        satisfied - o.satisfied,
        ratingSum - o.ratingSum,
        ratingSumSq - o.ratingSumSq,
        npsN - o.npsN,
        promoters - o.promoters,
        detractors - o.detractors,
        cesN - o.cesN,
        cesSum - o.cesSum,
        cesSumSq - o.cesSumSq,
        comments - o.comments,
        slaKnown - o.slaKnown,
        slaMet - o.slaMet,
        slaMetSatisfied - o.slaMetSatisfied,
        lostN - o.lostN,
        lostSum - o.lostSum,
        lostSumSq - o.lostSumSq);
  }

  /** Field name to value, in a fixed order: the shape of a rollup document's counters. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("satisfied", satisfied);
    m.put("ratingSum", ratingSum);
    m.put("ratingSumSq", ratingSumSq);
    m.put("npsN", npsN);
    m.put("promoters", promoters);
    m.put("detractors", detractors);
    m.put("cesN", cesN);
    m.put("cesSum", cesSum);
    m.put("cesSumSq", cesSumSq);
    m.put("comments", comments);
    m.put("slaKnown", slaKnown);
    m.put("slaMet", slaMet);
    m.put("slaMetSatisfied", slaMetSatisfied);
    m.put("lostN", lostN);
    m.put("lostSum", lostSum);
    m.put("lostSumSq", lostSumSq);
    return m;
  }

  /** The inverse of {@link #asMap()}; missing counters are zero. */
  public static Totals fromMap(Map<String, ? extends Number> m) {
    return new Totals(
        get(m, "n"), get(m, "satisfied"), get(m, "ratingSum"), get(m, "ratingSumSq"),
        get(m, "npsN"), get(m, "promoters"), get(m, "detractors"), get(m, "cesN"),
        get(m, "cesSum"), get(m, "cesSumSq"), get(m, "comments"), get(m, "slaKnown"), get(m, "slaMet"),
        get(m, "slaMetSatisfied"), get(m, "lostN"), get(m, "lostSum"), get(m, "lostSumSq"));
  }

  private static long get(Map<String, ? extends Number> m, String key) {
    Number v = m.get(key);
    return v == null ? 0 : v.longValue();
  }
}
