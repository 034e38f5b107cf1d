package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Configurations for tests (a free port, a temporary data directory, a low minimum n), and waiting on a condition. */
final class TestApps {

  private TestApps() {}

  static PerceiveConfig config(Path dataDir, Optional<String> mongoUri, int minN) {
    return new PerceiveConfig(
        new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
        new PerceiveConfig.Store(mongoUri, "perceive", dataDir),
        new PerceiveConfig.Analytics(minN, 0.95, ZoneOffset.UTC));
  }

  /**
   * Waits until {@code done} holds, asking again on a Vert.x timer between tries; fails with
   * {@code what} when {@code timeout} passes first.
   */
  static void until(Vertx vertx, Duration timeout, String what, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      ApiTest.await(vertx.timer(100));
    }
  }
}
