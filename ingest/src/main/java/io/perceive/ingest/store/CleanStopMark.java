package io.perceive.ingest.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file beside the embedded store's data file saying that the last process to hold the store
 * closed it cleanly, with no write of its own left unfinished: a start that finds it need not
 * look through every answer for interrupted writes. Written after the store's last commit,
 * naming the data file's size and modification time then, so a data file replaced or written
 * since does not pass for the one that was closed; taken (removed, durably) whenever the store
 * opens, before anything can write to it, so a crash after that start finds none.
 */
final class CleanStopMark {

  private static final Logger LOG = LoggerFactory.getLogger(CleanStopMark.class);
  static final String FILE_NAME = "clean-stop";

  private CleanStopMark() {}

  /**
   * Removes the mark; true when there was one and it names {@code dataFile} as it is now.
   * Throws when the mark cannot be removed: a mark left behind would outlive this start.
   */
  static boolean take(Path dataDir, Path dataFile) {
    Path mark = dataDir.resolve(FILE_NAME);
    if (!Files.exists(mark)) {
      return false;
    }
    try {
      boolean matches = Files.exists(dataFile) && Files.readString(mark, StandardCharsets.US_ASCII).strip().equals(describe(dataFile));
      Files.delete(mark);
      syncDirectory(dataDir);
      if (!matches) {
        LOG.warn("clean-stop mark does not match the data file (replaced or written since); every answer will be checked");
      }
      return matches;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove " + mark, e);
    }
  }

  /** Writes the mark for {@code dataFile} as it is now (closed). Logged, not thrown: no mark only costs a longer start. */
  static void record(Path dataDir, Path dataFile) {
    Path mark = dataDir.resolve(FILE_NAME);
    try {
      Path partial = dataDir.resolve(FILE_NAME + ".partial");
      Files.writeString(partial, describe(dataFile), StandardCharsets.US_ASCII);
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(partial, mark, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dataDir);
    } catch (IOException e) {
      LOG.warn("clean-stop mark not written; the next start checks every answer [reason: {}]", e.getMessage());
    }
  }

  private static String describe(Path dataFile) throws IOException {
    return Files.size(dataFile) + " " + Files.getLastModifiedTime(dataFile).toMillis();
  }

  /** Makes a rename or removal in the directory durable (Linux: fsync of the directory). */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory; the rename itself is still atomic there.
      LOG.debug("data directory not synced [reason: {}]", e.getMessage());
    }
  }
}
