package io.perceive.analytics.text;

import java.io.BufferedReader;
import java.io.IOException;

/** The data rows of a shipped tab-separated file: blank lines and lines starting with # are skipped. */
public final class TsvRows {

  /** What to do with one row; {@code line} counts every line of the file from 1, for messages. */
  public interface Row {
    void take(int line, String[] fields) throws IOException;
  }

  private TsvRows() {}

  public static void read(BufferedReader reader, Row row) throws IOException {
    int n = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      n++;
      if (!line.isBlank() && !line.startsWith("#")) {
        row.take(n, line.split("\t"));
      }
    }
  }
}
