package io.perceive.analytics.sentiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of sentence analyses: real feedback repeats itself
 * ("Nothing.", "Very helpful"). Two threads may analyse the same new sentence at once; both get
 * equal results, so no lock is held while analysing.
 */
final class SentenceCache {

  private final int capacity;
  private final Map<String, SentenceAnalysis> map;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  SentenceCache(int capacity) {
    this.capacity = capacity;
    this.map =
        new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, SentenceAnalysis> eldest) {
            return size() > SentenceCache.this.capacity;
          }
        };
  }

  SentenceAnalysis get(String sentence, Function<String, SentenceAnalysis> analyse) {
    if (capacity <= 0) {
      misses.incrementAndGet();
      return analyse.apply(sentence);
    }
    SentenceAnalysis cached;
    synchronized (map) {
      cached = map.get(sentence);
    }
    if (cached != null) {
      hits.incrementAndGet();
      return cached;
    }
    misses.incrementAndGet();
    SentenceAnalysis fresh = analyse.apply(sentence);
    synchronized (map) {
      map.put(sentence, fresh);
    }
    return fresh;
  }

  long hits() {
    return hits.get();
  }

  long misses() {
    return misses.get();
  }
}
