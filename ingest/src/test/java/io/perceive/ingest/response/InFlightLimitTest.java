package io.perceive.ingest.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.InFlightLimit.AtCapacityException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InFlightLimitTest {

  @Test
  void refusesWorkBeyondTheBoundAndAcceptsItAgainAfterRelease() {
    InFlightLimit limit = new InFlightLimit(1000);
    assertThat(limit.tryAcquire(999)).isTrue();
    assertThat(limit.tryAcquire(2)).isFalse();
    assertThat(limit.tryAcquire(1)).isTrue();
    assertThat(limit.tryAcquire(1)).isFalse();
    limit.release(500);
    assertThat(limit.inFlight()).isEqualTo(500);
    assertThat(limit.tryAcquire(500)).isTrue();
  }

  @Test
  void admittedWorkHoldsItsPermitsUntilItEndsAndWorkBeyondIsRefusedAtOnce() {
    InFlightLimit limit = new InFlightLimit(2);
    Promise<String> running = Promise.promise();
    Future<String> admitted = limit.admit(2, running::future);
    assertThat(limit.inFlight()).isEqualTo(2);
    Future<String> refused = limit.admit(1, () -> Future.succeededFuture("never"));
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(AtCapacityException.class).hasMessageContaining("retry later");
    running.complete("done");
    assertThat(admitted.result()).isEqualTo("done");
    assertThat(limit.inFlight()).isZero();
    Future<String> thrown = limit.admit(1, () -> {
      throw new IllegalStateException("broken");
    });
    assertThat(thrown.cause()).isInstanceOf(IllegalStateException.class);
    assertThat(limit.inFlight()).as("released when the work throws").isZero();
  }

  @Test
  void aWaitingAdmissionRunsOnceRoomComesAndGivesUpAfterItsWait() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      InFlightLimit limit = new InFlightLimit(1);
      assertThat(limit.tryAcquire(1)).isTrue();
      Future<String> waiting = limit.admit(vertx, 5, 5_000, () -> Future.succeededFuture("ran"));
      assertThat(waiting.isComplete()).isFalse();
      limit.release(1);
      assertThat(waiting.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("ran");
      assertThat(limit.tryAcquire(1)).isTrue();
      Future<String> late = limit.admit(vertx, 1, 50, () -> Future.succeededFuture("never"));
      assertThat(late.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(5, TimeUnit.SECONDS))
          .isInstanceOf(AtCapacityException.class);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
