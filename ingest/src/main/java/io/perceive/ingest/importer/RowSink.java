package io.perceive.ingest.importer;

import io.vertx.core.json.JsonObject;

/** Where decoded rows go: good ones as JSON in the response format, bad ones with their line. */
interface RowSink {

  void row(long line, JsonObject fields);

  void bad(long line, String field, String message);
}
