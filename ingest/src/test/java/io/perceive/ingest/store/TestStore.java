package io.perceive.ingest.store;

import io.perceive.ingest.IngestSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The fixture of the repository tests: a Vert.x instance, the embedded H2-backed server in a
 * test's directory, and the store client talking to it over TCP, as in production.
 */
public final class TestStore implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Path dataDir;
  private EmbeddedMongo embedded;
  private MongoStore store;

  private TestStore(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Starts the store with its collections and indexes. */
  public static TestStore start(Path dataDir) throws Exception {
    TestStore t = new TestStore(dataDir);
    t.open();
    return t;
  }

  private void open() throws Exception {
    embedded = EmbeddedMongo.start(dataDir, 0);
    store = MongoStore.connect(vertx, embedded.connectionString(), "perceive", true);
    await(store.ensureSchema(IngestSchema.all()));
  }

  /** Stops the client and the server, then starts both again on the same files. */
  public void restart() throws Exception {
    await(store.close());
    embedded.close();
    open();
  }

  /** Stops the server only, as an outage would; the client stays. */
  public void stopServer() {
    embedded.close();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The embedded server (its write counts). */
  public EmbeddedMongo embedded() {
    return embedded;
  }

  public MongoStore store() {
    return store;
  }

  public MongoClient client() {
    return store.client();
  }

  /** A second client on the same server, as another instance sharing the store would have. */
  public MongoStore connectAnother() {
    return MongoStore.connect(vertx, embedded.connectionString(), "perceive", true);
  }

  @Override
  public void close() throws Exception {
    await(store.close());
    embedded.close();
    await(vertx.close());
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
