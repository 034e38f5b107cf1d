package io.perceive.analytics.sentiment;

/** One loaded scorer per test JVM: the models take seconds and about 1 GB to load. */
public final class SharedScorer {

  private static volatile CoreNlpCommentScorer scorer;

  private SharedScorer() {}

  public static CoreNlpCommentScorer get() {
    CoreNlpCommentScorer s = scorer;
    if (s == null) {
      synchronized (SharedScorer.class) {
        s = scorer;
        if (s == null) {
          s = CoreNlpCommentScorer.load(2);
          scorer = s;
        }
      }
    }
    return s;
  }
}
