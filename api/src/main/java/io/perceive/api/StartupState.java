package io.perceive.api;

import io.perceive.api.http.OperationsRoutes;
import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What start-up has done so far, for {@code /ready} and the start page: the server listens at
 * once, the demo data loads behind it, and the scorer loads its models on its own.
 */
final class StartupState {

  private static final Logger LOG = LoggerFactory.getLogger(StartupState.class);

  private final Optional<Integer> demoResponses;
  private final Optional<CommentScoring> scorer;
  private final Promise<Void> ready = Promise.promise();
  private final AtomicLong loaded = new AtomicLong();
  private volatile boolean done;
  private volatile String doing;

  StartupState(Optional<Integer> demoResponses, Optional<CommentScoring> scorer) {
    this.demoResponses = demoResponses;
    this.scorer = scorer;
    this.doing = "loading the demo data";
  }

  boolean loaded() {
    return done;
  }

  Future<Void> ready() {
    return ready.future();
  }

  /** A progress listener that also keeps the count for the start page. */
  LongConsumer progress(LongConsumer also) {
    return n -> {
      loaded.set(n);
      also.accept(n);
    };
  }

  void describe(String what) {
    doing = what;
  }

  void done() {
    done = true;
    ready.tryComplete();
  }

  void failed(Throwable cause) {
    doing = "the demo data could not be loaded (see the log)";
    LOG.error("demo data could not be loaded [reason: {}]", cause.getMessage());
    ready.tryFail(cause);
  }

  OperationsRoutes.Status status() {
    String what = demoResponses.map(total -> doing + " (" + loaded.get() + " of " + total + " responses)").orElse(doing);
    return new OperationsRoutes.Status(done, what, scorer.map(CommentScoring::state).orElse("off"));
  }
}
