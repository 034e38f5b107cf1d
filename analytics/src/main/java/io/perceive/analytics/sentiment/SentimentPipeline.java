package io.perceive.analytics.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;
import io.perceive.analytics.competency.CompetencyLexicon;
import io.perceive.analytics.competency.Mention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * CoreNLP's sentiment model behind the fastest configuration that leaves its answers intact:
 * the shift-reduce parser, binarized trees, no dependency graphs, a length guard. Comments are
 * split into sentences (and over-long sentences into chunks) by a cheap tokenize/ssplit
 * pipeline; each sentence is then analysed alone, so its result can be cached. Thread-safe: the
 * annotators are shared and stateless per call.
 */
final class SentimentPipeline {

  /** Longest chunk handed to the parser, in tokens; longer sentences are cut. */
  static final int MAX_TOKENS = 60;

  static final String TAGGER = "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger";
  static final String PARSER = "edu/stanford/nlp/models/srparser/englishSR.ser.gz";
  static final String SENTIMENT = "edu/stanford/nlp/models/sentiment/sentiment.ser.gz";

  /** Tokens that end the phrase carrying a competency mention. */
  private static final Set<String> BOUNDARIES =
      Set.of(
          "but", "although", "though", "however", "yet", "whereas", "while", "except", "and",
          "or", "so", "because", "if", ",", ";", ":", "-", "--", ".", "!", "?", "-LRB-",
          "-RRB-");

  private static final double[] NEUTRAL = {0, 0, 1, 0, 0};

  /** Score of a mention the customer denies could have been better ("could not have been more helpful"). */
  private static final double PRAISE = 0.8;

  /** Score of a mention the customer asks for ("please keep me informed"): something was missing. */
  private static final double DEFICIT = -0.4;

  /** Least strength of a term with a polarity of its own ("fixed", "rude"). */
  private static final double TERM_STRENGTH = 0.3;

  /** Longest phrase, in tokens, credited to one mention. */
  private static final int MAX_PHRASE = 12;

  private final StanfordCoreNLP splitter;
  private final StanfordCoreNLP analyser;
  private final CompetencyLexicon lexicon;
  private final VaderScorer vader;

  SentimentPipeline(CompetencyLexicon lexicon, VaderScorer vader) {
    this.lexicon = lexicon;
    this.vader = vader;
    Properties split = new Properties();
    split.setProperty("annotators", "tokenize,ssplit");
    split.setProperty("tokenize.language", "en");
    split.setProperty("tokenize.options", "untokenizable=noneDelete");
    split.setProperty("ssplit.newlineIsSentenceBreak", "always");
    this.splitter = new StanfordCoreNLP(split);
    this.analyser = new StanfordCoreNLP(analyserProperties());
  }

  static Properties analyserProperties() {
    Properties p = new Properties();
    p.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
    p.setProperty("tokenize.language", "en");
    p.setProperty("tokenize.options", "untokenizable=noneDelete");
    p.setProperty("ssplit.isOneSentence", "true");
    p.setProperty("pos.model", TAGGER);
    p.setProperty("parse.model", PARSER);
    p.setProperty("parse.binaryTrees", "true");
    p.setProperty("parse.buildgraphs", "false");
    p.setProperty("parse.maxlen", String.valueOf(MAX_TOKENS * 2));
    p.setProperty("sentiment.model", SENTIMENT);
    return p;
  }

  /** The sentences of a comment, over-long ones cut into chunks of at most MAX_TOKENS tokens. */
  List<String> split(String text) {
    Annotation doc = new Annotation(text);
    splitter.annotate(doc);
    List<String> out = new ArrayList<>();
    for (CoreMap sentence : doc.get(CoreAnnotations.SentencesAnnotation.class)) {
      List<CoreLabel> tokens = sentence.get(CoreAnnotations.TokensAnnotation.class);
      int from = 0;
      while (from < tokens.size()) {
        int to = Math.min(tokens.size(), from + MAX_TOKENS);
        if (to < tokens.size()) {
          to = cutPoint(tokens, from, to);
        }
        String chunk =
            text.substring(tokens.get(from).beginPosition(), tokens.get(to - 1).endPosition()).strip();
        if (!chunk.isEmpty() && hasLetterOrDigit(chunk)) {
          out.add(chunk);
        }
        from = to;
      }
    }
    return out;
  }

  /** Prefers to cut after a comma, semicolon or before a conjunction in the second half. */
  private static int cutPoint(List<CoreLabel> tokens, int from, int to) {
    for (int i = to - 1; i > from + MAX_TOKENS / 2; i--) {
      String w = tokens.get(i).word();
      if (w.equals(",") || w.equals(";") || w.equals(":")) {
        return i + 1;
      }
      if (w.equalsIgnoreCase("and") || w.equalsIgnoreCase("but")) {
        return i;
      }
    }
    return to;
  }

  private static boolean hasLetterOrDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetterOrDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the sentiment model on one sentence and reads the phrase behind each mention. The
   * sentence is lower-cased first: the model's vocabulary is mostly lower case, so a capitalised
   * first word ("Excellent care", "Worst support ever") was an unknown word to it, and on
   * labelled data lower-casing raised agreement (docs/evaluation.md).
   */
  SentenceAnalysis analyse(String sentence) {
    Annotation doc = new Annotation(sentence.toLowerCase(Locale.ROOT));
    analyser.annotate(doc);
    List<CoreMap> sentences = doc.get(CoreAnnotations.SentencesAnnotation.class);
    if (sentences == null || sentences.isEmpty()) {
      return new SentenceAnalysis(sentence, NEUTRAL, NEUTRAL, 0, Map.of(), false);
    }
    CoreMap s = sentences.get(0);
    List<CoreLabel> tokens = s.get(CoreAnnotations.TokensAnnotation.class);
    Tree tree = s.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
    double[] root = predictions(tree);
    List<String> lower = new ArrayList<>(tokens.size());
    List<String> words = new ArrayList<>(tokens.size());
    List<String> tags = new ArrayList<>(tokens.size());
    for (CoreLabel t : tokens) {
      words.add(t.word());
      lower.add(t.word().toLowerCase(Locale.ROOT));
      tags.add(t.tag());
    }
    Map<String, Set<String>> terms = new HashMap<>();
    Map<String, Double> competency = competency(tree, new Words(words, lower, tags), terms);
    return new SentenceAnalysis(
        sentence, root, phraseMean(tree), tokens.size(), competency, ClauseCues.wish(lower, tags), terms);
  }

  /** Class probabilities averaged over the phrases of the tree (its nodes above the words). */
  static double[] phraseMean(Tree tree) {
    if (tree == null) {
      return NEUTRAL.clone();
    }
    double[] sum = new double[5];
    int n = 0;
    for (Tree node : tree) {
      if (node.isLeaf() || node.isPreTerminal()) {
        continue;
      }
      double[] p = predictions(node);
      for (int i = 0; i < 5; i++) {
        sum[i] += p[i];
      }
      n++;
    }
    if (n == 0) {
      return predictions(tree);
    }
    for (int i = 0; i < 5; i++) {
      sum[i] /= n;
    }
    return sum;
  }

  /** A sentence's tokens as written, lower-cased, and their POS tags. */
  private record Words(List<String> words, List<String> lower, List<String> tags) {}

  /** Scores per dimension; adds to {@code terms} the terms that gave each its score. */
  private Map<String, Double> competency(Tree tree, Words w, Map<String, Set<String>> terms) {
    List<Mention> mentions = lexicon.find(w.lower());
    if (mentions.isEmpty()) {
      return Map.of();
    }
    Spans spans = tree == null ? null : Spans.of(tree);
    if (spans != null && spans.leaves.size() != w.words().size()) {
      spans = null;
    }
    Map<String, double[]> sums = new HashMap<>();
    for (Mention m : mentions) {
      if (ClauseCues.partOfWishPhrase(w.lower(), m)
          || !m.dimension().equals("resolution") && ClauseCues.isProblem(w.lower(), m.start())
          || m.prior() == 0 && judgedBeside(m, mentions, w.lower()) && !ClauseCues.wished(w.lower(), w.tags(), m)
          || m.prior() == 0 && isChannel(w.lower().get(m.start())) && judgedByOther(m, mentions, w.lower())) {
        continue;
      }
      double score = mentionScore(m, spans, w);
      terms.computeIfAbsent(m.dimension(), k -> new TreeSet<>()).add(m.term());
      sums.merge(m.dimension(), new double[] {score, 1}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    }
    Map<String, Double> out = new HashMap<>();
    sums.forEach((d, s) -> out.put(d, Scores.clamp(s[0] / s[1])));
    return out;
  }

  /**
   * Whether a topic word ("problem", "communication", prior 0) has a term of the same dimension
   * with a polarity of its own in the same clause ("problem fixed", "communication was
   * unclear"): that term speaks for the dimension, the topic word only names it.
   */
  private static boolean judgedBeside(Mention topic, List<Mention> mentions, List<String> lower) {
    int scope = ClauseCues.scopeStart(lower, topic.start());
    for (Mention o : mentions) {
      if (o != topic && o.prior() != 0 && o.dimension().equals(topic.dimension())
          && ClauseCues.scopeStart(lower, o.start()) == scope) {
        return true;
      }
    }
    return false;
  }

  /** Words that name a channel of contact: a mention of one is a topic, never a judgement. */
  private static boolean isChannel(String w) {
    return w.startsWith("phone") || w.startsWith("call") || w.startsWith("email") || w.startsWith("e-mail")
        || w.startsWith("letter") || w.equals("rang") || w.equals("ring") || w.startsWith("chat");
  }

  /**
   * Whether a channel word ("phone", "email") shares its clause with a judging term of another
   * dimension: "rude on the phone" judges courtesy, and the phone is only where it happened.
   */
  private static boolean judgedByOther(Mention topic, List<Mention> mentions, List<String> lower) {
    int from = ClauseCues.clauseStart(lower, topic.start(), BOUNDARIES);
    int to = ClauseCues.clauseEnd(lower, topic.end(), BOUNDARIES);
    for (Mention o : mentions) {
      if (o.prior() != 0 && !o.dimension().equals(topic.dimension()) && o.start() >= from && o.end() <= to) {
        return true;
      }
    }
    return false;
  }

  /**
   * A mention's score: praise where the customer denies more was possible ("could not have
   * been more helpful"); a deficit where they ask for it ("please keep me informed", "better
   * communication needed"); for a term with a polarity of its own, that polarity, turned by a
   * negation around it and kept against problem words its phrase contains ("fixed the problem
   * quickly"), with the phrase's strength; for a topic word, the sentiment of its phrase, or a
   * deficit where a negation says it did not happen ("nobody called me back").
   */
  private double mentionScore(Mention m, Spans spans, Words w) {
    List<String> lower = w.lower();
    int scopeFrom = ClauseCues.scopeStart(lower, m.start());
    int scopeTo = ClauseCues.scopeEnd(lower, m.end());
    if (ClauseCues.counterfactualPraise(lower, scopeFrom, scopeTo)) {
      return PRAISE;
    }
    double reading = phraseScore(m, spans, w.words(), lower);
    if (ClauseCues.wished(lower, w.tags(), m)) {
      return Math.min(m.prior() < 0 ? -0.5 : DEFICIT, reading);
    }
    int clauseFrom = ClauseCues.clauseStart(lower, m.start(), BOUNDARIES);
    if (m.prior() == 0) {
      // A topic that did not happen ("nobody called me back") is missing, whatever the phrase says.
      return ClauseCues.deniedTopic(lower, clauseFrom, m.start()) ? Math.min(DEFICIT, reading) : reading;
    }
    int clauseTo = ClauseCues.clauseEnd(lower, m.end(), BOUNDARIES);
    boolean negated =
        ClauseCues.negatedBefore(lower, clauseFrom, m.start())
            || ClauseCues.negatedAfter(lower, m.end(), clauseTo);
    int sign = negated ? -m.prior() : m.prior();
    if (Math.signum(reading) == sign) {
      return sign * Math.max(TERM_STRENGTH, Math.abs(reading));
    }
    // The phrase reads the other way. Believe it only where words other than the term and
    // the problems it names say so ("a useless fix"), not where "problem" alone does.
    StringBuilder rest = new StringBuilder();
    for (int i = clauseFrom; i < clauseTo; i++) {
      if ((i < m.start() || i >= m.end()) && !ClauseCues.isProblem(lower, i)) {
        rest.append(w.words().get(i)).append(' ');
      }
    }
    double others = vader.score(rest.toString()).compound();
    if (Math.signum(others) == -sign && Math.abs(others) >= TERM_STRENGTH) {
      return reading;
    }
    return sign * TERM_STRENGTH;
  }

  /**
   * The sentiment of the phrase that carries a mention: the largest constituent around it that
   * stays within its clause (no contrastive conjunction or punctuation outside the mention),
   * scored by CoreNLP's node and by the lexicon rules; where neither hears sentiment, the term's
   * own polarity, flipped by a negation in the phrase.
   */
  private double phraseScore(Mention m, Spans spans, List<String> words, List<String> lower) {
    int from = m.start();
    int to = m.end();
    double core = 0;
    if (spans != null) {
      Tree leaf = spans.leaves.get(m.start());
      Tree node = spans.parent.getOrDefault(leaf, leaf);
      while (spans.end(node) < m.end()) {
        node = spans.parent.get(node);
      }
      for (Tree parent = spans.parent.get(node); parent != null; parent = spans.parent.get(parent)) {
        int ps = spans.start(parent);
        int pe = spans.end(parent);
        if (pe - ps > MAX_PHRASE || crossesBoundary(lower, ps, pe, m)) {
          break;
        }
        node = parent;
      }
      from = spans.start(node);
      to = spans.end(node);
      core = Scores.expected(predictions(node));
    } else {
      while (from > 0 && m.end() - from < MAX_PHRASE && !BOUNDARIES.contains(lower.get(from - 1))) {
        from--;
      }
    }
    String phrase = String.join(" ", words.subList(from, to));
    double rules = vader.score(phrase).compound();
    if (Math.abs(rules) < Scores.NEUTRAL_BAND && m.prior() != 0) {
      boolean negated = false;
      for (int i = from; i < m.start(); i++) {
        negated |= VaderScorer.negated(lower.get(i));
      }
      rules = 0.6 * (negated ? -m.prior() : m.prior());
    }
    double score = 0.5 * core + 0.5 * rules;
    // A negation just before the phrase, in the same clause, was not seen by either reading:
    // "never [kept me informed] but fixed it".
    return Scores.clamp(negatedBefore(lower, from) ? -0.74 * score : score);
  }

  private static boolean negatedBefore(List<String> lower, int from) {
    for (int i = from - 1; i >= 0 && i >= from - 3; i--) {
      String w = lower.get(i);
      if (BOUNDARIES.contains(w)) {
        return false;
      }
      if (VaderScorer.negated(w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean crossesBoundary(List<String> lower, int from, int to, Mention m) {
    for (int i = from; i < to; i++) {
      if ((i < m.start() || i >= m.end()) && BOUNDARIES.contains(lower.get(i))) {
        return true;
      }
    }
    return false;
  }

  static double[] predictions(Tree node) {
    List<Double> p;
    try {
      p = node == null ? null : RNNCoreAnnotations.getPredictionsAsStringList(node);
    } catch (RuntimeException e) {
      p = null;
    }
    if (p == null || p.size() != 5) {
      return NEUTRAL.clone();
    }
    double[] out = new double[5];
    for (int i = 0; i < 5; i++) {
      out[i] = p.get(i);
    }
    return out;
  }

  /** Token spans and parents of a tree's nodes, computed once per sentence. */
  private static final class Spans {
    final List<Tree> leaves = new ArrayList<>();
    final Map<Tree, Tree> parent = new IdentityHashMap<>();
    final Map<Tree, int[]> span = new IdentityHashMap<>();

    static Spans of(Tree root) {
      Spans s = new Spans();
      s.walk(root);
      return s;
    }

    private void walk(Tree node) {
      int start = leaves.size();
      if (node.isLeaf()) {
        leaves.add(node);
      } else {
        for (Tree child : node.children()) {
          parent.put(child, node);
          walk(child);
        }
      }
      span.put(node, new int[] {start, leaves.size()});
    }

    int start(Tree node) {
      return span.get(node)[0];
    }

    int end(Tree node) {
      return span.get(node)[1];
    }
  }
}
