package io.perceive.analytics.sentiment;

import io.perceive.analytics.competency.CompetencyLexicon;
import io.perceive.analytics.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scorer: CoreNLP's sentiment model per sentence (shift-reduce parser, cached sentence
 * results), the VADER-style lexicon rules, a fitted word model, a fitted combiner, the survey context, and competency
 * dimensions with the sentiment of the phrase that carries each.
 *
 * <p>Loading takes seconds and about 1 GB of heap: do it once per process, off the event loop
 * ({@link #load()} blocks; {@link #loadAsync(int)} does not). {@link #score} is thread-safe and
 * runs on the caller's thread (a Vert.x worker); {@link #scoreAll} fans a batch out over the
 * scorer's own pool of worker threads, sized to the cores. {@link #close()} stops that pool.
 */
public final class CoreNlpCommentScorer implements CommentScorer, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CoreNlpCommentScorer.class);

  /** Distinct sentences whose analysis is kept. */
  public static final int DEFAULT_CACHE_SIZE = 50_000;

  /** A comment in its survey context, for batches. */
  public record Comment(String text, Integer rating, String question) {
    public Comment(String text) {
      this(text, null, null);
    }
  }

  private final SentimentPipeline pipeline;
  private final VaderScorer vader;
  private final Combiner combiner;
  private final SurveyContext context;
  private final MentionConfidence confidence;
  private final WordModel words;
  private final SentenceCache cache;
  private final ExecutorService pool;
  private final int threads;

  private CoreNlpCommentScorer(
      SentimentPipeline pipeline,
      VaderScorer vader,
      Combiner combiner,
      SurveyContext context,
      MentionConfidence confidence,
      WordModel words,
      SentenceCache cache,
      int threads) {
    this.pipeline = pipeline;
    this.vader = vader;
    this.combiner = combiner;
    this.context = context;
    this.confidence = confidence;
    this.words = words;
    this.cache = cache;
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "perceive-scorer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads the models (blocking) with a pool of one worker thread per core. */
  public static CoreNlpCommentScorer load() {
    return load(Runtime.getRuntime().availableProcessors());
  }

  /** Loads the models (blocking) with a pool of the given number of worker threads. */
  public static CoreNlpCommentScorer load(int threads) {
    return load(threads, DEFAULT_CACHE_SIZE);
  }

  /** Loads the models (blocking); a cache size of 0 turns the sentence cache off. */
  public static CoreNlpCommentScorer load(int threads, int cacheSize) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    long start = System.nanoTime();
    VaderScorer vader = VaderScorer.load();
    SentimentPipeline pipeline = new SentimentPipeline(CompetencyLexicon.load(), vader);
    // Analysing one sentence loads all three models now rather than on the first comment.
    pipeline.analyse("The service was good.");
    LOG.info(
        "loaded sentiment models [threads: {}, millis: {}]",
        threads,
        (System.nanoTime() - start) / 1_000_000);
    return new CoreNlpCommentScorer(
        pipeline,
        vader,
        Combiner.load(),
        SurveyContext.load(),
        MentionConfidence.load(),
        WordModel.load(),
        new SentenceCache(cacheSize),
        threads);
  }

  /** Loads the models on a thread of its own; the caller keeps answering meanwhile. */
  public static CompletableFuture<CoreNlpCommentScorer> loadAsync(int threads) {
    CompletableFuture<CoreNlpCommentScorer> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(load(threads));
              } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
              }
            },
            "perceive-scorer-load");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /**
   * The same CoreNLP models and sentence cache with another combiner, survey-context model and
   * word model (for evaluation). Close it too: it has its own worker threads.
   */
  public CoreNlpCommentScorer withModels(
      Combiner otherCombiner, SurveyContext otherContext, WordModel otherWords) {
    return new CoreNlpCommentScorer(
        pipeline, vader, otherCombiner, otherContext, confidence, otherWords, cache, threads);
  }

  /** The same models with an empty sentence cache of the given size (for benchmarks). */
  public CoreNlpCommentScorer withFreshCache(int cacheSize) {
    return new CoreNlpCommentScorer(
        pipeline, vader, combiner, context, confidence, words, new SentenceCache(cacheSize), threads);
  }

  /** The combiner in use. */
  public Combiner combiner() {
    return combiner;
  }

  /** The survey-context model in use. */
  public SurveyContext context() {
    return context;
  }

  /** The word model in use. */
  public WordModel words() {
    return words;
  }

  /** Worker threads of {@link #scoreAll}. */
  public int threads() {
    return threads;
  }

  /** Sentence cache hits and misses so far, for benchmarks. */
  public long[] cacheCounts() {
    return new long[] {cache.hits(), cache.misses()};
  }

  @Override
  public CommentScore score(String text, Integer rating, String question) {
    if (rating != null && (rating < 1 || rating > 5)) {
      throw new IllegalArgumentException("rating must be 1-5, was " + rating);
    }
    Reading r = read(text);
    if (r == null) {
      return CommentScore.unscored(languageOfUnscored(text));
    }
    double[] p = combiner.probabilities(r.features);
    List<SentenceScore> sentences = new ArrayList<>(r.sentences.size());
    Map<String, double[]> dims = new HashMap<>();
    for (SentenceAnalysis s : r.sentences) {
      double[] sp =
          combiner.probabilities(
              Features.of(
                  List.of(s),
                  vader.score(s.text()),
                  Features.isNullAnswer(s.text()),
                  words.score(s.text())));
      sentences.add(new SentenceScore(s.text(), sp[2] - sp[0], label(sp), s.competency()));
      s.competency()
          .forEach(
              (d, v) -> dims.merge(d, new double[] {v, 1}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]}));
    }
    Map<String, Double> competency = new TreeMap<>();
    dims.forEach((d, s) -> competency.put(d, Scores.clamp(s[0] / s[1])));
    Map<String, Double> sure = new TreeMap<>();
    terms(r.sentences)
        .forEach(
            (d, t) -> {
              if (confidence.covers(d) && competency.containsKey(d)) {
                sure.put(d, confidence.of(d, t));
              }
            });
    CommentScore alone = of(p, competency, sentences, sure);
    if (rating == null && (question == null || question.isBlank())) {
      return alone;
    }
    return of(context.apply(text, alone, r.features, rating, question), competency, sentences, sure);
  }

  private static CommentScore of(
      double[] p, Map<String, Double> competency, List<SentenceScore> sentences, Map<String, Double> sure) {
    return new CommentScore(
        Scores.clamp(p[2] - p[0]),
        label(p),
        Map.of(CommentScore.NEGATIVE, p[0], CommentScore.NEUTRAL, p[1], CommentScore.POSITIVE, p[2]),
        competency,
        LanguageDetector.ENGLISH,
        sentences,
        sure);
  }

  private static Map<String, Set<String>> terms(List<SentenceAnalysis> sentences) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (SentenceAnalysis s : sentences) {
      s.terms().forEach((d, t) -> out.computeIfAbsent(d, k -> new TreeSet<>()).addAll(t));
    }
    return out;
  }

  /**
   * The lexicon terms that gave each competency dimension its score in a text (for fitting
   * {@link MentionConfidence}); empty where the text is empty or not English.
   */
  public Map<String, Set<String>> mentionTerms(String text) {
    Reading r = read(text);
    return r == null ? Map.of() : terms(r.sentences);
  }

  /** Scores a batch on the scorer's worker threads; results in input order. */
  public List<CommentScore> scoreAll(List<Comment> comments) {
    List<Future<CommentScore>> futures = new ArrayList<>(comments.size());
    for (Comment c : comments) {
      futures.add(pool.submit(() -> score(c.text(), c.rating(), c.question())));
    }
    List<CommentScore> out = new ArrayList<>(comments.size());
    for (Future<CommentScore> f : futures) {
      out.add(await(f));
    }
    return out;
  }

  /**
   * The combiner's input for a text alone, or null where the text is empty or not English (for
   * fitting the combiner).
   */
  public double[] features(String text) {
    Reading r = read(text);
    return r == null ? null : r.features.clone();
  }

  /** Features of a batch on the worker threads; null entries as in {@link #features}. */
  public List<double[]> featuresAll(List<String> texts) {
    List<Future<double[]>> futures = new ArrayList<>(texts.size());
    for (String t : texts) {
      futures.add(pool.submit(() -> features(t)));
    }
    List<double[]> out = new ArrayList<>(texts.size());
    for (Future<double[]> f : futures) {
      out.add(await(f));
    }
    return out;
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scoring", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private record Reading(List<SentenceAnalysis> sentences, double[] features, boolean nullAnswer) {}

  /** Null when there is nothing English to score. */
  private Reading read(String text) {
    String normalized = TextNormalizer.normalize(text);
    if (normalized.isEmpty() || !LanguageDetector.ENGLISH.equals(LanguageDetector.detect(normalized))) {
      return null;
    }
    List<SentenceAnalysis> sentences = new ArrayList<>();
    for (String sentence : pipeline.split(normalized)) {
      sentences.add(cache.get(sentence, pipeline::analyse));
    }
    if (sentences.isEmpty()) {
      return null;
    }
    boolean nullAnswer = Features.isNullAnswer(normalized);
    double[] features =
        Features.of(sentences, vader.score(normalized), nullAnswer, words.score(normalized));
    return new Reading(sentences, features, nullAnswer);
  }

  private static String languageOfUnscored(String text) {
    String normalized = TextNormalizer.normalize(text);
    for (int i = 0; i < normalized.length(); i++) {
      if (Character.isLetter(normalized.charAt(i))) {
        return LanguageDetector.detect(normalized);
      }
    }
    return "und";
  }

  private static String label(double[] p) {
    int best = 1;
    for (int c = 0; c < 3; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return Combiner.CLASSES.get(best);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "CoreNlpCommentScorer[threads=" + threads + "]";
  }
}
