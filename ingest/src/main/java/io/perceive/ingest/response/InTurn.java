package io.perceive.ingest.response;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.function.Function;

/**
 * Runs an asynchronous step for each item, one after another. Composing one future per item
 * (step, then the rest) nests them: when the last completes, thousands of completions unwind as
 * thousands of nested calls and overflow the stack. Here each step starts from the previous
 * one's callback, and one promise completes at the end.
 */
final class InTurn {

  private InTurn() {}

  /** Completes when every step has, or fails with the first step that fails. */
  public static <T> Future<Void> each(List<T> items, Function<T, Future<?>> step) {
    Promise<Void> done = Promise.promise();
    next(items, 0, step, done);
    return done.future();
  }

  private static <T> void next(List<T> items, int from, Function<T, Future<?>> step, Promise<Void> done) {
    // A loop while steps complete at once (no nesting either way); a callback when one is pending.
    for (int index = from; index < items.size(); index++) {
      Future<?> current;
      try {
        current = step.apply(items.get(index));
      } catch (RuntimeException e) {
        done.fail(e);
        return;
      }
      if (!current.isComplete()) {
        int following = index + 1;
        current.onComplete(
            result -> {
              if (result.failed()) {
                done.fail(result.cause());
              } else {
                next(items, following, step, done);
              }
            });
        return;
      }
      if (current.failed()) {
        done.fail(current.cause());
        return;
      }
    }
    done.complete();
  }
}
