package io.perceive.api;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.response.IngestService.RecountReport;
import io.perceive.ingest.store.JobLeases;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code perceive recount}: rebuilds every rollup (ratings and comment scores, per service and per
 * support group and agent) from the stored responses. For a store written by an older version
 * (rollup fields added since), or to check the rollups. On the embedded store it needs the store to
 * itself; on MongoDB it is safe beside serving instances.
 */
final class StoreRecount {

  /** Exit status when some buckets had writes in flight and were left: run it again. */
  public static final int WRITES_IN_FLIGHT = 5;

  /** Exit status when another recount is running on the same store. */
  public static final int RECOUNT_RUNNING = 6;

  /**
   * A recount holds this lease while it runs, renewed a few times within it, so that a second
   * {@code recount} on a shared MongoDB waits its turn, and a recount that died frees it soon.
   */
  static final java.time.Duration LEASE = java.time.Duration.ofMinutes(3);

  /**
   * How long the command waits for the recount: it reports its progress, and a million answers
   * on the embedded store take longer than a tool's usual five minutes.
   */
  static final java.time.Duration PATIENCE = java.time.Duration.ofHours(12);

  private StoreRecount() {}

  public static int run(PerceiveConfig config, PrintStream out, PrintStream err) throws Exception {
    return run(config, java.time.Clock.systemUTC(), out, err);
  }

  /** As above, with the clock the recount's lease is timed by. */
  static int run(PerceiveConfig config, java.time.Clock clock, PrintStream out, PrintStream err) throws Exception {
    Optional<OfflineStore> opened = OfflineStore.openOrSay(config, err, "; stop it first");
    if (opened.isEmpty()) {
      return FileImport.STORE_IN_USE;
    }
    try (OfflineStore store = opened.get()) {
      JobLeases leases = new JobLeases(store.client(), "recount-" + java.util.UUID.randomUUID(), clock);
      if (!StoreServices.await(leases.take("recount", LEASE))) {
        err.println("perceive: another recount is running on this store; run it again once that one has finished");
        return RECOUNT_RUNNING;
      }
      long heartbeat = store.vertx().setPeriodic(LEASE.toMillis() / 3, id -> leases.take("recount", LEASE));
      try {
        return recount(store, out, err);
      } finally {
        store.vertx().cancelTimer(heartbeat);
        StoreServices.await(leases.release("recount"));
      }
    }
  }

  private static int recount(OfflineStore store, PrintStream out, PrintStream err) throws Exception {
    long started = System.nanoTime();
    RecountReport report =
        StoreServices.await(
            store
                .ingest()
                .recountAll(
                    store.alone() ? null : PerceiveApp.STALE_GRACE,
                    read -> {
                      if (read % 50_000 == 0) {
                        err.println("perceive: " + read + " responses read");
                      }
                    }),
            PATIENCE);
    out.printf(
        Locale.ROOT,
        "recounted %d of %d buckets (service, support-group and agent days) from %d responses in %.1f s%n",
        report.recounted(), report.buckets(), report.responses(), (System.nanoTime() - started) / 1e9);
    if (report.busy() == 0) {
      // Every answer counted and marked: the next start need not look through them.
      store.services().everyAnswerCounted();
    }
    if (report.busy() > 0) {
      out.printf(Locale.ROOT, "%d buckets had writes in flight and were left as they were: run recount again%n", report.busy());
      return WRITES_IN_FLIGHT;
    }
    return 0;
  }

  /** {@code perceive migrate}: brings the store to this release's schema version, then exits. */
  public static int migrate(PerceiveConfig config, PrintStream out, PrintStream err) throws Exception {
    Optional<OfflineStore> opened = OfflineStore.openOrSay(config, err, ", which migrated it when it started");
    if (opened.isEmpty()) {
      return FileImport.STORE_IN_USE;
    }
    try (OfflineStore store = opened.get()) {
      if (store.migrated().isEmpty()) {
        out.println("the store is at schema version " + io.perceive.ingest.store.SchemaVersion.RELEASE.current() + "; nothing to migrate");
      } else {
        store.migrated().forEach(step -> out.println("migrated " + step));
      }
      return 0;
    }
  }
}
