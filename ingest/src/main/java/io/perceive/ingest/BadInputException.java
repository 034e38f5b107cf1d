package io.perceive.ingest;

import java.util.Objects;

/**
 * Input that Perceive refuses, with the field (or line) that is wrong. The HTTP layer turns it
 * into a 400 problem body; the CLI prints it. The message never contains stored data.
 */
public class BadInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public BadInputException(String field, String message) {
    super(message, null, false, false);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the offending field, as the client spelled it (JSON pointer style for nesting). */
  public String field() {
    return field;
  }
}
