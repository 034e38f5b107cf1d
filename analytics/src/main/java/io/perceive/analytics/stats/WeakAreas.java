package io.perceive.analytics.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which segments (services, groups, agents) are below the rest of the organisation on a
 * proportion such as CSAT: each segment against everyone else with a two-proportion test,
 * Benjamini-Hochberg across the segments so that testing many does not manufacture findings, and a
 * ranking by impact (answers times gap), so the biggest problems come first. Segments under the
 * minimum n take no part: nobody is ranked on two answers.
 */
public final class WeakAreas {

  private WeakAreas() {}

  /** Successes (e.g. ratings 4-5) out of n for one segment. */
  public record Segment(String name, long successes, long n) {}

  /**
   * @param rest the proportion of everyone else
   * @param gap rest minus this segment's proportion: positive when the segment is worse
   * @param impact n times gap: roughly how many more satisfied answers the segment would have had
   * @param weak below the rest with a false discovery rate under the given level
   */
  public record Finding(
      String name, Estimate estimate, double rest, double gap, double pValue, double qValue, double impact, boolean weak) {}

  public static List<Finding> rank(List<Segment> segments, double confidence, int minN, double fdr) {
    long totalSuccesses = segments.stream().mapToLong(Segment::successes).sum();
    long totalN = segments.stream().mapToLong(Segment::n).sum();
    List<Segment> shown = segments.stream().filter(s -> s.n() >= Math.max(1, minN) && totalN - s.n() > 0).toList();
    double[] p = new double[shown.size()];
    for (int i = 0; i < shown.size(); i++) {
      Segment s = shown.get(i);
      p[i] = Proportions.twoProportionPValue(s.successes(), s.n(), totalSuccesses - s.successes(), totalN - s.n());
    }
    double[] q = Proportions.benjaminiHochberg(p);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      Segment s = shown.get(i);
      Estimate e = Intervals.wilson(s.successes(), s.n(), confidence, minN);
      double rest = (double) (totalSuccesses - s.successes()) / (totalN - s.n());
      double gap = rest - e.value();
      findings.add(new Finding(s.name(), e, rest, gap, p[i], q[i], s.n() * gap, gap > 0 && q[i] < fdr));
    }
    findings.sort(Comparator.comparingDouble(Finding::impact).reversed().thenComparing(Finding::name));
    return findings;
  }
}
