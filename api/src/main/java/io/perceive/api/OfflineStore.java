package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.api.followups.FollowUpServices;
import io.perceive.ingest.response.IngestService;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Optional;

/**
 * The store a command opens without a server ({@code import}, {@code recount}): the embedded one
 * under the data directory, which only one process can hold, or the configured MongoDB, which
 * serving instances may share. Opening it recovers writes a crash interrupted, as a start does.
 */
record OfflineStore(Vertx vertx, StoreServices services, IngestService ingest) implements AutoCloseable {

  /** Opens the store, or completes with empty when the embedded one is held by a running server. */
  static Optional<OfflineStore> open(PerceiveConfig config) throws Exception {
    Vertx vertx = Vertx.vertx();
    StoreServices services = null;
    try {
      services = StoreServices.open(vertx, config);
      // Imported unhappy answers open follow-ups as served ones do; a server delivers them.
      IngestService ingest = services.ingest(
          () -> {}, FollowUpServices.repository(services.store().client(), config.followUps(), java.time.Clock.systemUTC()));
      // On a shared MongoDB a young intent may be a serving instance's write in flight.
      StoreServices.await(services.recover(ingest, vertx), StoreServices.RECOVERY_PATIENCE);
      return Optional.of(new OfflineStore(vertx, services, ingest));
    } catch (Exception | Error e) {
      if (services != null) {
        services.close(vertx);
      } else {
        StoreServices.await(vertx.close());
      }
      if (services == null && isLocked(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * As {@link #open}; when the embedded store is held by a running server, says so on {@code err}
   * ("... is in use by a running Perceive" and {@code then}, what to do instead).
   */
  static Optional<OfflineStore> openOrSay(PerceiveConfig config, java.io.PrintStream err, String then) throws Exception {
    Optional<OfflineStore> opened = open(config);
    if (opened.isEmpty()) {
      err.println("perceive: the embedded store in " + config.store().dataDir().toAbsolutePath().normalize()
          + " is in use by a running Perceive" + then);
    }
    return opened;
  }

  /** The schema migrations opening the store ran. */
  java.util.List<String> migrated() {
    return services.migrated();
  }

  io.vertx.ext.mongo.MongoClient client() {
    return services.store().client();
  }

  /** Writes what was stored so far to the embedded store's file. */
  void commit() {
    if (services.embedded() != null) {
      services.embedded().commit();
    }
  }

  /** Whether this process has the store to itself: the embedded store. */
  boolean alone() {
    return services.alone();
  }

  @Override
  public void close() throws Exception {
    services.close(vertx);
  }

  static boolean isLocked(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("locked")) {
        return true;
      }
    }
    return false;
  }
}
