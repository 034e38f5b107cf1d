package io.perceive.analytics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CsvTest {

  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() {
    List<List<String>> r = Csv.parse("a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\n4,5,6");
    assertThat(r).containsExactly(List.of("a", "b", "c"), List.of("1", "x, \"y\"\nz", "3"), List.of("4", "5", "6"));
  }
}
