package io.perceive.analytics.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A lexicon-and-rules scorer in the manner of VADER (Hutto and Gilbert, ICWSM 2014): word
 * valences from the VADER lexicon, modified by preceding intensifiers and negations, capitals
 * used for emphasis, a contrastive "but" (what follows it weighs more) and exclamation marks.
 * This is Perceive's own implementation of the published rules; only the lexicon file is
 * VADER's (MIT, see vader_lexicon.NOTICE.txt). Immutable and thread-safe.
 */
final class VaderScorer {

  /** The compound score in [-1, 1] and the shares of positive, neutral and negative words. */
  record Result(double compound, double positive, double neutral, double negative) {
    static final Result EMPTY = new Result(0, 0, 0, 0);
  }

  private static final double BOOST = 0.293;
  private static final double CAPS_BOOST = 0.733;
  private static final double NEGATION = -0.74;

  private static final Set<String> NEGATIONS =
      Set.of(
          "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont",
          "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "neednt", "never",
          "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt",
          "uhuh", "wasnt", "werent", "without", "wont", "wouldnt", "rarely", "seldom", "despite",
          "no");

  private static final Set<String> BOOSTERS =
      Set.of(
          "absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly",
          "deeply", "effing", "enormously", "entirely", "especially", "exceptionally",
          "extremely", "fabulously", "flipping", "flippin", "fricking", "frickin", "frigging",
          "friggin", "fully", "fucking", "greatly", "hella", "highly", "hugely", "incredibly",
          "intensely", "majorly", "more", "most", "particularly", "purely", "quite", "really",
          "remarkably", "so", "substantially", "thoroughly", "totally", "tremendously", "uber",
          "unbelievably", "unusually", "utterly", "very", "super", "truly");

  private static final Set<String> DAMPENERS =
      Set.of(
          "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little",
          "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat", "sorta",
          "sortof", "sort-of", "fairly", "bit");

  private static final Map<String, Double> IDIOMS =
      Map.of(
          "the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5, "yeah right", -2.0,
          "cut the mustard", 2.0, "kiss of death", -1.5, "hand to mouth", -2.0,
          "no problem", 1.5, "no problems", 1.5, "no issues", 1.5);

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final Map<String, Double> lexicon;

  VaderScorer(Map<String, Double> lexicon) {
    this.lexicon = Map.copyOf(lexicon);
  }

  static VaderScorer load() {
    try (InputStream in = VaderScorer.class.getResourceAsStream("vader_lexicon.txt")) {
      if (in == null) {
        throw new IllegalStateException("vader_lexicon.txt missing from the classpath");
      }
      Map<String, Double> lexicon = new HashMap<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t");
        if (f.length >= 2) {
          lexicon.put(f[0], Double.parseDouble(f[1]));
        }
      }
      return new VaderScorer(lexicon);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The valence of one lower-case word, or 0. */
  double valence(String word) {
    return lexicon.getOrDefault(word, 0.0);
  }

  Result score(String text) {
    if (text == null || text.isBlank()) {
      return Result.EMPTY;
    }
    List<String> words = words(text);
    if (words.isEmpty()) {
      return Result.EMPTY;
    }
    List<String> lower = new ArrayList<>(words.size());
    for (String w : words) {
      lower.add(w.toLowerCase(Locale.ROOT));
    }
    boolean capsDifferential = capsDifferential(words);
    double[] sentiments = new double[words.size()];
    for (int i = 0; i < words.size(); i++) {
      String w = lower.get(i);
      boolean kindOf = w.equals("kind") && i + 1 < lower.size() && lower.get(i + 1).equals("of");
      if (kindOf || BOOSTERS.contains(w) || DAMPENERS.contains(w)) {
        continue;
      }
      sentiments[i] = valence(words, lower, i, capsDifferential);
    }
    butCheck(lower, sentiments);
    return aggregate(sentiments, text);
  }

  private double valence(List<String> words, List<String> lower, int i, boolean capsDiff) {
    String w = lower.get(i);
    Double base = lexicon.get(w);
    if (base == null || base == 0.0) {
      return 0;
    }
    double v = base;
    if (capsDiff && isUpper(words.get(i))) {
      v += v > 0 ? CAPS_BOOST : -CAPS_BOOST;
    }
    for (int back = 1; back <= 3 && i - back >= 0; back++) {
      String prev = lower.get(i - back);
      if (lexicon.containsKey(prev) && !NEGATIONS.contains(prev)) {
        continue;
      }
      double s = scalar(prev, words.get(i - back), v, capsDiff);
      if (back == 2) {
        s *= 0.95;
      } else if (back == 3) {
        s *= 0.9;
      }
      v += s;
      if (negated(prev)) {
        boolean neverSo =
            back >= 2 && lower.get(i - back).equals("never")
                && (lower.get(i - back + 1).equals("so") || lower.get(i - back + 1).equals("this"));
        v = neverSo ? v * (back == 2 ? 1.5 : 1.25) : v * NEGATION;
      }
    }
    v = idiom(lower, i, v);
    if (i >= 1 && lower.get(i - 1).equals("least")
        && (i < 2 || !(lower.get(i - 2).equals("at") || lower.get(i - 2).equals("very")))) {
      v *= NEGATION;
    }
    return v;
  }

  private static double scalar(String lower, String original, double valence, boolean capsDiff) {
    double s;
    if (BOOSTERS.contains(lower)) {
      s = BOOST;
    } else if (DAMPENERS.contains(lower)) {
      s = -BOOST;
    } else {
      return 0;
    }
    if (valence < 0) {
      s = -s;
    }
    if (capsDiff && isUpper(original)) {
      s += valence > 0 ? CAPS_BOOST : -CAPS_BOOST;
    }
    return s;
  }

  private static double idiom(List<String> lower, int i, double v) {
    for (int len = 2; len <= 3; len++) {
      for (int start = i - len + 1; start <= i; start++) {
        if (start < 0 || start + len > lower.size()) {
          continue;
        }
        Double idiom = IDIOMS.get(String.join(" ", lower.subList(start, start + len)));
        if (idiom != null) {
          return idiom;
        }
      }
    }
    return v;
  }

  static boolean negated(String lowerWord) {
    return NEGATIONS.contains(lowerWord) || lowerWord.endsWith("n't");
  }

  private static void butCheck(List<String> lower, double[] sentiments) {
    int but = lower.indexOf("but");
    if (but < 0) {
      return;
    }
    for (int i = 0; i < sentiments.length; i++) {
      if (i < but) {
        sentiments[i] *= 0.5;
      } else if (i > but) {
        sentiments[i] *= 1.5;
      }
    }
  }

  private static Result aggregate(double[] sentiments, String text) {
    double sum = 0;
    double pos = 0;
    double neg = 0;
    int neutral = 0;
    for (double s : sentiments) {
      sum += s;
      if (s > 0) {
        pos += s + 1;
      } else if (s < 0) {
        neg += s - 1;
      } else {
        neutral++;
      }
    }
    double emphasis = punctuationEmphasis(text);
    if (sum > 0) {
      sum += emphasis;
    } else if (sum < 0) {
      sum -= emphasis;
    }
    double compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + 15)));
    if (pos > Math.abs(neg)) {
      pos += emphasis;
    } else if (pos < Math.abs(neg)) {
      neg -= emphasis;
    }
    double total = pos + Math.abs(neg) + neutral;
    if (total == 0) {
      return new Result(compound, 0, 1, 0);
    }
    return new Result(compound, pos / total, neutral / total, Math.abs(neg) / total);
  }

  private static double punctuationEmphasis(String text) {
    int exclamations = 0;
    int questions = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!') {
        exclamations++;
      } else if (c == '?') {
        questions++;
      }
    }
    double ep = Math.min(exclamations, 4) * 0.292;
    double qm = questions <= 1 ? 0 : questions <= 3 ? questions * 0.18 : 0.96;
    return ep + qm;
  }

  /** Whitespace tokens with surrounding punctuation removed, emoticons kept, one-letter words dropped. */
  List<String> words(String text) {
    String[] raw = text.split("\\s+");
    List<String> out = new ArrayList<>(raw.length);
    for (String t : raw) {
      if (t.length() <= 1) {
        continue;
      }
      if (lexicon.containsKey(t.toLowerCase(Locale.ROOT)) && !isWordy(t)) {
        out.add(t);
        continue;
      }
      String stripped = strip(t);
      if (stripped.length() > 1) {
        out.add(stripped);
      }
    }
    return out;
  }

  private static boolean isWordy(String t) {
    return Character.isLetterOrDigit(t.charAt(0)) && Character.isLetterOrDigit(t.charAt(t.length() - 1));
  }

  private static String strip(String t) {
    int b = 0;
    int e = t.length();
    while (b < e && PUNCTUATION.indexOf(t.charAt(b)) >= 0) {
      b++;
    }
    while (e > b && PUNCTUATION.indexOf(t.charAt(e - 1)) >= 0) {
      e--;
    }
    return t.substring(b, e);
  }

  private static boolean isUpper(String w) {
    boolean upper = false;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      upper |= Character.isUpperCase(c);
    }
    return upper;
  }

  private static boolean capsDifferential(List<String> words) {
    int caps = 0;
    for (String w : words) {
      if (isUpper(w)) {
        caps++;
      }
    }
    int diff = words.size() - caps;
    return diff > 0 && diff < words.size();
  }
}
