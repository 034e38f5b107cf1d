package io.perceive.ingest.importer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Cuts a byte stream into numbered UTF-8 lines, whatever the chunk boundaries: '\n' never occurs
 * inside a multi-byte UTF-8 sequence, so a line is decoded only once it is whole. A trailing '\r'
 * is dropped, a leading byte-order mark too. A line longer than the cap is not kept in memory:
 * it is reported as too long and skipped.
 */
final class LineSplitter {

  /** Receives each line, or the number of a line that was too long. */
  public interface Lines {
    void line(long number, String text);

    void tooLong(long number);
  }

  private final Lines out;
  private final int maxLineBytes;
  private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
  private long number = 1;
  private boolean skipping;
  private boolean first = true;
  private long bytes;

  public LineSplitter(Lines out, int maxLineBytes) {
    this.out = Objects.requireNonNull(out, "out");
    this.maxLineBytes = maxLineBytes;
  }

  public void feed(byte[] data, int offset, int length) {
    int start = offset;
    int end = offset + length;
    bytes += length;
    for (int i = offset; i < end; i++) {
      if (data[i] == '\n') {
        append(data, start, i - start);
        emit();
        start = i + 1;
      }
    }
    append(data, start, end - start);
  }

  /** The last line, when the input does not end with a newline. */
  public void end() {
    if (current.size() > 0 || skipping) {
      emit();
    }
  }

  /** Bytes fed so far. */
  public long bytes() {
    return bytes;
  }

  private void append(byte[] data, int offset, int length) {
    if (skipping || length == 0) {
      return;
    }
    if (current.size() + length > maxLineBytes) {
      skipping = true;
      current.reset();
      return;
    }
    current.write(data, offset, length);
  }

  private void emit() {
    if (skipping) {
      out.tooLong(number);
      skipping = false;
    } else {
      String text = current.toString(StandardCharsets.UTF_8);
      if (first && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      out.line(number, text);
    }
    first = false;
    current.reset();
    number++;
  }
}
