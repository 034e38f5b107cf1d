package io.perceive.ingest.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.ConcurrentModificationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 backend with commits only at command boundaries. The stock backend lets MVStore commit
 * in the background at any moment, and an insert writes the document before its _id index entry:
 * a commit in between, then SIGKILL, left a document on disk that its _id could not find (and a
 * retry could store twice). Here MVStore never commits on its own; {@link #commit()} waits until
 * no command is running (commands share a read lock, the commit takes the write lock), so every
 * state on disk is one between whole commands.
 */
final class ConsistentH2Backend extends H2Backend {

  private static final Logger LOG = LoggerFactory.getLogger(ConsistentH2Backend.class);
  static final long COMMIT_WAIT_SECONDS = 5;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  ConsistentH2Backend(String fileName) {
    super(new MVStore.Builder().fileName(fileName).autoCommitDisabled().open());
  }

  @Override
  public void commit() {
    // Bounded: a command that never ends must cost a failed commit (a 503), not a stalled store.
    boolean locked;
    try {
      locked = lock.writeLock().tryLock(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to commit", e);
    }
    if (!locked) {
      throw new IllegalStateException("the store stayed busy for " + COMMIT_WAIT_SECONDS + " s; commit skipped");
    }
    try {
      super.commit();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Commits, then runs {@code task} while no command runs: commands that arrive meanwhile wait
   * (and time out in the driver after its socket timeout), so the file stays as committed.
   */
  <T> T exclusively(java.util.concurrent.Callable<T> task) throws Exception {
    lock.writeLock().lockInterruptibly();
    try {
      super.commit();
      return task.call();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    return shared(() -> super.handleCommand(channel, databaseName, command, query));
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    try {
      return shared(() -> conflictAsWriteConflict(() -> message.getDocument().keySet().stream().findFirst().orElse("?"), () -> super.handleMessage(message)));
    } finally {
      // After the command (whatever came of it): a read that saw the count before it cannot
      // have missed the write, and one that started later sees it.
      writes.counted(message.getDocument());
    }
  }

  private final WriteCounts writes = new WriteCounts();

  /** Commands so far that may have changed {@code collection} (see {@link WriteCounts}). */
  long writes(String collection) {
    return writes.of(collection);
  }

  /**
   * The H2 backend walks a collection's documents for some commands (an index build, a scan) and
   * a write to that collection meanwhile can throw {@link ConcurrentModificationException} from
   * inside the server, which it would answer as an unnamed internal error (a 500 for our
   * client). It is a lost race, not a fault: answered here as MongoDB answers one (error 112,
   * WriteConflict), which the client classifies as "retry later". Only the command's name is
   * logged, never its document (it may hold a comment); the name is read only then, not on every
   * command.
   */
  static Document conflictAsWriteConflict(Supplier<String> command, Supplier<Document> run) {
    try {
      return run.get();
    } catch (ConcurrentModificationException e) {
      LOG.warn("embedded store: a command met another on the same collection; answered WriteConflict [command: {}]", command.get());
      Document answer = new Document();
      answer.put("ok", 0);
      answer.put("errmsg", "a concurrent operation on the collection got in the way; retry");
      answer.put("code", StoreErrors.WRITE_CONFLICT);
      answer.put("codeName", "WriteConflict");
      return answer;
    }
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return shared(() -> super.handleQuery(query));
  }

  /** A command runs under the read lock: many at once, none during a commit or an exclusive task. */
  private <T> T shared(Supplier<T> command) {
    lock.readLock().lock();
    try {
      return command.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}
