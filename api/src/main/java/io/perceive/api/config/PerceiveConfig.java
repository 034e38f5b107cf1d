package io.perceive.api.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** Everything Perceive is configured with, typed and validated once at start. */
public record PerceiveConfig(Http http, Store store, Analytics analytics) {

  public PerceiveConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(analytics, "analytics");
  }

  /** The HTTP listener. Port 0 picks a free port (tests). */
  public record Http(String host, int port, long maxBodyBytes) {}

  /**
   * Where data lives. Without a MongoDB URI Perceive runs the embedded store under
   * {@code dataDir}; keys generated at first start live there too.
   */
  public record Store(Optional<String> mongoUri, String database, Path dataDir) {}

  /** How numbers are reported: minimum n before a cell is shown, interval level, time zone. */
  public record Analytics(int minN, double confidence, ZoneId zone) {}

  public PerceiveConfig withHttpPort(int port) {
    return new PerceiveConfig(new Http(http.host(), port, http.maxBodyBytes()), store, analytics);
  }

  public PerceiveConfig withStore(Store newStore) {
    return new PerceiveConfig(http, newStore, analytics);
  }
}
