package io.perceive.ingest.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durability for the embedded store: one file commit serves every write confirmed before it
 * started. While a commit runs, new requests gather and share the next one, so under load the
 * cost of a commit is spread over many responses and an idle server commits at once. Commits run
 * on their own worker thread, never on an event loop; each waiter resumes on its own context.
 */
public final class GroupCommit implements Durability, AutoCloseable {

  private final Runnable commit;
  private final Vertx vertx;
  private final WorkerExecutor executor;
  private final Object lock = new Object();
  private final AtomicLong commits = new AtomicLong();
  private List<Waiter> gathering = new ArrayList<>();
  private boolean running;

  private record Waiter(Context context, Promise<Void> promise) {}

  public GroupCommit(Vertx vertx, Runnable commit) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.commit = Objects.requireNonNull(commit, "commit");
    this.executor = vertx.createSharedWorkerExecutor("perceive-commit", 1);
  }

  @Override
  public Future<Void> sync() {
    Promise<Void> promise = Promise.promise();
    boolean start;
    synchronized (lock) {
      gathering.add(new Waiter(vertx.getOrCreateContext(), promise));
      start = !running;
      running = true;
    }
    if (start) {
      commitRound();
    }
    return promise.future();
  }

  /** How many file commits ran (for tests and benchmarks). */
  public long commits() {
    return commits.get();
  }

  private void commitRound() {
    List<Waiter> round;
    synchronized (lock) {
      round = gathering;
      gathering = new ArrayList<>();
    }
    executor
        .<Void>executeBlocking(
            () -> {
              commit.run();
              commits.incrementAndGet();
              return null;
            },
            false)
        .onComplete(
            result -> {
              for (Waiter w : round) {
                w.context()
                    .runOnContext(
                        v -> {
                          if (result.succeeded()) {
                            w.promise().complete();
                          } else {
                            w.promise().fail(new StoreUnavailableException("the store could not commit", result.cause()));
                          }
                        });
              }
              boolean again;
              synchronized (lock) {
                again = !gathering.isEmpty();
                running = again;
              }
              if (again) {
                commitRound();
              }
            });
  }

  @Override
  public void close() {
    executor.close();
  }
}
