package io.perceive.ingest.response;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responses this process has stored, or may have stored, marked {@code rolledUp:false}
 * without having counted and marked them yet: a single write between its insert and its mark,
 * one an outage interrupted there, and those a recovery had to leave to a later sweep. Where the
 * process has the store to itself (the embedded store), nobody else leaves such responses, so
 * these are the only ones a sweep needs to look at, and none of them left is what a clean stop
 * needs. Each with the time (epoch ms) it was first seen, which tells a live write from an
 * interrupted one as {@code storedAt} does.
 */
final class UnfinishedWrites {

  private final Map<String, Long> since = new ConcurrentHashMap<>();

  /**
   * A write of this response begins (or a recovery found it uncounted); true when it was not
   * tracked already.
   */
  boolean begin(String id, long at) {
    return since.putIfAbsent(id, at) == null;
  }

  /** These responses are counted and marked (or were never stored). */
  void finished(Collection<String> ids) {
    ids.forEach(since::remove);
  }

  void finished(String id) {
    since.remove(id);
  }

  /** The responses tracked now, each with the time it was first seen, in id order. */
  java.util.SortedMap<String, Long> snapshot() {
    return new java.util.TreeMap<>(since);
  }

  int size() {
    return since.size();
  }
}
