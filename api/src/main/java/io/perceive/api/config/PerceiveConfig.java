package io.perceive.api.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** Everything Perceive is configured with, typed and validated once at start. */
public record PerceiveConfig(Http http, Store store, Analytics analytics, Ingest ingest) {

  public PerceiveConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(analytics, "analytics");
    Objects.requireNonNull(ingest, "ingest");
  }

  /** With the default ingest settings. */
  public PerceiveConfig(Http http, Store store, Analytics analytics) {
    this(http, store, analytics, Ingest.DEFAULTS);
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

  /**
   * The ingest pipeline: at most {@code maxInFlight} responses on their way to the store (beyond:
   * 503 with Retry-After), and an optional YAML file of webhook field mappings.
   */
  public record Ingest(int maxInFlight, Optional<Path> webhookMappings) {
    public static final Ingest DEFAULTS = new Ingest(5_000, Optional.empty());
  }

  public PerceiveConfig withHttpPort(int port) {
    return new PerceiveConfig(new Http(http.host(), port, http.maxBodyBytes()), store, analytics, ingest);
  }

  public PerceiveConfig withStore(Store newStore) {
    return new PerceiveConfig(http, newStore, analytics, ingest);
  }

  public PerceiveConfig withIngest(Ingest newIngest) {
    return new PerceiveConfig(http, store, analytics, newIngest);
  }
}
