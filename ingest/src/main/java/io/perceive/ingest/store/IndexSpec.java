package io.perceive.ingest.store;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An index a repository's queries need, under an explicit name: the name is how a conflict with
 * an index already there is reported, and how an operator finds it. Keys keep their order.
 *
 * @param partialFilter the documents the index holds (null: all)
 */
public record IndexSpec(String collection, String name, JsonObject keys, JsonObject partialFilter) {

  public IndexSpec {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("an index needs keys: " + name);
    }
  }

  /**
   * An index on {@code fields} in that order, ascending; a field written {@code -name} is
   * descending. Named as MongoDB names it by default ({@code service_1_day_1}), so an index an
   * earlier version created without a name is found, not duplicated.
   */
  public static IndexSpec on(String collection, String... fields) {
    JsonObject keys = new JsonObject();
    List<String> parts = new ArrayList<>();
    for (String field : fields) {
      boolean descending = field.startsWith("-");
      String name = descending ? field.substring(1) : field;
      keys.put(name, descending ? -1 : 1);
      parts.add(name + "_" + (descending ? -1 : 1));
    }
    return new IndexSpec(collection, String.join("_", parts), keys, null);
  }

  /** This index holding only the documents that match {@code filter}, under another name. */
  public IndexSpec partial(String newName, JsonObject filter) {
    return new IndexSpec(collection, newName, keys, filter);
  }

  /** The key fields in order. */
  public List<String> fields() {
    return List.copyOf(keys.fieldNames());
  }

  /** Whether key {@code i} is ascending. */
  boolean ascending(int i) {
    return ((Number) keys.getValue(fields().get(i))).intValue() > 0;
  }

  IndexOptions options() {
    IndexOptions options = new IndexOptions().name(name);
    if (partialFilter != null) {
      options.partialFilterExpression(partialFilter);
    }
    return options;
  }

  /**
   * Why an index found on the collection ({@code listIndexes} form) conflicts with this one, or
   * null when it does not: the same name with other keys or filter (MongoDB error 86), or the
   * same keys and filter under another name (error 85).
   */
  String conflictWith(JsonObject existing) {
    boolean sameName = name.equals(existing.getString("name"));
    boolean sameKeys = sameKeys(existing.getJsonObject("key"));
    boolean sameFilter = Objects.equals(partialFilter, existing.getJsonObject("partialFilterExpression"));
    if (sameName && !(sameKeys && sameFilter)) {
      return "an index named " + name + " exists with keys " + existing.getJsonObject("key")
          + (sameFilter ? "" : " and partial filter " + existing.getJsonObject("partialFilterExpression"))
          + "; wanted keys " + keys + (partialFilter == null ? "" : " with partial filter " + partialFilter);
    }
    if (!sameName && sameKeys && sameFilter) {
      return "the keys " + keys + " are indexed already under the name " + existing.getString("name")
          + "; wanted the name " + name;
    }
    return null;
  }

  /** Same fields in the same order (an index on a, b is not one on b, a), same directions. */
  private boolean sameKeys(JsonObject other) {
    if (other == null || !fields().equals(List.copyOf(other.fieldNames()))) {
      return false;
    }
    for (String field : fields()) {
      if (!(other.getValue(field) instanceof Number n) || n.doubleValue() != ((Number) keys.getValue(field)).doubleValue()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the existing index ({@code listIndexes} form) is this one. */
  boolean matches(JsonObject existing) {
    return name.equals(existing.getString("name")) && conflictWith(existing) == null;
  }
}
