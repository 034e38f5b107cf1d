package io.perceive.ingest.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Answers of rollup reads kept while no write touched their collection: on the embedded store,
 * where any read of a rollup collection costs a pass over all of it (the server gathers every
 * document before the first stage), and where every write goes through this process's own
 * server, which counts them per collection ({@link EmbeddedMongo#writes(String)}). A read
 * notes the collection's count before it asks the store and its answer serves while the count
 * is unchanged, so an answer never misses a write acknowledged before the read began; identical
 * reads arriving together share one pass. Instances sharing a MongoDB do not see each other's
 * writes, so there {@link #NONE} reads every time (and MongoDB's indexes serve them).
 */
public final class ReadCache {

  /** No cache: every read asks the store. */
  public static final ReadCache NONE = new ReadCache(null, 0);

  private record Entry(long writes, Future<?> answer, int documents) {}

  private final ToLongFunction<String> writes;
  private final int maxDocuments;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private int documents;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private ReadCache(ToLongFunction<String> writes, int maxDocuments) {
    this.writes = writes;
    this.maxDocuments = maxDocuments;
  }

  /**
   * A cache over a store that counts the writes to each collection; at most {@code maxDocuments}
   * answer documents are kept (the least recently used answers go first).
   */
  public static ReadCache over(ToLongFunction<String> writes, int maxDocuments) {
    return new ReadCache(java.util.Objects.requireNonNull(writes, "writes"), maxDocuments);
  }

  /** Whether answers are kept (the embedded store); else each read asks the store. */
  public boolean enabled() {
    return writes != null;
  }

  /** The aggregation's answer on {@code collection}, from the cache while no write touched it. */
  public Future<List<JsonObject>> aggregate(MongoClient mongo, String collection, JsonArray pipeline) {
    return read(collection, pipeline.encode(), () -> MongoWrites.aggregate(mongo, collection, pipeline).map(List::copyOf), List::size);
  }

  /**
   * {@code load}'s answer, kept under {@code key} while no write touches {@code collection}.
   * {@code size} tells how many documents an answer holds (what the bound counts). Callers must
   * not change an answer: others share it.
   */
  @SuppressWarnings("unchecked")
  public <T> Future<T> read(String collection, String key, Supplier<Future<T>> load, ToLongFunction<T> size) {
    if (writes == null) {
      return load.get();
    }
    String fullKey = collection + '\u0000' + key;
    long before = writes.applyAsLong(collection);
    synchronized (entries) {
      Entry kept = entries.get(fullKey);
      if (kept != null && kept.writes() == before) {
        hits.incrementAndGet();
        return (Future<T>) kept.answer();
      }
    }
    misses.incrementAndGet();
    Future<T> answer = load.get();
    synchronized (entries) {
      forget(fullKey);
      entries.put(fullKey, new Entry(before, answer, 0));
    }
    answer.onComplete(done -> {
      synchronized (entries) {
        Entry kept = entries.get(fullKey);
        if (kept == null || kept.answer() != answer) {
          return;
        }
        if (done.failed()) {
          entries.remove(fullKey);
          return;
        }
        int n = (int) Math.min(Integer.MAX_VALUE, size.applyAsLong(done.result()));
        entries.put(fullKey, new Entry(before, answer, n));
        documents += n;
        evict();
      }
    });
    return answer;
  }

  private void forget(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      documents -= old.documents();
    }
  }

  private void evict() {
    Iterator<Entry> oldest = entries.values().iterator();
    while (documents > maxDocuments && oldest.hasNext()) {
      Entry e = oldest.next();
      if (e.answer().isComplete()) {
        documents -= e.documents();
        oldest.remove();
      }
    }
  }

  /** Reads answered from the cache (a metric; benchmarks report cold and warm reads apart). */
  public long hits() {
    return hits.get();
  }

  /** Reads that asked the store. */
  public long misses() {
    return misses.get();
  }
}
