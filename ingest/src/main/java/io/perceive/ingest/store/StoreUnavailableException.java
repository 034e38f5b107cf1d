package io.perceive.ingest.store;

/**
 * The store cannot answer for now: unreachable, without a primary, a write not confirmed by a
 * majority in time, or a lost cursor. The request may be retried later (HTTP 503 with
 * Retry-After); a write that failed so may or may not have been applied, which the idempotent
 * ids make harmless to retry.
 */
public class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final StoreErrors.Kind kind;

  public StoreUnavailableException(String message, Throwable cause) {
    this(StoreErrors.Kind.UNREACHABLE, message, cause);
  }

  public StoreUnavailableException(StoreErrors.Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the store could not answer. */
  public StoreErrors.Kind kind() {
    return kind;
  }
}
