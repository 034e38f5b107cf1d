package io.perceive.analytics.sentiment;

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

  /** VADER's idioms, and service feedback's praise by denial ("couldn't fault them"). */
  private static final Map<String, Double> IDIOMS =
      Map.ofEntries(
          Map.entry("the shit", 3.0), Map.entry("the bomb", 3.0), Map.entry("bad ass", 1.5),
          Map.entry("yeah right", -2.0), Map.entry("cut the mustard", 2.0),
          Map.entry("kiss of death", -1.5), Map.entry("hand to mouth", -2.0),
          Map.entry("no problem", 1.5), Map.entry("no problems", 1.5), Map.entry("no issues", 1.5),
          Map.entry("couldn't fault", 2.5), Map.entry("can't fault", 2.5),
          Map.entry("cannot fault", 2.5), Map.entry("could not fault", 2.5),
          Map.entry("no complaints", 1.5), Map.entry("no complaint", 1.5));

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final Map<String, Double> lexicon;

  VaderScorer(Map<String, Double> lexicon) {
    this.lexicon = Map.copyOf(lexicon);
  }

  /** VADER's lexicon, with Perceive's service-feedback words filling its gaps. */
  static VaderScorer load() {
    Map<String, Double> lexicon = new HashMap<>();
    read("vader_lexicon.txt", lexicon);
    Map<String, Double> feedback = new HashMap<>();
    read("feedback_lexicon.tsv", feedback);
    feedback.forEach(lexicon::putIfAbsent);
    return new VaderScorer(lexicon);
  }

  private static void read(String resource, Map<String, Double> into) {
    Resources.read(
        resource,
        r -> {
          for (String line; (line = r.readLine()) != null; ) {
            String[] f = line.split("\t");
            if (f.length >= 2 && !line.startsWith("#")) {
              into.put(f[0], Double.parseDouble(f[1]));
            }
          }
          return null;
        });
  }

  /** The valence of one lower-case word, or 0. */
  double valence(String word) {
    return lexicon.getOrDefault(word, 0.0);
  }

  Result score(String text) {
    if (text == null || text.isBlank()) {
      return Result.EMPTY;
    }
    List<Boolean> ends = new ArrayList<>();
    List<String> words = words(text, ends);
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
    resolvedProblems(lower, sentiments);
    wishes(lower, ends, sentiments);
    butCheck(lower, sentiments);
    return aggregate(sentiments, text);
  }

  /**
   * "Fixed the problem", "my issue was resolved": the problem is what was resolved, so its
   * word carries no sentiment of its own there (VADER scores "problem" -1.7). Where the fix is
   * negated ("did not fix the problem") the negation belongs to the fix, so the problem stays
   * negative instead of being flipped.
   */
  static void resolvedProblems(List<String> lower, double[] sentiments) {
    for (int i = 0; i < lower.size(); i++) {
      if (sentiments[i] == 0) {
        continue;
      }
      ClauseCues.Fix fix = ClauseCues.fixOf(lower, i);
      if (fix == ClauseCues.Fix.RESOLVED) {
        sentiments[i] = 0;
      } else if (fix == ClauseCues.Fix.DENIED) {
        sentiments[i] = -Math.abs(sentiments[i]);
      }
    }
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
    return words(text, null);
  }

  /** As {@link #words(String)}; {@code ends} (if given) learns which words end a sentence. */
  private List<String> words(String text, List<Boolean> ends) {
    String[] raw = text.split("\\s+");
    List<String> out = new ArrayList<>(raw.length);
    for (String t : raw) {
      boolean end = t.endsWith(".") || t.endsWith("!") || t.endsWith("?") || t.endsWith(";");
      if (t.length() <= 1) {
        if (end && ends != null && !ends.isEmpty()) {
          ends.set(ends.size() - 1, true);
        }
        continue;
      }
      String kept = lexicon.containsKey(t.toLowerCase(Locale.ROOT)) && !isWordy(t) ? t : strip(t);
      if (kept.length() > 1) {
        out.add(kept);
        if (ends != null) {
          ends.add(end);
        }
      } else if (end && ends != null && !ends.isEmpty()) {
        ends.set(ends.size() - 1, true);
      }
    }
    return out;
  }

  private static final Set<String> WISH_OPENERS =
      Set.of("wish", "hope", "hopefully", "please", "pls", "plz", "improve", "improved",
          "improvement", "improvements", "lack", "lacking", "should", "should've", "could've",
          "would've", "ensure");

  /**
   * Positive words in a wish describe what was missing: "could have been more kind", "please
   * keep me informed", "would be nice to be told". From the word that opens a wish to the end
   * of its sentence (or a "but"), positive valences turn to half their size, negative. A wish
   * that thanks, recommends or denies more was possible ("could not have been more helpful")
   * is left alone.
   */
  static void wishes(List<String> lower, List<Boolean> ends, double[] sentiments) {
    boolean inWish = false;
    for (int i = 0; i < lower.size(); i++) {
      String w = lower.get(i);
      if (w.equals("but")) {
        inWish = false;
      } else if (!inWish && opensWish(lower, i) && !ClauseCues.denied(lower, i) && !praiseAhead(lower, ends, i)) {
        inWish = true;
        sentiments[i] = Math.min(0, sentiments[i]);
      } else if (inWish && sentiments[i] > 0) {
        sentiments[i] *= -0.5;
      }
      if (ends.get(i)) {
        inWish = false;
      }
    }
  }

  private static boolean opensWish(List<String> lower, int i) {
    String w = lower.get(i);
    String next = i + 1 < lower.size() ? lower.get(i + 1) : "";
    if (WISH_OPENERS.contains(w)) {
      return !(next.equals("say") || next.equals("thank") || next.equals("add"));
    }
    boolean modal = w.equals("could") || w.equals("would");
    return modal && (next.equals("have") || next.equals("be") || next.equals("like")
            || next.equals("love") || next.equals("prefer") || next.equals("do"))
        || (w.equals("need") || w.equals("needs")) && (next.equals("more") || next.equals("better"))
        || w.equals("not") && next.equals("enough");
  }

  /** Thanks, a recommendation or a denied comparison before the sentence ends. */
  private static boolean praiseAhead(List<String> lower, List<Boolean> ends, int from) {
    boolean denied = false;
    for (int i = from; i < lower.size(); i++) {
      String w = lower.get(i);
      if (w.startsWith("thank") || w.equals("grateful") || w.startsWith("recommend")) {
        return true;
      }
      denied |= negated(w);
      if (denied && (w.equals("more") || w.equals("better"))) {
        return true;
      }
      if (ends.get(i)) {
        break;
      }
    }
    return false;
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
