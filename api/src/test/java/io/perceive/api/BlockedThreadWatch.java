package io.perceive.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Catches Vert.x's blocked-thread warnings (logged through java.util.logging by the checker), so
 * a test can assert that nothing blocked an event loop.
 */
final class BlockedThreadWatch extends Handler {

  private static final Logger CHECKER = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  static BlockedThreadWatch install() {
    BlockedThreadWatch watch = new BlockedThreadWatch();
    CHECKER.addHandler(watch);
    return watch;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void publish(LogRecord record) {
    warnings.add(record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    CHECKER.removeHandler(this);
  }
}
