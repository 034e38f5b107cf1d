package io.perceive.ingest.store;

/** The store did not answer in time; the request may be retried later (HTTP 503). */
public class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
