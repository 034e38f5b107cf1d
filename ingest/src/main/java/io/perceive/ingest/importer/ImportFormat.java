package io.perceive.ingest.importer;

import java.util.Locale;
import java.util.Optional;

/** The file formats an import reads. */
public enum ImportFormat {
  CSV,
  JSON_LINES;

  public RowDecoder decoder() {
    return this == CSV ? new CsvDecoder() : new JsonLinesDecoder();
  }

  /** From a file name: {@code .csv}, or {@code .jsonl}/{@code .ndjson}. */
  public static Optional<ImportFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      return Optional.of(JSON_LINES);
    }
    return Optional.empty();
  }

  /** From a media type: {@code text/csv}, or {@code application/x-ndjson}, {@code application/jsonl}. */
  public static Optional<ImportFormat> ofMediaType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "text/csv", "application/csv" -> Optional.of(CSV);
      case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines" -> Optional.of(JSON_LINES);
      default -> Optional.empty();
    };
  }
}
