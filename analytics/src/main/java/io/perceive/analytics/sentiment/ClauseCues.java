package io.perceive.analytics.sentiment;

import io.perceive.analytics.competency.Mention;
import java.util.List;
import java.util.Set;

/**
 * Cues around a competency mention that decide its polarity where the sentiment of the words
 * misleads. Customers write about what they missed in positive words: "could have been more
 * kind", "please keep me informed", "better communication needed" speak of a deficit. They
 * praise with a negated counterfactual: "could not have been more helpful". A negation can
 * follow the term: "the fix did not last". And a resolution term resolves a problem whose name
 * reads negative: "they fixed the problem quickly" is praise for the fix.
 *
 * <p>Pure functions over the lower-cased tokens (and POS tags) of one sentence, so they are
 * tested without the models.
 */
final class ClauseCues {

  /** Tokens after which a new thought starts: a wish before them does not reach past them. */
  static final Set<String> STRONG_BOUNDARIES =
      Set.of(".", "!", "?", ";", "but", "although", "though", "however", "whereas", "while",
          "except", "because", "yet", "-LRB-", "-RRB-");

  /** Word sequences that, before a mention in its scope, ask for something not received. */
  private static final List<String[]> WISH_BEFORE =
      words(
          "could have", "should have", "would have", "could 've", "should 've", "would 've",
          "could be", "should be", "can be", "could do with", "need to", "needs to", "needed to",
          "need more", "needs more", "need better", "must", "ought", "would like", "would love",
          "would prefer", "would be nice", "would be good", "would be great", "would be helpful",
          "would help", "wish", "hope", "hopefully", "please", "try to", "make sure", "ensure",
          "if only", "improve", "improved", "improvement", "improvements", "improving", "lack",
          "lacking", "not enough", "too little", "too few", "suggest", "suggestion",
          "would appreciate", "should");

  /**
   * Words that, before a mention, say it is still awaited ("still waiting for a fix"). They
   * are a wish's trigger but, unlike the phrasing of a wish, also a mention of timeliness.
   */
  private static final List<String[]> AWAITING =
      words("waiting for", "still waiting", "awaiting", "wait for");

  /** Comparatives that, right before a mention, ask for more of it: "more information". */
  private static final Set<String> WANTING_MORE = Set.of("more", "better", "less", "fewer");

  /** Verbs after a modal that make it a manner of speaking, not a wish: "I must say". */
  private static final Set<String> SPEECH = Set.of("say", "admit", "mention", "praise", "thank", "add");

  /** Words that, after a mention in its clause, say it was wanted: "updates needed". */
  private static final List<String[]> WISH_AFTER =
      words(
          "needed", "required", "would be nice", "would be good", "would be great",
          "would be helpful", "would be appreciated", "would help", "needs improving",
          "need improving", "needs improvement", "needs to improve", "need to improve",
          "could be better", "could be improved", "can be improved", "should be improved",
          "needs work", "is lacking", "was lacking", "were lacking", "lacking", "missing",
          "please");

  /** Words in a wish's scope that make it praise or thanks instead. */
  private static final Set<String> NOT_A_WISH =
      Set.of("thank", "thanks", "thankyou", "grateful", "recommend", "commend", "praise",
          "congratulate", "congratulations");

  /** Imperatives that encourage rather than ask for what was missing. */
  private static final Set<String> ENCOURAGING =
      Set.of("thank", "thanks", "well", "love", "enjoy", "see", "carry", "continue", "congratulations",
          "congrats", "cheers", "great", "good", "excellent", "recommend");

  /** Leading words skipped when looking for an imperative at the start of a sentence. */
  private static final Set<String> LEAD_IN =
      Set.of("please", "pls", "plz", "just", "maybe", "perhaps", "also", "and", "so", "then",
          "kindly", "simply", "always", "do");

  /** Names of what goes wrong: a resolution term resolves them, it is not judged by them. */
  static final Set<String> PROBLEM_WORDS =
      Set.of("problem", "problems", "issue", "issues", "fault", "faults", "error", "errors",
          "bug", "bugs", "crash", "crashes", "outage", "outages", "incident", "incidents",
          "trouble", "troubles", "difficulty", "difficulties", "glitch", "glitches", "complaint",
          "complaints", "failure", "failures", "broken", "emergency", "pain", "worry", "worries",
          "concern", "concerns", "mess", "virus", "malware", "breakdown");

  private ClauseCues() {}

  /**
   * Whether the word at {@code i} is denied by a negation within three words before it: a
   * wish's wording ("nothing to improve", "no improvement needed", "no suggestions"), or a fix
   * ("did not fix the problem").
   */
  static boolean denied(List<String> lower, int i) {
    for (int k = Math.max(0, i - 3); k < i; k++) {
      if (VaderScorer.negated(lower.get(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the token at {@code i} names what went wrong rather than judging anyone: a problem
   * word, or "wrong" in "what went wrong".
   */
  static boolean isProblem(List<String> lower, int i) {
    String w = lower.get(i);
    if (PROBLEM_WORDS.contains(w)) {
      return true;
    }
    if (!w.equals("wrong") || i == 0) {
      return false;
    }
    String before = lower.get(i - 1);
    return before.equals("went") || before.equals("goes") || before.equals("gone") || before.equals("go")
        || before.equals("going");
  }

  /** What a fix near a problem word says of it. */
  enum Fix {
    /** Not a problem word, or no fix near it. */
    NONE,
    /** "fixed the problem", "my issue was resolved". */
    RESOLVED,
    /** "did not fix the problem": the negation belongs to the fix. */
    DENIED
  }

  /**
   * Whether the token at {@code i} is a problem word (see {@link #isProblem}) with a fix within
   * four words of it ("fixed", "solved", "resolved", "repaired", "sorted", "restored"), and
   * whether that fix is denied.
   */
  static Fix fixOf(List<String> lower, int i) {
    if (!isProblem(lower, i)) {
      return Fix.NONE;
    }
    for (int j = Math.max(0, i - 4); j < Math.min(lower.size(), i + 5); j++) {
      if (j != i && resolving(lower.get(j))) {
        return denied(lower, j) ? Fix.DENIED : Fix.RESOLVED;
      }
    }
    return Fix.NONE;
  }

  private static boolean resolving(String w) {
    return w.startsWith("fix") || w.startsWith("solv") || w.startsWith("resolv")
        || w.startsWith("repair") || w.equals("sorted") || w.equals("restored");
  }

  /** First token of the scope a wish can reach from: the last strong boundary before the mention. */
  static int scopeStart(List<String> lower, int mentionStart) {
    return clauseStart(lower, mentionStart, STRONG_BOUNDARIES);
  }

  /** Token after the scope: the next strong boundary after the mention, or the end. */
  static int scopeEnd(List<String> lower, int mentionEnd) {
    return clauseEnd(lower, mentionEnd, STRONG_BOUNDARIES);
  }

  /** First token after the last of {@code boundaries} before {@code start}, or 0. */
  static int clauseStart(List<String> lower, int start, Set<String> boundaries) {
    int i = start;
    while (i > 0 && !boundaries.contains(lower.get(i - 1))) {
      i--;
    }
    return i;
  }

  /** The first of {@code boundaries} at or after {@code end}, or the end of the sentence. */
  static int clauseEnd(List<String> lower, int end, Set<String> boundaries) {
    int i = end;
    while (i < lower.size() && !boundaries.contains(lower.get(i))) {
      i++;
    }
    return i;
  }

  /**
   * "Could not have been more helpful", "couldn't ask for better", "nothing could be better":
   * praise by denying that more was possible.
   */
  static boolean counterfactualPraise(List<String> lower, int from, int to) {
    for (int i = from; i < to; i++) {
      String w = lower.get(i);
      boolean deniedModal =
          (w.equals("could") || w.equals("can") || w.equals("ca") || w.equals("wo") || w.equals("would"))
              && i + 1 < to
              && (lower.get(i + 1).equals("not") || lower.get(i + 1).equals("n't"));
      boolean nothingCould =
          w.equals("nothing") && i + 1 < to && (lower.get(i + 1).equals("could") || lower.get(i + 1).equals("can"));
      if (!deniedModal && !nothingCould) {
        continue;
      }
      for (int j = i + 2; j < Math.min(to, i + 8); j++) {
        String x = lower.get(j);
        if (x.equals("more") || x.equals("better") || x.equals("nicer") || x.equals("happier")
            || x.equals("quicker") || x.equals("faster") || x.equals("kinder")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the mention sits in a wish or a suggestion: asked for, so it was missing. {@code
   * tags} are the Penn Treebank POS tags of the sentence's tokens (may be null).
   */
  static boolean wished(List<String> lower, List<String> tags, Mention m) {
    int from = scopeStart(lower, m.start());
    int to = scopeEnd(lower, m.end());
    for (int i = from; i < to; i++) {
      if (NOT_A_WISH.contains(lower.get(i))) {
        return false;
      }
      if (i + 1 < to && (lower.get(i).equals("more") || lower.get(i).equals("better"))
          && lower.get(i + 1).equals("than")) {
        return false;
      }
    }
    if (counterfactualPraise(lower, from, to)) {
      return false;
    }
    for (int i = m.end(); i < Math.min(to, m.end() + 3); i++) {
      if (lower.get(i).equals("than")) {
        return false; // a comparison: "more helpful than the last one"
      }
    }
    for (int i = Math.max(from, m.start() - 2); i < m.start(); i++) {
      if (WANTING_MORE.contains(lower.get(i)) && !denied(lower, i)) {
        return true;
      }
    }
    for (int i = from; i < m.start(); i++) {
      int length = matchLength(lower, i, m.start(), WISH_BEFORE);
      boolean wish =
          length > 0 && !(i + length < lower.size() && SPEECH.contains(lower.get(i + length)))
              || matchLength(lower, i, m.start(), AWAITING) > 0;
      if (wish && !denied(lower, i)) {
        return true;
      }
    }
    for (int i = m.end(); i < to; i++) {
      if (matchLength(lower, i, to, WISH_AFTER) > 0 && !denied(lower, i)) {
        return true;
      }
    }
    return from == 0 && imperative(lower, tags, m.start());
  }

  /**
   * Whether a sentence as a whole asks for something ("Could have been quicker.", "Listen to
   * the patient.", "More updates please."): its words may be positive, its verdict is not.
   */
  static boolean wish(List<String> lower, List<String> tags) {
    for (String w : lower) {
      if (NOT_A_WISH.contains(w)) {
        return false;
      }
    }
    if (counterfactualPraise(lower, 0, lower.size())) {
      return false;
    }
    for (int i = 0; i < lower.size(); i++) {
      int before = matchLength(lower, i, lower.size(), WISH_BEFORE);
      if (before > 0 && !(i + before < lower.size() && SPEECH.contains(lower.get(i + before)))
          && !denied(lower, i)) {
        return true;
      }
      if (matchLength(lower, i, lower.size(), WISH_AFTER) > 0 && !denied(lower, i)) {
        return true;
      }
    }
    if (!lower.isEmpty() && WANTING_MORE.contains(lower.get(0)) && !(lower.size() > 1 && lower.get(1).equals("than"))) {
      return true;
    }
    return imperative(lower, tags, 0);
  }

  /**
   * Whether the mention is a word of a wish's own phrasing, not a judgement: "nice" in "it
   * would be nice to", "helpful" in "would be helpful".
   */
  static boolean partOfWishPhrase(List<String> lower, Mention m) {
    for (int i = Math.max(0, m.start() - 3); i < m.end(); i++) {
      int length =
          Math.max(matchLength(lower, i, lower.size(), WISH_BEFORE), matchLength(lower, i, lower.size(), WISH_AFTER));
      if (length > 0 && i + length > m.start()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A sentence that opens with a bare verb, at or before {@code upTo} ("Listen to the
   * patient", "Keep us updated").
   */
  static boolean imperative(List<String> lower, List<String> tags, int upTo) {
    if (tags == null || tags.size() != lower.size()) {
      return false;
    }
    int i = 0;
    while (i < upTo && LEAD_IN.contains(lower.get(i))) {
      i++;
    }
    if (i > upTo || i >= lower.size() || !"VB".equals(tags.get(i))) {
      return false;
    }
    String verb = lower.get(i);
    if (ENCOURAGING.contains(verb)) {
      return false;
    }
    if (verb.equals("keep") && i + 1 < lower.size()) {
      String next = lower.get(i + 1);
      return !(next.equals("up") || next.equals("it") || next.equals("doing") || next.equals("going")
          || next.equals("on") || next.equals("this") || next.equals("that"));
    }
    return true;
  }

  /**
   * A negation shortly after the mention, inside its clause: "the fix did not last", "updates
   * never came". Only a few tokens on, so that "polite, never rude" is not read as one clause.
   */
  static boolean negatedAfter(List<String> lower, int mentionEnd, int clauseEnd) {
    for (int i = mentionEnd; i < Math.min(clauseEnd, mentionEnd + 3); i++) {
      String w = lower.get(i);
      if (w.equals("not") || w.equals("never") || w.equals("cannot") || w.endsWith("n't")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a topic (a term without a polarity of its own: "call", "updates", "communication")
   * is denied: a negation within five tokens before it, in its clause, with no problem word in
   * between. "Nobody called me back", "no updates at all" and "never a phone call" say the thing
   * did not happen; "no issues with the communication" does not, and neither "issues" itself.
   */
  static boolean deniedTopic(List<String> lower, int clauseStart, int mentionStart) {
    if (isProblem(lower, mentionStart)) {
      return false; // "no issues": a problem that did not happen is no deficit
    }
    for (int i = mentionStart - 1; i >= Math.max(clauseStart, mentionStart - 5); i--) {
      if (isProblem(lower, i)) {
        return false;
      }
      if (negates(lower.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** A negation, or a subject that denies what follows ("nobody", "noone"). */
  private static boolean negates(String w) {
    return VaderScorer.negated(w) || w.equals("nobody") || w.equals("noone");
  }

  /** A negation within a few tokens before the mention, inside its clause. */
  static boolean negatedBefore(List<String> lower, int clauseStart, int mentionStart) {
    for (int i = mentionStart - 1; i >= Math.max(clauseStart, mentionStart - 4); i--) {
      if (negates(lower.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** Length of the longest phrase that starts at {@code at} and ends by {@code limit}; 0 if none. */
  private static int matchLength(List<String> lower, int at, int limit, List<String[]> phrases) {
    int best = 0;
    for (String[] p : phrases) {
      if (at + p.length > limit || p.length <= best) {
        continue;
      }
      boolean match = true;
      for (int j = 0; j < p.length && match; j++) {
        match = p[j].equals(lower.get(at + j));
      }
      if (match) {
        best = p.length;
      }
    }
    return best;
  }

  private static List<String[]> words(String... phrases) {
    return java.util.Arrays.stream(phrases).map(p -> p.split(" ")).toList();
  }
}
