package io.perceive.api;

import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics scorer behind the ingest pipeline's scoring hand-off. The models load on their own
 * thread while Perceive already answers; a comment that arrives meanwhile waits on a worker thread
 * (the scoring worker runs there), never on an event loop.
 */
final class CoreNlpScoring implements CommentScoring, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CoreNlpScoring.class);

  private final CompletableFuture<CoreNlpCommentScorer> scorer;

  CoreNlpScoring(CompletableFuture<CoreNlpCommentScorer> scorer) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
  }

  /** Starts loading the models in the background and returns at once. */
  public static CoreNlpScoring loadInBackground() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    CompletableFuture<CoreNlpCommentScorer> loading = CoreNlpCommentScorer.loadAsync(threads);
    loading.whenComplete(
        (s, err) -> {
          if (err != null) {
            LOG.error("sentiment models could not be loaded; comments stay unscored", err);
          }
        });
    return new CoreNlpScoring(loading);
  }

  @Override
  public JsonObject score(String comment, int rating) {
    CoreNlpCommentScorer loaded;
    try {
      loaded = scorer.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("sentiment models are not available", e.getCause());
    }
    Integer context = rating >= 1 && rating <= 5 ? rating : null;
    return new JsonObject(loaded.score(comment, context, null).toContract());
  }

  @Override
  public String state() {
    if (!scorer.isDone()) {
      return "loading";
    }
    return scorer.isCompletedExceptionally() ? "failed" : "ready";
  }

  @Override
  public void close() {
    scorer.thenAccept(CoreNlpCommentScorer::close);
  }
}
