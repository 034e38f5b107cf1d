package io.perceive.api.exports;

import io.perceive.api.http.Csv;
import io.perceive.api.http.QueryParams;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.ResponseExport;
import io.perceive.ingest.response.ResponseRepository;
import io.perceive.ingest.store.StoreErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/exports/responses?from&to&service&format=csv|jsonl}: every answer of the
 * period, one row each, with its comment (redacted when it was stored) and the comment's scores,
 * oldest first. The rows stream from one store cursor to the client: a batch is read only when
 * the client has taken the bytes before it, so memory stays the same whatever the size. A CSV
 * export imports back ({@code perceive import}, {@code POST /api/v1/imports}). Admin only (the
 * access policy names no other role for it).
 */
public record ExportsHandler(ResponseRepository responses, Clock clock) {

  public static final String PATH = "/api/v1/exports/responses";

  private static final Logger LOG = LoggerFactory.getLogger(ExportsHandler.class);
  private static final List<String> FORMATS = List.of("csv", "jsonl");
  /** Rows are written to the client in chunks of about this many bytes. */
  static final int CHUNK_BYTES = 64 * 1024;


  public void mount(Router router) {
    router.get(PATH).handler(this::export);
  }

  void export(RoutingContext ctx) {
    String format = QueryParams.single(ctx, "format", "csv");
    if (!FORMATS.contains(format)) {
      throw new BadInputException("format", "format must be one of: " + String.join(", ", FORMATS));
    }
    QueryParams.Range range = QueryParams.range(ctx, clock);
    ReadStream<JsonObject> rows =
        responses.export(range.from().toEpochMilli(), range.to().toEpochMilli(), QueryParams.services(ctx));
    new Transfer(ctx, rows, format.equals("csv")).start();
  }

  /** One export on its way: store batches in, chunks out, the store paused while the client lags. */
  private static final class Transfer {

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final ReadStream<JsonObject> rows;
    private final boolean csv;
    private final StringBuilder chunk = new StringBuilder();
    private long count;

    Transfer(RoutingContext ctx, ReadStream<JsonObject> rows, boolean csv) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.rows = rows;
      this.csv = csv;
    }

    void start() {
      response.closeHandler(v -> {
        // The client left: stop reading (a handler of null cancels the cursor).
        rows.handler(null);
        LOG.info("export abandoned by the client [rows: {}]", count);
      });
      rows.exceptionHandler(this::failed).endHandler(v -> finish()).handler(this::row);
    }

    private void row(JsonObject doc) {
      if (count == 0) {
        head();
      }
      count++;
      if (csv) {
        Csv.record(chunk, ResponseExport.values(doc));
      } else {
        chunk.append(ResponseExport.json(doc).encode()).append('\n');
      }
      if (chunk.length() >= CHUNK_BYTES) {
        flush();
      }
    }

    private void head() {
      response
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", csv ? Csv.CONTENT_TYPE : "application/x-ndjson; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"responses." + (csv ? "csv" : "jsonl") + "\"");
      if (csv) {
        Csv.record(chunk, ResponseExport.COLUMNS);
      }
    }

    private void flush() {
      if (response.closed()) {
        return;
      }
      response.write(Buffer.buffer(chunk.toString()));
      chunk.setLength(0);
      if (response.writeQueueFull()) {
        rows.pause();
        response.drainHandler(v -> rows.resume());
      }
    }

    private void finish() {
      if (response.closed()) {
        return;
      }
      if (count == 0) {
        head();
      }
      response.end(Buffer.buffer(chunk.toString()));
      LOG.info("export sent [rows: {}]", count);
    }

    private void failed(Throwable err) {
      if (!response.headWritten()) {
        ctx.fail(StoreErrors.classify(err));
        return;
      }
      // Rows went out already: cut the connection, so the client sees an incomplete transfer
      // (no last chunk) instead of a file that merely looks shorter.
      LOG.warn("export cut off by a store failure [rows: {}, reason: {}]", count, err.toString());
      response.reset();
    }
  }
}
