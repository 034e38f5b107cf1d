package io.perceive.ingest.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import java.util.Set;

/**
 * Classifies driver failures, so callers react to meaning rather than exception types.
 *
 * <p>What a caller may conclude from each {@link Kind}, and the HTTP answer it leads to:
 * {@code DUPLICATE_KEY}: the document was there already (a retry; callers answer as stored);
 * {@code WRITE_NOT_CONFIRMED}, {@code NOT_PRIMARY}, {@code UNREACHABLE}, {@code CURSOR_LOST}: the
 * store cannot answer for now, and a write may or may not have been applied (503 with
 * Retry-After, {@link StoreUnavailableException}); {@code CONFLICT}: the operation lost a race with
 * another and was not applied (503 too); {@code MISCONFIGURED}: retrying will not help
 * (500, logged, {@link StoreMisconfiguredException}); {@code OTHER}: passed on as it is.
 */
public final class StoreErrors {

  /** What a failure means for its caller. */
  public enum Kind {
    /** A unique index refused the write, and nothing else went wrong. */
    DUPLICATE_KEY,
    /** The writes were applied on the primary but not confirmed by a majority in time (write concern). */
    WRITE_NOT_CONFIRMED,
    /** The member answering is not (or no longer) the primary, or is recovering. */
    NOT_PRIMARY,
    /** No server could be reached or answered in time. */
    UNREACHABLE,
    /** A cursor the query was reading is gone (killed, timed out, its member stepped down). */
    CURSOR_LOST,
    /** The operation lost a race with another on the same data (WriteConflict) and was not applied. */
    CONFLICT,
    /** The client is set up wrongly (credentials, options): no retry will help. */
    MISCONFIGURED,
    /** Anything else. */
    OTHER
  }

  static final int DUPLICATE_KEY = 11000;
  static final int WRITE_CONFLICT = 112;
  /** CursorNotFound, CursorKilled; 50737/50738: a getMore from another session than the cursor's. */
  private static final Set<Integer> CURSOR_CODES = Set.of(43, 237, 50737, 50738);
  /** Server errors that mean "not primary" or "shutting down / recovering" when not already typed so by the driver. */
  private static final Set<Integer> NOT_PRIMARY_CODES = Set.of(10107, 13435, 13436, 11600, 11602, 189, 91);

  private StoreErrors() {}

  public static boolean isDuplicateKey(Throwable t) {
    return kindOf(t) == Kind.DUPLICATE_KEY;
  }

  /** The meaning of the first failure in the cause chain that has one. */
  public static Kind kindOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      Kind kind = ownKind(c);
      if (kind != Kind.OTHER) {
        return kind;
      }
    }
    return Kind.OTHER;
  }

  private static Kind ownKind(Throwable c) {
    if (c instanceof StoreUnavailableException unavailable) {
      return unavailable.kind();
    }
    if (c instanceof StoreMisconfiguredException) {
      return Kind.MISCONFIGURED;
    }
    if (c instanceof MongoBulkWriteException bulk) {
      // A write-concern error outranks the write errors: even the documents that were written
      // are not known to be durable. No write error at all is not "all duplicates".
      if (bulk.getWriteConcernError() != null) {
        return Kind.WRITE_NOT_CONFIRMED;
      }
      boolean allDuplicates =
          !bulk.getWriteErrors().isEmpty() && bulk.getWriteErrors().stream().allMatch(e -> e.getCode() == DUPLICATE_KEY);
      return allDuplicates ? Kind.DUPLICATE_KEY : Kind.OTHER;
    }
    if (c instanceof MongoWriteConcernException) {
      return Kind.WRITE_NOT_CONFIRMED;
    }
    if (c instanceof MongoWriteException we) {
      int code = we.getError().getCode();
      return code == DUPLICATE_KEY ? Kind.DUPLICATE_KEY : code == WRITE_CONFLICT ? Kind.CONFLICT : Kind.OTHER;
    }
    if (c instanceof MongoNotPrimaryException || c instanceof MongoNodeIsRecoveringException) {
      return Kind.NOT_PRIMARY;
    }
    if (c instanceof MongoCursorNotFoundException) {
      return Kind.CURSOR_LOST;
    }
    if (c instanceof MongoTimeoutException
        || c instanceof MongoSocketException
        || c instanceof MongoExecutionTimeoutException
        || c instanceof com.mongodb.MongoServerUnavailableException
        || c instanceof com.mongodb.MongoConnectionPoolClearedException
        || c instanceof java.net.ConnectException
        || c instanceof java.util.concurrent.TimeoutException) {
      return Kind.UNREACHABLE;
    }
    if (c instanceof MongoClientException) {
      // Configuration, credentials, an unusable connection string: the timeouts and pool
      // failures above are the client exceptions a retry can cure.
      return Kind.MISCONFIGURED;
    }
    if (c instanceof MongoCommandException command) {
      int code = command.getErrorCode();
      if (code == DUPLICATE_KEY) {
        return Kind.DUPLICATE_KEY;
      }
      if (CURSOR_CODES.contains(code)) {
        return Kind.CURSOR_LOST;
      }
      if (NOT_PRIMARY_CODES.contains(code)) {
        return Kind.NOT_PRIMARY;
      }
      return code == WRITE_CONFLICT ? Kind.CONFLICT : Kind.OTHER;
    }
    if (c instanceof MongoException me && me.getCode() == DUPLICATE_KEY) {
      return Kind.DUPLICATE_KEY;
    }
    return Kind.OTHER;
  }

  /**
   * Wraps what a retry may cure as {@link StoreUnavailableException} (503) and a misconfigured
   * client as {@link StoreMisconfiguredException} (500); others pass through.
   */
  public static Throwable classify(Throwable t) {
    if (t instanceof StoreUnavailableException || t instanceof StoreMisconfiguredException) {
      return t;
    }
    Kind kind = kindOf(t);
    return switch (kind) {
      case WRITE_NOT_CONFIRMED -> new StoreUnavailableException(kind, "the store did not confirm the write in time", t);
      case NOT_PRIMARY -> new StoreUnavailableException(kind, "the store has no primary to answer", t);
      case UNREACHABLE -> new StoreUnavailableException(kind, "the store is unavailable", t);
      case CURSOR_LOST -> new StoreUnavailableException(kind, "the store lost the query's cursor", t);
      case CONFLICT -> new StoreUnavailableException(kind, "the store was busy with the same data", t);
      case MISCONFIGURED -> new StoreMisconfiguredException("the store client is misconfigured", t);
      case DUPLICATE_KEY, OTHER -> t;
    };
  }
}
