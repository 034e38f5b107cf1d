package io.perceive.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.ingest.store.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InTurnTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    TestStore.await(vertx.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return TestStore.await(f);
  }

  @Test
  void tensOfThousandsOfStepsRunInOrderWithoutNesting() throws Exception {
    // Composed one per item, these overflowed the stack when the last one completed.
    List<Integer> items = IntStream.range(0, 50_000).boxed().toList();
    List<Integer> seen = new ArrayList<>();
    await(InTurn.each(items, i -> {
      Promise<Void> p = Promise.promise();
      // Half complete later on the event loop, half at once.
      if (i % 2 == 0) {
        vertx.runOnContext(v -> {
          seen.add(i);
          p.complete();
        });
      } else {
        seen.add(i);
        p.complete();
      }
      return p.future();
    }));
    assertThat(seen).isEqualTo(items);
  }

  @Test
  void theFirstFailureStopsTheRest() {
    List<Integer> seen = new ArrayList<>();
    Future<Void> all = InTurn.each(List.of(1, 2, 3), i -> {
      seen.add(i);
      return i == 2 ? Future.failedFuture(new IllegalStateException("step 2")) : Future.succeededFuture();
    });
    assertThatThrownBy(() -> await(all)).hasMessageContaining("step 2");
    assertThat(seen).containsExactly(1, 2);
  }
}
