package io.perceive.ingest.importer;

import io.perceive.ingest.BadInputException;
import io.perceive.ingest.response.ResponseExport;
import io.perceive.ingest.response.ResponseParser;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CSV as in RFC 4180, read line by line: the first record is a header of response field names
 * ({@code service,rating,comment,...}; an export's score columns are allowed and skipped); a
 * quoted field may hold commas, doubled quotes and line breaks, so one record can span several
 * lines and is numbered by its first. Empty cells are
 * absent fields; {@code rating}, {@code nps}, {@code ces} and {@code lostMinutes} are read as integers, {@code slaMet}
 * as true/false (or yes/no, 1/0).
 */
final class CsvDecoder implements RowDecoder {

  static final int MAX_RECORD_CHARS = 1 << 20;
  private static final Set<String> INTEGERS = Set.of("rating", "nps", "ces", "lostMinutes");

  private enum State { START, UNQUOTED, QUOTED, QUOTE_SEEN }

  private List<String> header;
  private final List<String> fields = new ArrayList<>();
  private final StringBuilder field = new StringBuilder();
  private State state = State.START;
  private long recordLine;
  private int recordChars;
  private String error;

  @Override
  public void line(long number, String text, RowSink sink) {
    boolean continuing = state == State.QUOTED;
    if (!continuing) {
      if (text.isBlank()) {
        return;
      }
      recordLine = number;
      recordChars = 0;
      error = null;
      fields.clear();
      field.setLength(0);
      state = State.START;
    } else {
      field.append('\n');
    }
    recordChars += text.length() + 1;
    if (recordChars > MAX_RECORD_CHARS) {
      sink.bad(recordLine, "line", "the record is too long (an unclosed quote?)");
      reset();
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (state) {
        case START -> {
          if (c == '"') {
            state = State.QUOTED;
          } else if (c == ',') {
            endField();
          } else {
            field.append(c);
            state = State.UNQUOTED;
          }
        }
        case UNQUOTED -> {
          if (c == ',') {
            endField();
          } else {
            field.append(c);
          }
        }
        case QUOTED -> {
          if (c == '"') {
            state = State.QUOTE_SEEN;
          } else {
            field.append(c);
          }
        }
        case QUOTE_SEEN -> {
          if (c == '"') {
            field.append('"');
            state = State.QUOTED;
          } else if (c == ',') {
            endField();
          } else {
            if (error == null) {
              error = "text after a closing quote in field " + (fields.size() + 1);
            }
            field.append(c);
            state = State.UNQUOTED;
          }
        }
      }
    }
    if (state != State.QUOTED) {
      endField();
      record(sink);
      reset();
    }
  }

  @Override
  public void tooLong(long number, RowSink sink) {
    if (header == null) {
      throw new BadInputException("header", "the header line is too long");
    }
    sink.bad(state == State.QUOTED ? recordLine : number, "line", "the line is too long");
    reset();
  }

  @Override
  public void end(RowSink sink) {
    if (header == null) {
      throw new BadInputException("header", "the file has no header line naming its columns");
    }
    if (state == State.QUOTED) {
      sink.bad(recordLine, "line", "a quoted field is not closed before the end of the file");
      reset();
    }
  }

  private void reset() {
    state = State.START;
    fields.clear();
    field.setLength(0);
  }

  private void endField() {
    fields.add(field.toString());
    field.setLength(0);
    state = State.START;
  }

  private void record(RowSink sink) {
    if (header == null) {
      header(fields);
      return;
    }
    if (error != null) {
      sink.bad(recordLine, "line", error);
      return;
    }
    if (fields.size() != header.size()) {
      sink.bad(recordLine, "line", "expected " + header.size() + " fields as in the header, found " + fields.size());
      return;
    }
    JsonObject row = new JsonObject();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      String cell = fields.get(i);
      if (cell.isEmpty()) {
        continue;
      }
      if (INTEGERS.contains(name)) {
        try {
          row.put(name, Integer.parseInt(cell.strip()));
        } catch (NumberFormatException e) {
          sink.bad(recordLine, name, name + " must be an integer");
          return;
        }
      } else if (name.equals("slaMet")) {
        Boolean value = bool(cell);
        if (value == null) {
          sink.bad(recordLine, name, "slaMet must be true or false");
          return;
        }
        row.put(name, value);
      } else {
        row.put(name, cell);
      }
    }
    sink.row(recordLine, row);
  }

  private void header(List<String> names) {
    Set<String> allowed = ResponseParser.fieldNames();
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String raw : names) {
      String name = raw.strip();
      if (!allowed.contains(name) && !ResponseExport.SCORE_COLUMNS.contains(name)) {
        throw new BadInputException(
            "header", "unknown column '" + shorten(name) + "' in the header; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (!seen.add(name)) {
        throw new BadInputException("header", "column '" + name + "' appears twice in the header");
      }
      columns.add(name);
    }
    for (String required : List.of("service", "rating")) {
      if (!seen.contains(required)) {
        throw new BadInputException("header", "the header must have a '" + required + "' column");
      }
    }
    header = List.copyOf(columns);
  }

  private static Boolean bool(String cell) {
    return switch (cell.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "y" -> Boolean.TRUE;
      case "false", "no", "0", "n" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static String shorten(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
