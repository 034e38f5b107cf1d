package io.perceive.ingest.importer;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** JSON Lines: one response object per line; blank lines are skipped. */
final class JsonLinesDecoder implements RowDecoder {

  @Override
  public void line(long number, String text, RowSink sink) {
    if (text.isBlank()) {
      return;
    }
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      sink.bad(number, "line", "not valid JSON");
      return;
    }
    if (value instanceof JsonObject object) {
      sink.row(number, object);
    } else {
      sink.bad(number, "line", "each line must be a JSON object");
    }
  }

  @Override
  public void tooLong(long number, RowSink sink) {
    sink.bad(number, "line", "the line is too long");
  }

  @Override
  public void end(RowSink sink) {}
}
