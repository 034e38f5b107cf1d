package io.perceive.analytics.sentiment;

/**
 * Scores what a customer wrote: sentiment of the comment and of each sentence, and the
 * competency dimensions it speaks about. Implementations are thread-safe; the CoreNLP-based one
 * is CPU-heavy and must be called from worker threads, never from an event loop.
 */
interface CommentScorer {

  /** Text-only scoring. */
  default CommentScore score(String text) {
    return score(text, null, null);
  }

  /**
   * Scores a comment in the context of its survey.
   *
   * @param text what the customer wrote; null or blank gives a neutral empty score
   * @param rating the survey rating, 1-5 with 5 best, or null
   * @param question the question the comment answers, or null
   */
  CommentScore score(String text, Integer rating, String question);
}
