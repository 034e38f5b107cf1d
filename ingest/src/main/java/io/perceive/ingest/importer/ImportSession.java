package io.perceive.ingest.importer;

import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.Outcome;
import io.perceive.ingest.response.ResponseExport;
import io.perceive.ingest.response.ResponseParser;
import io.perceive.ingest.response.SurveyResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One streaming import: bytes in, rows validated one by one, good rows stored in bulk batches,
 * bad rows reported with their line and field. Memory stays bounded by the batch size whatever
 * the file size: the caller feeds a chunk, then waits for {@link #flushIfFull()} before reading
 * more.
 *
 * <p>Re-importing a file stores nothing twice. Each row's identity is, in order: its
 * {@code source} (default: the import's source name) with its {@code sourceId}; else its
 * {@code ticketId}; else its line number with a hash of its content. So the same file imported
 * again (or renamed, or with rows appended) stores nothing twice, identical rows on different
 * lines stay distinct, and memory does not grow with the file. Rows shifted by an edit above
 * them would count again: files that get edited need a sourceId or ticketId column.
 */
public final class ImportSession implements RowSink {

  public static final int MAX_REPORTED_ERRORS = 10_000;
  static final int MAX_LINE_BYTES = 1 << 20;

  private final ResponseParser parser;
  private final IngestService ingest;
  private final String source;
  private final int batchSize;
  private final RowDecoder decoder;
  private final LineSplitter splitter;
  private List<SurveyResponse> pending = new ArrayList<>();
  private final List<ImportReport.RowError> errors = new ArrayList<>();
  private long rows;
  private long stored;
  private long alreadyStored;
  private long rejected;

  public ImportSession(ResponseParser parser, IngestService ingest, ImportFormat format, String source, int batchSize) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.source = Objects.requireNonNull(source, "source");
    this.batchSize = batchSize;
    this.decoder = format.decoder();
    this.splitter =
        new LineSplitter(
            new LineSplitter.Lines() {
              @Override
              public void line(long number, String text) {
                decoder.line(number, text, ImportSession.this);
              }

              @Override
              public void tooLong(long number) {
                decoder.tooLong(number, ImportSession.this);
              }
            },
            MAX_LINE_BYTES);
  }

  /** Reads a chunk of the file. Throws BadInputException when the file is unusable (bad header). */
  public void feed(byte[] data, int offset, int length) {
    splitter.feed(data, offset, length);
  }

  /** Bytes read so far. */
  public long bytes() {
    return splitter.bytes();
  }

  /** Rows read so far, good and bad. */
  public long rows() {
    return rows;
  }

  /** Responses waiting to be stored. */
  public int pending() {
    return pending.size();
  }

  /** Stores the waiting rows when there are a batch's worth; otherwise completes at once. */
  public Future<Void> flushIfFull() {
    return pending.size() >= batchSize ? flush() : Future.succeededFuture();
  }

  /** End of input: the last rows are stored and the report made. */
  public Future<ImportReport> finish() {
    if (splitter.bytes() == 0) {
      throw new BadInputException("body", "the import is empty");
    }
    splitter.end();
    decoder.end(this);
    return flush().map(v -> report());
  }

  public ImportReport report() {
    return new ImportReport(rows, stored, alreadyStored, rejected, List.copyOf(errors));
  }

  private Future<Void> flush() {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    List<SurveyResponse> all = pending;
    pending = new ArrayList<>();
    return storeFrom(all, 0);
  }

  private Future<Void> storeFrom(List<SurveyResponse> all, int from) {
    if (from >= all.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(all.size(), from + batchSize);
    return ingest
        .acceptBatch(all.subList(from, to))
        .compose(
            outcomes -> {
              for (Outcome o : outcomes) {
                if (o == Outcome.STORED) {
                  stored++;
                } else {
                  alreadyStored++;
                }
              }
              return storeFrom(all, to);
            });
  }

  @Override
  public void row(long line, JsonObject fields) {
    rows++;
    // An export's scores: the store that takes the file scores the comments itself.
    ResponseExport.SCORE_COLUMNS.forEach(fields::remove);
    try {
      pending.add(parser.parse(withIdentity(line, fields)));
    } catch (BadInputException e) {
      reject(line, e.field(), e.getMessage());
    }
  }

  @Override
  public void bad(long line, String field, String message) {
    rows++;
    reject(line, field, message);
  }

  private void reject(long line, String field, String message) {
    rejected++;
    if (errors.size() < MAX_REPORTED_ERRORS) {
      errors.add(new ImportReport.RowError(line, field, message));
    }
  }

  private JsonObject withIdentity(long line, JsonObject fields) {
    if (fields.getValue("source") == null) {
      fields.put("source", source);
    }
    if (fields.getValue("sourceId") == null && fields.getValue("ticketId") == null) {
      fields.put("sourceId", "line:" + line + ":" + contentHash(fields));
    }
    return fields;
  }

  /** A hash of the row's fields in name order, so column order does not matter. */
  static String contentHash(JsonObject fields) {
    Map<String, Object> sorted = new TreeMap<>(fields.getMap());
    sorted.remove("source");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(new JsonObject(sorted).encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A default source name: {@code import}. */
  public static String defaultSource() {
    return "import";
  }

}
