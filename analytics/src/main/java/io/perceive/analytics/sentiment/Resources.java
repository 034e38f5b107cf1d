package io.perceive.analytics.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the scorer's shipped data files from the classpath, beside this package's classes. */
final class Resources {

  /** What to make of a resource's text. */
  interface Parser<T> {
    T parse(BufferedReader reader) throws IOException;
  }

  private Resources() {}

  static <T> T read(String name, Parser<T> parser) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the classpath");
      }
      return parser.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
