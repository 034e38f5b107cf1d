package io.perceive.api.imports;

import io.perceive.api.StoreServices;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.store.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The store a command opens without a server ({@code import}, {@code recount}): the embedded one
 * under the data directory, which only one process can hold, or the configured MongoDB, which
 * serving instances may share. Opening it recovers writes a crash interrupted, as a start does.
 */
final class OfflineStore implements AutoCloseable {

  private final Vertx vertx;
  private final EmbeddedMongo embedded;
  private final StoreServices services;
  private final IngestService ingest;

  private OfflineStore(Vertx vertx, EmbeddedMongo embedded, StoreServices services, IngestService ingest) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.services = services;
    this.ingest = ingest;
  }

  /** Opens the store, or completes with empty when the embedded one is held by a running server. */
  static Optional<OfflineStore> open(PerceiveConfig config) throws Exception {
    EmbeddedMongo embedded;
    try {
      embedded = StoreServices.startEmbedded(config);
    } catch (RuntimeException e) {
      if (isLocked(e)) {
        return Optional.empty();
      }
      throw e;
    }
    Vertx vertx = Vertx.vertx();
    StoreServices services = null;
    try {
      services = await(StoreServices.connect(vertx, config, embedded));
      IngestService ingest = services.ingest(() -> {});
      OfflineStore opened = new OfflineStore(vertx, embedded, services, ingest);
      // On a shared MongoDB a young intent may be a serving instance's write in flight.
      await(services.recover(ingest));
      return Optional.of(opened);
    } catch (Exception | Error e) {
      new OfflineStore(vertx, embedded, services, null).close();
      throw e;
    }
  }

  IngestService ingest() {
    return ingest;
  }

  /** Whether this process has the store to itself: the embedded store. */
  boolean alone() {
    return services.alone();
  }

  @Override
  public void close() throws Exception {
    if (services != null) {
      await(services.close());
    }
    await(vertx.close());
    if (embedded != null) {
      embedded.close();
    }
  }
  static boolean isLocked(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("locked")) {
        return true;
      }
    }
    return false;
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
