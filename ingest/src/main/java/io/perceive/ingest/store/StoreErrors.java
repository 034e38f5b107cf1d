package io.perceive.ingest.store;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoWriteConcernException;

/** Classifies driver failures, so callers react to meaning rather than exception types. */
public final class StoreErrors {

  private static final int DUPLICATE_KEY = 11000;

  private StoreErrors() {}

  public static boolean isDuplicateKey(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MongoWriteException we && we.getError().getCode() == DUPLICATE_KEY) {
        return true;
      }
      if (c instanceof MongoBulkWriteException be
          && be.getWriteErrors().stream().allMatch(e -> e.getCode() == DUPLICATE_KEY)) {
        return true;
      }
      if (c instanceof MongoException me && me.getCode() == DUPLICATE_KEY) {
        return true;
      }
    }
    return false;
  }

  /** Wraps connection-level failures as {@link StoreUnavailableException}; others pass through. */
  public static Throwable classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StoreUnavailableException) {
        return c;
      }
      if (c instanceof MongoTimeoutException
          || c instanceof MongoSocketException
          || c instanceof MongoNotPrimaryException
          || c instanceof MongoNodeIsRecoveringException
          || c instanceof MongoWriteConcernException
          || c instanceof MongoClientException
          || c instanceof java.net.ConnectException
          || c instanceof java.util.concurrent.TimeoutException) {
        return new StoreUnavailableException("the store is unavailable", t);
      }
    }
    return t;
  }
}
