package io.perceive.analytics.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How sure a competency mention is: the share of comments where a lexicon term gave a
 * dimension its score that human coders also gave that dimension's theme, counted on survey
 * answers ({@code perceive evaluate --fit}; resource {@code mention_confidence.tsv}, which says on
 * which rows), smoothed towards the dimension's share over all its terms so that a term seen
 * twice does not claim certainty. A comment's confidence for a dimension is that of its surest
 * term. "knowledgeable" names knowledge; "professional" mostly praises staff in general.
 * Dimensions the counts do not cover (no theme matches them) have no confidence. Each dimension
 * also has an operating point, fitted with the counts: the confidence from which a mention
 * counts as sure ({@link #threshold}; 0.5 where the file gives none). A rare theme whose terms
 * are rarely sure needs a lower one to be found at all. Immutable and thread-safe.
 */
public final class MentionConfidence {

  /** Pseudo-counts of the dimension's share added to each term's counts. */
  static final double SMOOTHING = 4;

  /** Mentions and themed mentions per term, per dimension. */
  private final Map<String, Map<String, int[]>> counts;

  /** Operating point of a dimension without one in the file. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private final Map<String, Double> dimensionShare = new HashMap<>();

  private final Map<String, Double> thresholds;

  MentionConfidence(Map<String, Map<String, int[]>> counts, Map<String, Double> thresholds) {
    this.thresholds = Map.copyOf(thresholds);
    Map<String, Map<String, int[]>> copy = new TreeMap<>();
    counts.forEach((d, terms) -> copy.put(d, Map.copyOf(new TreeMap<>(terms))));
    this.counts = Map.copyOf(copy);
    this.counts.forEach(
        (d, terms) -> {
          double n = 0;
          double k = 0;
          for (int[] c : terms.values()) {
            n += c[0];
            k += c[1];
          }
          dimensionShare.put(d, n == 0 ? 0 : k / n);
        });
  }

  /** The shipped counts. */
  public static MentionConfidence load() {
    return Resources.read("mention_confidence.tsv", MentionConfidence::read);
  }

  static MentionConfidence read(BufferedReader r) throws IOException {
    Map<String, Map<String, int[]>> counts = new HashMap<>();
    Map<String, Double> thresholds = new HashMap<>();
    int n = 0;
    for (String line; (line = r.readLine()) != null; ) {
      n++;
      if (line.isBlank() || line.startsWith("#") || line.startsWith("dimension\t")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length == 3 && f[0].equals("threshold")) {
        thresholds.put(f[1], Double.parseDouble(f[2]));
        continue;
      }
      if (f.length != 4) {
        throw new IllegalArgumentException("mention_confidence.tsv line " + n + ": expected dimension, term, mentions, themed");
      }
      counts.computeIfAbsent(f[0], k -> new HashMap<>())
          .put(f[1], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])});
    }
    return new MentionConfidence(counts, thresholds);
  }

  /** Counts to fit from: per dimension, per term, {mentions, themed}; the default thresholds. */
  public static MentionConfidence of(Map<String, Map<String, int[]>> counts) {
    return new MentionConfidence(counts, Map.of());
  }

  /** The same counts with the given operating points. */
  public MentionConfidence withThresholds(Map<String, Double> operatingPoints) {
    return new MentionConfidence(counts, operatingPoints);
  }

  /** The confidence from which a mention of the dimension counts as sure. */
  public double threshold(String dimension) {
    return thresholds.getOrDefault(dimension, DEFAULT_THRESHOLD);
  }

  /** Whether there are counts for the dimension. */
  public boolean covers(String dimension) {
    return counts.containsKey(dimension);
  }

  /**
   * The confidence of a dimension found through the given terms, in [0, 1]; NaN where the
   * counts do not cover the dimension.
   */
  public double of(String dimension, Collection<String> terms) {
    Map<String, int[]> byTerm = counts.get(dimension);
    if (byTerm == null) {
      return Double.NaN;
    }
    double share = dimensionShare.get(dimension);
    double best = 0;
    for (String t : terms) {
      int[] c = byTerm.getOrDefault(t, new int[2]);
      best = Math.max(best, (c[1] + SMOOTHING * share) / (c[0] + SMOOTHING));
    }
    return best;
  }

  /** Writes the counts in the format {@link #load} reads. */
  public void write(Writer out, String provenance) throws IOException {
    out.write("# fitted by perceive evaluate --fit; " + provenance + "\n");
    out.write("# threshold<TAB>dimension<TAB>confidence from which a mention counts as sure\n");
    for (var t : new TreeMap<>(thresholds).entrySet()) {
      out.write(String.format(Locale.ROOT, "threshold\t%s\t%.2f\n", t.getKey(), t.getValue()));
    }
    out.write("dimension\tterm\tmentions\tthemed\n");
    for (var d : new TreeMap<>(counts).entrySet()) {
      for (var t : new TreeMap<>(d.getValue()).entrySet()) {
        out.write(String.format(Locale.ROOT, "%s\t%s\t%d\t%d\n", d.getKey(), t.getKey(), t.getValue()[0], t.getValue()[1]));
      }
    }
  }
}
