package io.perceive.ingest.store;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: a MongoDB wire-protocol server on loopback with the H2 file backend, so
 * one command runs the whole product. Perceive talks to it over TCP with the official driver,
 * exactly as it talks to a real MongoDB.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  static final String FILE_NAME = "perceive.mv.db";
  /** Holds the loopback port while the store is open, so {@code perceive backup} can find it. */
  public static final String PORT_FILE = "store.port";

  static final String LOCK_NAME = "perceive.lock";

  private final ConsistentH2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;
  private final DataDirLock lock;

  private final ScheduledExecutorService committer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "perceive-store-commit");
            t.setDaemon(true);
            return t;
          });

  private final Path portFile;
  private final Path dataDir;
  private final Path dataFile;
  private final boolean stoppedCleanly;
  private volatile boolean markCleanStop;

  private EmbeddedMongo(
      ConsistentH2Backend backend, MongoServer server, InetSocketAddress address, DataDirLock lock, Path dataDir, Path dataFile,
      boolean stoppedCleanly) {
    this.portFile = dataDir.resolve(PORT_FILE);
    this.dataDir = dataDir;
    this.dataFile = dataFile;
    this.stoppedCleanly = stoppedCleanly;
    this.lock = lock;
    this.backend = backend;
    this.server = server;
    this.address = address;
    startBackgroundCommits();
  }

  /** Opens (or creates) the store under {@code dataDir} and listens on 127.0.0.1:{@code port}. */
  public static EmbeddedMongo start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
    DataDirLock lock = DataDirLock.acquire(dataDir.resolve(LOCK_NAME).toAbsolutePath());
    boolean stoppedCleanly;
    ConsistentH2Backend backend;
    try {
      // Taken before the store opens, whoever opens it: anything may write to it from now on.
      // A new store (no data file yet) has nothing a crash could have left behind.
      boolean fresh = !Files.exists(file);
      stoppedCleanly = CleanStopMark.take(dataDir, file) || fresh;
      backend = new ConsistentH2Backend(file.toString());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    MongoServer server = new MongoServer(backend);
    try {
      server.bind("127.0.0.1", port);
    } catch (RuntimeException e) {
      backend.close();
      lock.close();
      throw e;
    }
    InetSocketAddress address = server.getLocalAddress();
    try {
      Files.writeString(dataDir.resolve(PORT_FILE), String.valueOf(address.getPort()), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (IOException e) {
      LOG.warn("port file not written; perceive backup cannot find this store [reason: {}]", e.getMessage());
    }
    LOG.info("embedded store started [file: {}, port: {}]", file, address.getPort());
    return new EmbeddedMongo(backend, server, address, lock, dataDir, file, stoppedCleanly);
  }

  /**
   * Whether the process that last held this store stopped cleanly with none of its writes left
   * unfinished ({@link #markCleanStop()}), and the data file is the one it closed; or the store
   * is new (no data file before this start), so nothing can be left unfinished. Read once at
   * start: the mark is gone from the directory as soon as the store opens.
   */
  public boolean stoppedCleanly() {
    return stoppedCleanly;
  }

  /**
   * Asks {@link #close()} to leave the clean-stop mark after the store's last commit: call it
   * once nothing can write any more and no write is left unfinished (no answer stored without
   * being counted), so the next start need not look for interrupted writes among the answers.
   */
  public void markCleanStop() {
    markCleanStop = true;
  }

  /**
   * Commits once a second whatever did not pass through an explicit {@link #commit()} (schema,
   * scores): MVStore no longer commits by itself.
   */
  private void startBackgroundCommits() {
    committer.scheduleWithFixedDelay(
        () -> {
          try {
            backend.commit();
          } catch (RuntimeException e) {
            LOG.warn("background commit failed [reason: {}]", e.getMessage());
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  public String connectionString() {
    return "mongodb://127.0.0.1:" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  /**
   * Writes every command completed so far to the file, between whole commands. The pages reach
   * the operating system, so the data survives the process being killed (not a power cut: there
   * is no fsync per commit).
   */
  public void commit() {
    backend.commit();
  }

  /**
   * How many commands so far may have changed {@code collection}: it grows with every write to
   * it, and with every command whose collection is not known (a cache keyed by it never serves an
   * answer older than a write). Counted by this process's server, which every writer goes through.
   */
  public long writes(String collection) {
    return backend.writes(collection);
  }

  /**
   * Runs {@code task} with the store still: every command before it committed, none running
   * until it returns (commands wait; a long task makes them time out as an unreachable store
   * does). For a consistent copy of the file while serving.
   */
  public <T> T whileStill(java.util.concurrent.Callable<T> task) throws Exception {
    return backend.exclusively(task);
  }

  @Override
  public void close() {
    // Not shutdownNow: interrupting a commit mid-write would close the file channel under it.
    committer.shutdown();
    try {
      committer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
    backend.close();
    if (markCleanStop) {
      CleanStopMark.record(dataDir, dataFile);
    }
    try {
      Files.deleteIfExists(portFile);
    } catch (IOException e) {
      LOG.debug("port file not removed [reason: {}]", e.getMessage());
    }
    lock.close();
    LOG.info("embedded store stopped");
  }
}
