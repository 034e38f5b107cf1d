package io.perceive.ingest.response;

/** Refused by {@link InFlightLimit}: the client retries after a pause (a 503 with Retry-After). */
public final class AtCapacityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  AtCapacityException() {
    super("Perceive is at its ingest capacity; retry later", null, false, false);
  }
}
