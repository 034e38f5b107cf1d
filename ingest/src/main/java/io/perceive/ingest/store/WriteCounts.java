package io.perceive.ingest.store;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded server's count of commands that may have changed each collection. A command known
 * to only read (a find, a plain aggregation, a count, ...) counts nowhere; a write counts on the
 * collection it names; anything else (an aggregation ending in {@code $out} or {@code $merge}, a
 * database command) counts on every collection.
 */
final class WriteCounts {

  private static final Set<String> READS = Set.of(
      "find", "getMore", "count", "distinct", "listCollections", "listIndexes", "listDatabases", "ping", "hello",
      "isMaster", "ismaster", "buildInfo", "buildinfo", "killCursors", "endSessions", "dbStats", "collStats",
      "serverStatus", "getLastError", "getlasterror", "whatsmyuri", "connectionStatus", "getParameter", "hostInfo",
      "getCmdLineOpts", "getFreeMonitoringStatus", "explain");
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify", "findandmodify");

  private final Map<String, AtomicLong> perCollection = new ConcurrentHashMap<>();
  private final AtomicLong everywhere = new AtomicLong();

  /** Counts {@code command} (an OP_MSG's document: its first key names it) once it has run. */
  void counted(Document command) {
    java.util.Iterator<Map.Entry<String, Object>> first = command.entrySet().iterator();
    if (!first.hasNext()) {
      return;
    }
    Map.Entry<String, Object> head = first.next();
    String name = head.getKey();
    if (READS.contains(name) || (name.equals("aggregate") && !writesOut(command))) {
      return;
    }
    if (WRITES.contains(name) && head.getValue() instanceof String collection) {
      perCollection.computeIfAbsent(collection, c -> new AtomicLong()).incrementAndGet();
    } else {
      everywhere.incrementAndGet();
    }
  }

  private static boolean writesOut(Document aggregate) {
    return aggregate.get("pipeline") instanceof java.util.List<?> stages
        && stages.stream().anyMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
  }

  /** Both counts only grow, so their sum changes whenever either does. */
  long of(String collection) {
    AtomicLong own = perCollection.get(collection);
    return everywhere.get() + (own == null ? 0 : own.get());
  }
}
