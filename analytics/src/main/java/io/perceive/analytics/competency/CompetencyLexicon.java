package io.perceive.analytics.competency;

import io.perceive.analytics.text.TsvRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which competency dimension a sentence speaks about, from a lexicon of terms: one line per
 * term, {@code dimension<TAB>term<TAB>prior}, {@code #} comments. A term is one or more
 * lower-case words; a word ending in {@code *} matches any word it begins, and {@code <n>}
 * matches a number ("3", "three", "several": "took <n> weeks"). The default lexicon
 * is a resource; a deployment replaces it with the system property {@code
 * perceive.competency.lexicon} naming a file of the same format. Immutable and thread-safe.
 */
public final class CompetencyLexicon {

  /** System property naming a lexicon file that replaces the default. */
  public static final String PROPERTY = "perceive.competency.lexicon";

  private record Term(String dimension, String[] words, int prior) {}

  /** The word of a term that matches a number. */
  static final String NUMBER = "<n>";

  private static final Set<String> NUMBER_WORDS =
      Set.of(
          "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "several", "many", "few");

  /** Terms by their first word (exact), and the terms whose first word is a prefix. */
  private final Map<String, List<Term>> byFirstWord;
  private final List<Term> prefixFirst;

  private CompetencyLexicon(List<Term> terms) {
    Map<String, List<Term>> exact = new HashMap<>();
    List<Term> prefix = new ArrayList<>();
    for (Term t : terms) {
      if (t.words[0].endsWith("*") || t.words[0].equals(NUMBER)) {
        prefix.add(t);
      } else {
        exact.computeIfAbsent(t.words[0], k -> new ArrayList<>()).add(t);
      }
    }
    this.byFirstWord = Map.copyOf(exact);
    this.prefixFirst = List.copyOf(prefix);
  }

  /** The lexicon named by {@link #PROPERTY}, or the default resource. */
  public static CompetencyLexicon load() {
    String file = System.getProperty(PROPERTY);
    if (file != null && !file.isBlank()) {
      try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        return parse(r, file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read competency lexicon " + file, e);
      }
    }
    try (InputStream in = CompetencyLexicon.class.getResourceAsStream("lexicon.tsv")) {
      if (in == null) {
        throw new IllegalStateException("competency lexicon.tsv missing from the classpath");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "lexicon.tsv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a lexicon; a malformed line fails with its line number. */
  public static CompetencyLexicon parse(Reader reader, String name) throws IOException {
    List<Term> terms = new ArrayList<>();
    TsvRows.read(new BufferedReader(reader), (n, f) -> {
      if (f.length != 3 || f[0].isBlank() || f[1].isBlank()) {
        throw new IllegalArgumentException(
            name + " line " + n + ": expected dimension<TAB>term<TAB>prior");
      }
      int prior;
      try {
        prior = Integer.parseInt(f[2].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " line " + n + ": prior must be -1, 0 or 1", e);
      }
      if (prior < -1 || prior > 1) {
        throw new IllegalArgumentException(name + " line " + n + ": prior must be -1, 0 or 1");
      }
      String[] words = f[1].strip().toLowerCase(Locale.ROOT).split("\\s+");
      terms.add(new Term(f[0].strip(), words, prior));
    });
    return new CompetencyLexicon(terms);
  }

  /**
   * The mentions in a sentence of lower-case tokens; where terms overlap, the longest term
   * starting at a token wins for its dimension, and a dimension is reported once per token.
   */
  public List<Mention> find(List<String> lowerTokens) {
    List<Mention> out = new ArrayList<>();
    for (int i = 0; i < lowerTokens.size(); i++) {
      String first = lowerTokens.get(i);
      Map<String, Mention> best = new HashMap<>();
      for (Term t : byFirstWord.getOrDefault(first, List.of())) {
        consider(t, lowerTokens, i, best);
      }
      for (Term t : prefixFirst) {
        consider(t, lowerTokens, i, best);
      }
      for (Mention m : best.values()) {
        if (!coveredBySameDimension(out, m)) {
          out.add(m);
        }
      }
    }
    // A longer term says more than a shorter one inside it, whatever their dimensions: "had to
    // explain" (knowledge, negative) is not also "explain" (communication, positive).
    List<Mention> kept = new ArrayList<>(out.size());
    for (Mention m : out) {
      boolean inside = false;
      for (Mention f : out) {
        inside |= f.start() <= m.start() && m.end() <= f.end() && f.end() - f.start() > m.end() - m.start();
      }
      if (!inside) {
        kept.add(m);
      }
    }
    return kept;
  }

  private static void consider(Term t, List<String> tokens, int i, Map<String, Mention> best) {
    if (i + t.words.length > tokens.size()) {
      return;
    }
    for (int j = 0; j < t.words.length; j++) {
      if (!matches(t.words[j], tokens.get(i + j))) {
        return;
      }
    }
    Mention prev = best.get(t.dimension);
    if (prev == null || prev.end() - prev.start() < t.words.length) {
      best.put(t.dimension, new Mention(t.dimension, i, i + t.words.length, t.prior, String.join(" ", t.words)));
    }
  }

  private static boolean matches(String pattern, String token) {
    if (pattern.equals(NUMBER)) {
      return NUMBER_WORDS.contains(token) || !token.isEmpty() && token.chars().allMatch(Character::isDigit);
    }
    if (pattern.endsWith("*")) {
      return token.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(token);
  }

  private static boolean coveredBySameDimension(List<Mention> found, Mention m) {
    for (Mention f : found) {
      if (f.dimension().equals(m.dimension()) && f.start() <= m.start() && m.end() <= f.end()) {
        return true;
      }
    }
    return false;
  }
}
