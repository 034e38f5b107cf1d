package io.perceive.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perceive.analytics.sentiment.SharedScorer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("corenlp")
@Timeout(300)
class ScoreCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static void assertContractLine(JsonNode line) {
    assertThat(line.has("id")).isTrue();
    JsonNode sentiment = line.get("sentiment");
    assertThat(sentiment.get("score").asDouble()).isBetween(-1.0, 1.0);
    assertThat(sentiment.get("label").asText()).isIn("negative", "neutral", "positive");
    assertThat(sentiment.get("probabilities").size()).isEqualTo(3);
    assertThat(line.get("competency").isObject()).isTrue();
    line.get("competency").forEach(v -> assertThat(v.asDouble()).isBetween(-1.0, 1.0));
    assertThat(line.get("language").asText()).isNotBlank();
    assertThat(line.get("sentences").isArray()).isTrue();
  }

  @Test
  void writesOneContractLinePerInputIncludingEmptyHugeAndForeign() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    List<String> lines = new ArrayList<>();
    lines.add(JSON.writeValueAsString(java.util.Map.of("id", "a", "text", "The engineer was fast but rude.")));
    lines.add("{\"id\": 2, \"text\": \"Nothing.\", \"rating\": 5, \"question\": \"What could we have done better?\"}");
    lines.add("{\"id\": \"empty\", \"text\": \"\"}");
    lines.add("{\"id\": \"missing\"}");
    lines.add(JSON.writeValueAsString(java.util.Map.of("id", "huge", "text", "word ".repeat(2_000))));
    lines.add("{\"id\": \"fr\", \"text\": \"Merci beaucoup, le technicien était très sympathique.\"}");
    Files.write(in, lines, StandardCharsets.UTF_8);

    int exit =
        new CommandLine(new ScoreCommand(SharedScorer::get))
            .execute("--input", in.toString(), "--output", out.toString(), "--no-progress");

    assertThat(exit).isZero();
    List<String> written = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(written).hasSize(lines.size());
    List<JsonNode> nodes = new ArrayList<>();
    for (String w : written) {
      JsonNode node = JSON.readTree(w);
      assertContractLine(node);
      nodes.add(node);
    }
    assertThat(nodes.get(0).get("id").asText()).isEqualTo("a");
    assertThat(nodes.get(0).get("competency").get("courtesy").asDouble()).isNegative();
    assertThat(nodes.get(1).get("id").asInt()).isEqualTo(2);
    assertThat(nodes.get(1).get("sentiment").get("label").asText()).isEqualTo("positive");
    assertThat(nodes.get(2).get("sentences")).isEmpty();
    assertThat(nodes.get(5).get("language").asText()).isEqualTo("fr");
  }

  @Test
  void invalidLinesGetAnErrorLineAndExitOne() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    Files.write(
        in,
        List.of("not json", "{\"id\": 1, \"text\": \"fine\", \"rating\": 9}", "{\"id\": 2, \"text\": \"good\"}"),
        StandardCharsets.UTF_8);

    int exit =
        new CommandLine(new ScoreCommand(SharedScorer::get))
            .execute("--input", in.toString(), "--output", out.toString(), "--no-progress");

    assertThat(exit).isEqualTo(1);
    List<String> written = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(written).hasSize(3);
    assertThat(JSON.readTree(written.get(0)).get("error").asText()).contains("JSON");
    assertThat(JSON.readTree(written.get(1)).get("error").asText()).contains("rating");
    assertContractLine(JSON.readTree(written.get(2)));
  }
}
