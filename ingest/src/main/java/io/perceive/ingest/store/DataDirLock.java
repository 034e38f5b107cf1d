package io.perceive.ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on a file in the data directory, held while the embedded store is
 * open: a second Perceive on the same directory stops at once with a message that names it,
 * instead of failing somewhere inside the store. The lock goes with the process, also on a kill.
 */
final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new DataDirInUseException(file.getParent());
    }
    return new DataDirLock(channel, lock);
  }

  /** Releases the lock; a second close does nothing (a store may be closed twice). */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // the open failed already; that is what gets reported
    }
  }

  /** Another Perceive holds the data directory. */
  static final class DataDirInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    DataDirInUseException(Path dir) {
      super("another Perceive holds the data directory " + dir + " (its " + EmbeddedMongo.LOCK_NAME
          + " is locked); stop that one, or set data.dir to another directory");
    }
  }
}
