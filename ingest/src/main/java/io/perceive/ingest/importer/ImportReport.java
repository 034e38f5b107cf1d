package io.perceive.ingest.importer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What an import did: rows read, stored now, already stored (a re-import), rejected, and each
 * rejected row with its line and field (the first {@link ImportSession#MAX_REPORTED_ERRORS}).
 */
public record ImportReport(long rows, long stored, long alreadyStored, long rejected, List<RowError> errors) {

  /** One bad row. */
  public record RowError(long line, String field, String message) {
    public JsonObject toJson() {
      return new JsonObject().put("line", line).put("field", field).put("message", message);
    }
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    errors.forEach(e -> list.add(e.toJson()));
    return new JsonObject()
        .put("rows", rows)
        .put("stored", stored)
        .put("alreadyStored", alreadyStored)
        .put("rejected", rejected)
        .put("errors", list)
        .put("errorsTruncated", errors.size() < rejected);
  }
}
