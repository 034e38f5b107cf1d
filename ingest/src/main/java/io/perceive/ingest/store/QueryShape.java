package io.perceive.ingest.store;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a query a serving instance runs, declared beside the indexes, so a test can check
 * that an index serves it: the fields it tests for equality (or {@code $in}), the field it
 * bounds by a range, its sort (a field written {@code -name} descending), and fields it only
 * filters on after the index narrowed the documents ({@code residual}; a name ending in
 * {@code .*} covers the fields under it).
 */
public record QueryShape(
    String collection, String name, Set<String> equality, String range, List<String> sort, Set<String> residual) {

  public QueryShape {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(name, "name");
    equality = Set.copyOf(equality);
    sort = List.copyOf(sort);
    residual = Set.copyOf(residual);
  }

  /** A query testing these fields for equality only. */
  public static QueryShape equal(String collection, String name, String... fields) {
    return new QueryShape(collection, name, Set.of(fields), null, List.of(), Set.of());
  }

  public QueryShape range(String field) {
    return new QueryShape(collection, name, equality, field, sort, residual);
  }

  public QueryShape sort(String... fields) {
    return new QueryShape(collection, name, equality, range, List.of(fields), residual);
  }

  public QueryShape residual(String... fields) {
    return new QueryShape(collection, name, equality, range, sort, Set.of(fields));
  }

  /** Whether {@code field} is one this query may filter on without an index for it. */
  public boolean isResidual(String field) {
    for (String r : residual) {
      if (r.equals(field) || (r.endsWith(".*") && field.startsWith(r.substring(0, r.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code index} serves this query: its leading keys are the equality fields (in any
   * order), then the sort (in the index's direction or wholly reversed), then the range field
   * unless the sort began with it; a partial index only where this query tests what it filters
   * on. The rule MongoDB's planner needs to bound the scan and skip the in-memory sort.
   */
  public boolean servedBy(IndexSpec index) {
    if (!index.collection().equals(collection)) {
      return false;
    }
    List<String> keys = index.fields();
    int at = 0;
    while (at < keys.size() && equality.contains(keys.get(at))) {
      at++;
    }
    if (at != equality.size()) {
      return false;
    }
    if (!sort.isEmpty()) {
      Boolean reversed = null;
      for (String s : sort) {
        boolean descending = s.startsWith("-");
        String field = descending ? s.substring(1) : s;
        if (at >= keys.size() || !keys.get(at).equals(field)) {
          return false;
        }
        boolean flips = index.ascending(at) == descending;
        if (reversed != null && reversed != flips) {
          return false;
        }
        reversed = flips;
        at++;
      }
    }
    boolean rangeServed =
        range == null
            || (!sort.isEmpty() && sort.get(0).replace("-", "").equals(range))
            || (at < keys.size() && keys.get(at).equals(range));
    if (!rangeServed) {
      return false;
    }
    if (index.partialFilter() != null) {
      for (String field : index.partialFilter().fieldNames()) {
        if (!equality.contains(field) && !field.equals(range) && !isResidual(field)) {
          return false;
        }
      }
    }
    return at > 0 || range != null;
  }
}
