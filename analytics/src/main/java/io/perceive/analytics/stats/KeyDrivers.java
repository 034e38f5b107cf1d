package io.perceive.analytics.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Which competency dimension moves satisfaction, read two ways.
 *
 * <p>{@link #perAnswer}: the units are the answers whose comment speaks about the dimension. Is an
 * answer more often satisfied (rated 4-5) the better its comment speaks about the dimension? The
 * point-biserial correlation and the least-squares slope are computed from sums over the answers
 * (n, sum and sum of squares of the phrase scores, the satisfied count and the sum of their
 * scores), which rollups keep, so no answer is read again.
 *
 * <p>{@link #rank}: the units are cells of the organisation, such as one service in one week; for
 * each dimension, the cells where customers spoke about it often enough are compared: does the
 * cell's CSAT rise with the mean sentiment of what its comments say about that dimension? Cells
 * are weighed alike.
 *
 * <p>Either way each dimension gets the correlation with a Fisher interval, a t test,
 * Benjamini-Hochberg across the dimensions, and the slope (CSAT change per +0.1 of sentiment). A
 * correlation is not a causal effect: it says where to look.
 */
public final class KeyDrivers {

  private KeyDrivers() {}

  /**
   * One cell: its CSAT over {@code n} ratings, and per dimension the mean phrase sentiment of the
   * mentions ({@code [mean, mentions]}).
   */
  public record Cell(String name, double csat, long n, Map<String, double[]> dimensions) {}

  /**
   * @param cells the units the dimension was measured in: cells (at least the minimum n of ratings
   *     and of mentions each) for {@link #rank}, answers for {@link #perAnswer}
   * @param r Pearson correlation of the cells' mean sentiment on the dimension with their CSAT
   * @param slopePerTenth CSAT change (share, 0-1) for +0.1 of mean sentiment, least squares
   * @param driver r is positive with a false discovery rate under the level
   * @param suppressed too few cells to say (fewer than {@link #MIN_CELLS})
   */
  public record Driver(
      String dimension,
      int cells,
      Double r,
      Double lower,
      Double upper,
      Double pValue,
      Double qValue,
      Double slopePerTenth,
      boolean driver,
      boolean suppressed) {}

  /** Fewest cells a correlation is computed on (the Fisher interval needs more than three). */
  public static final int MIN_CELLS = 5;

  /** Fewest answers a per-answer correlation is computed on. */
  public static final int MIN_ANSWERS = 10;

  /**
   * Sums over the answers whose comment mentions one dimension.
   *
   * @param n mentions
   * @param sum sum of their phrase scores
   * @param sumSq sum of the squared scores
   * @param satisfied mentions in answers rated satisfied
   * @param sumSatisfied sum of the scores of those
   */
  public record Sums(long n, double sum, double sumSq, long satisfied, double sumSatisfied) {

    public Sums plus(Sums o) {
      return new Sums(n + o.n, sum + o.sum, sumSq + o.sumSq, satisfied + o.satisfied, sumSatisfied + o.sumSatisfied);
    }
  }

  /**
   * Per dimension, the correlation across answers between the phrase score of the mention and
   * the answer being satisfied; {@code cells} of each {@link Driver} holds the number of answers.
   * Fewer than {@link #MIN_ANSWERS} (or the minimum n), or no spread in either: suppressed.
   */
  public static List<Driver> perAnswer(Map<String, Sums> byDimension, List<String> dimensions, double confidence, int minN, double fdr) {
    double zq = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
    List<Driver> shown = new ArrayList<>();
    List<Driver> suppressed = new ArrayList<>();
    List<double[]> fits = new ArrayList<>();
    for (String d : dimensions) {
      Sums s = byDimension.getOrDefault(d, new Sums(0, 0, 0, 0, 0));
      double n = s.n();
      double sxx = s.sumSq() - s.sum() * s.sum() / Math.max(1, n);
      double syy = s.satisfied() - (double) s.satisfied() * s.satisfied() / Math.max(1, n);
      double sxy = s.sumSatisfied() - s.sum() * s.satisfied() / Math.max(1, n);
      if (s.n() < Math.max(MIN_ANSWERS, minN) || sxx <= 1e-12 || syy <= 1e-12) {
        suppressed.add(new Driver(d, (int) s.n(), null, null, null, null, null, null, false, true));
        continue;
      }
      double r = Math.max(-0.999999, Math.min(0.999999, sxy / Math.sqrt(sxx * syy)));
      double z = 0.5 * Math.log((1 + r) / (1 - r));
      double se = 1 / Math.sqrt(n - 3);
      double t = r * Math.sqrt((n - 2) / (1 - r * r));
      double p = 2 * new TDistribution(n - 2).cumulativeProbability(-Math.abs(t));
      fits.add(new double[] {r, Math.tanh(z - zq * se), Math.tanh(z + zq * se), p, sxy / sxx * 0.1});
      shown.add(new Driver(d, (int) s.n(), r, null, null, p, null, null, false, false));
    }
    return finish(shown, suppressed, fits, fdr);
  }

  public static List<Driver> rank(List<Cell> cells, List<String> dimensions, double confidence, int minN, double fdr) {
    double zq = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
    List<Driver> shown = new ArrayList<>();
    List<Driver> suppressed = new ArrayList<>();
    List<double[]> fits = new ArrayList<>();
    for (String d : dimensions) {
      List<double[]> xy = new ArrayList<>();
      for (Cell c : cells) {
        double[] m = c.dimensions().get(d);
        if (c.n() >= minN && m != null && m[1] >= minN) {
          xy.add(new double[] {m[0], c.csat()});
        }
      }
      SimpleRegression fit = new SimpleRegression();
      xy.forEach(v -> fit.addData(v[0], v[1]));
      if (xy.size() < MIN_CELLS || fit.getXSumSquares() == 0 || fit.getTotalSumSquares() == 0) {
        suppressed.add(new Driver(d, xy.size(), null, null, null, null, null, null, false, true));
        continue;
      }
      int k = xy.size();
      double r = Math.max(-0.999999, Math.min(0.999999, fit.getR()));
      // Fisher's z for the interval; the slope's t test is the test of r.
      double z = 0.5 * Math.log((1 + r) / (1 - r));
      double se = 1 / Math.sqrt(k - 3);
      double p = fit.getSignificance();
      fits.add(new double[] {r, Math.tanh(z - zq * se), Math.tanh(z + zq * se), p, fit.getSlope() * 0.1});
      shown.add(new Driver(d, k, r, null, null, p, null, null, false, false));
    }
    return finish(shown, suppressed, fits, fdr);
  }

  /** Adds the q values and the driver flag, and sorts: strongest first, suppressed last. */
  private static List<Driver> finish(List<Driver> shown, List<Driver> suppressed, List<double[]> fits, double fdr) {
    double[] q = Proportions.benjaminiHochberg(fits.stream().mapToDouble(f -> f[3]).toArray());
    List<Driver> out = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      double[] f = fits.get(i);
      Driver s = shown.get(i);
      out.add(new Driver(s.dimension(), s.cells(), f[0], f[1], f[2], f[3], q[i], f[4], f[0] > 0 && q[i] < fdr, false));
    }
    out.sort(Comparator.comparingDouble((Driver dr) -> -dr.r()).thenComparing(Driver::dimension));
    out.addAll(suppressed);
    return out;
  }
}
