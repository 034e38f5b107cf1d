package io.perceive.ingest.store;

/**
 * The store client is set up wrongly (credentials, options, connection string): retrying will
 * not help, so it is an internal error (HTTP 500, logged), not a 503.
 */
final class StoreMisconfiguredException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreMisconfiguredException(String message, Throwable cause) {
    super(message, cause);
  }
}
