package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Optional;

/** Configurations for tests: a free port, a temporary data directory, a low minimum n. */
final class TestApps {

  private TestApps() {}

  static PerceiveConfig config(Path dataDir, Optional<String> mongoUri, int minN) {
    return new PerceiveConfig(
        new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
        new PerceiveConfig.Store(mongoUri, "perceive", dataDir),
        new PerceiveConfig.Analytics(minN, 0.95, ZoneOffset.UTC));
  }
}
