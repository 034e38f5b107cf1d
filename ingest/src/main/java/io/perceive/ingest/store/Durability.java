package io.perceive.ingest.store;

import io.vertx.core.Future;

/**
 * What makes a stored write survive a crash before Perceive acknowledges it. On MongoDB the write
 * concern (majority, journaled) already does, so {@link #NONE} adds nothing; the embedded store
 * needs an explicit commit of its file ({@link GroupCommit}).
 */
@FunctionalInterface
public interface Durability {

  /** Nothing beyond the driver's write concern. */
  Durability NONE = Future::succeededFuture;

  /** Completes once every write the driver confirmed before this call is on disk. */
  Future<Void> sync();
}
