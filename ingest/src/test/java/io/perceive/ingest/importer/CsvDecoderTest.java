package io.perceive.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.ingest.BadInputException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CsvDecoderTest {

  record Row(long line, JsonObject fields) {}

  record Bad(long line, String field, String message) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<Bad> bad = new ArrayList<>();
  private final RowSink sink =
      new RowSink() {
        @Override
        public void row(long line, JsonObject fields) {
          rows.add(new Row(line, fields));
        }

        @Override
        public void bad(long line, String field, String message) {
          bad.add(new Bad(line, field, message));
        }
      };

  /** Feeds the text in chunks of {@code chunk} bytes, to cross every boundary. */
  private void read(String text, int chunk) {
    RowDecoder decoder = ImportFormat.CSV.decoder();
    LineSplitter splitter =
        new LineSplitter(
            new LineSplitter.Lines() {
              @Override
              public void line(long number, String line) {
                decoder.line(number, line, sink);
              }

              @Override
              public void tooLong(long number) {
                decoder.tooLong(number, sink);
              }
            },
            1 << 16);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      splitter.feed(bytes, i, Math.min(chunk, bytes.length - i));
    }
    splitter.end();
    decoder.end(sink);
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaksAtAnyChunkSize() {
    String csv =
        "\uFEFFservice,rating,comment,slaMet\r\n"
            + "VPN,2,\"slow, very slow\",no\r\n"
            + "Email,5,\"she said \"\"fixed\"\"\nand it was\",yes\n"
            + "\n"
            + "Wi-Fi,4,ünïcødé ✓,\n"
            + "Printing,3,,1";
    for (int chunk : new int[] {1, 2, 3, 7, 64, 4096}) {
      rows.clear();
      bad.clear();
      read(csv, chunk);
      assertThat(bad).as("chunk %d", chunk).isEmpty();
      assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 6L, 7L);
      assertThat(rows.get(0).fields()).isEqualTo(new JsonObject().put("service", "VPN").put("rating", 2).put("comment", "slow, very slow").put("slaMet", false));
      assertThat(rows.get(1).fields().getString("comment")).isEqualTo("she said \"fixed\"\nand it was");
      assertThat(rows.get(2).fields().getString("comment")).isEqualTo("ünïcødé ✓");
      assertThat(rows.get(2).fields().containsKey("slaMet")).isFalse();
      assertThat(rows.get(3).fields().getBoolean("slaMet")).isTrue();
    }
  }

  @Test
  void badRowsAreReportedWithTheirLineAndFieldAndTheRestIsRead() {
    read(
        "service,rating,nps,slaMet\n"
            + "VPN,x,,\n"
            + "VPN,4,ten,\n"
            + "VPN,4,,perhaps\n"
            + "VPN,4\n"
            + "VPN,\"4\"x,,\n"
            + "VPN,5,9,true\n"
            + "VPN,3,\"unclosed\n",
        5);
    assertThat(bad)
        .extracting(Bad::line, Bad::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "rating"),
            org.assertj.core.groups.Tuple.tuple(3L, "nps"),
            org.assertj.core.groups.Tuple.tuple(4L, "slaMet"),
            org.assertj.core.groups.Tuple.tuple(5L, "line"),
            org.assertj.core.groups.Tuple.tuple(6L, "line"),
            org.assertj.core.groups.Tuple.tuple(8L, "line"));
    assertThat(rows).extracting(Row::line).containsExactly(7L);
  }

  @Test
  void anUnknownOrMissingHeaderColumnStopsTheImport() {
    assertThatThrownBy(() -> read("service,ratting\nVPN,4\n", 64))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("ratting")
        .extracting(e -> ((BadInputException) e).field())
        .isEqualTo("header");
    assertThatThrownBy(() -> read("service,comment\nVPN,hi\n", 64)).hasMessageContaining("rating");
    assertThatThrownBy(() -> read("service,rating,service\n", 64)).hasMessageContaining("twice");
  }

  @Test
  void lostMinutesIsReadAsAnInteger() {
    read("service,rating,lostMinutes\nVPN,2,240\nVPN,3,\nVPN,4,soon\n", 7);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).fields().getValue("lostMinutes")).isEqualTo(240);
    assertThat(rows.get(1).fields().containsKey("lostMinutes")).as("an empty cell is absent").isFalse();
    assertThat(bad).containsExactly(new Bad(4, "lostMinutes", "lostMinutes must be an integer"));
  }
}
