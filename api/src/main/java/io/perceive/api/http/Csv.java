package io.perceive.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.ParsedHeaderValue;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;

/**
 * CSV answers (RFC 4180 through Commons CSV, one record per line), for clients that ask for
 * {@code text/csv}: exports, and the rows of every query route for people who take numbers into a
 * spreadsheet.
 */
public final class Csv {

  public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private Csv() {}

  /** Appends one record: values as text, nulls as empty cells, quoted where they need it. */
  public static void record(StringBuilder out, List<?> values) {
    try {
      FORMAT.printRecord(out, values.toArray());
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
  }

  /**
   * Whether the client prefers CSV to JSON: {@code text/csv} is the highest weighted of the
   * {@code Accept} media ranges that name one of the two (a wildcard means JSON).
   */
  public static boolean preferred(RoutingContext ctx) {
    String best = null;
    double weight = -1;
    for (ParsedHeaderValue accept : ctx.parsedHeaders().accept()) {
      String value = accept.value().toLowerCase(java.util.Locale.ROOT);
      boolean csv = value.equals("text/csv");
      boolean json = value.equals("application/json") || value.equals("application/*") || value.equals("*/*");
      if ((csv || json) && accept.weight() > weight) {
        best = csv ? "csv" : "json";
        weight = accept.weight();
      }
    }
    return "csv".equals(best);
  }

  /**
   * Rows as a CSV table: a header of every field that any row has, in the order they first
   * appear, then a record per row; a nested value (an object or a list) as its JSON text.
   */
  public static String table(JsonArray rows) {
    Set<String> columns = new LinkedHashSet<>();
    for (Object row : rows) {
      if (row instanceof JsonObject o) {
        columns.addAll(o.fieldNames());
      }
    }
    StringBuilder out = new StringBuilder();
    record(out, List.copyOf(columns));
    for (Object row : rows) {
      JsonObject o = row instanceof JsonObject j ? j : new JsonObject();
      List<Object> values = new ArrayList<>(columns.size());
      for (String column : columns) {
        Object value = o.getValue(column);
        values.add(value instanceof JsonObject || value instanceof JsonArray ? io.vertx.core.json.Json.encode(value) : value);
      }
      record(out, values);
    }
    return out.toString();
  }
}
