package io.perceive.analytics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The harness end to end on a small labelled folder, with the real models. */
@Tag("corenlp")
@Timeout(300)
class EvaluationTest {

  private static final String[] GOOD = {
    "Great phone, works well", "Excellent value and a quick delivery", "I love this headset",
    "Very helpful support, sorted in minutes", "Sound quality is superb", "Happy with it, recommended"
  };

  private static final String[] BAD = {
    "Terrible, it broke after a day", "Waste of money", "The battery is awful",
    "Rude support and a long wait", "It stopped working, very disappointed", "Poor quality, returned it"
  };

  private static void uci(Path file, int variant) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      boolean good = i % 2 == 0;
      String[] pool = good ? GOOD : BAD;
      lines.add(pool[(i / 2 + variant) % pool.length] + " (" + i + ")\t" + (good ? 1 : 0));
    }
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  @Test
  void fitWritesBothModelsAndReportsTheNewKindOfTextReading(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    uci(data.resolve("uci-sentiment-labelled-sentences/amazon_cells_labelled.txt"), 0);
    uci(data.resolve("uci-sentiment-labelled-sentences/yelp_labelled.txt"), 3);
    Path combiner = dir.resolve("fit/combiner.tsv");
    Evaluation evaluation =
        new Evaluation(new Evaluation.Options(data, 100, combiner, false, 2, null, false), message -> {});

    String report = evaluation.run(SharedScorer.get());

    assertThat(combiner).exists();
    assertThat(Files.readString(combiner)).contains("words");
    Path words = dir.resolve("fit/word_model.tsv");
    assertThat(words).exists();
    List<String> weights = Files.readAllLines(words);
    assertThat(weights.get(0)).startsWith("# fitted by perceive evaluate --fit");
    assertThat(weights).anyMatch(l -> l.startsWith("<bias>\t"));
    // Words of the positive rows weigh positive, of the negative ones negative.
    assertThat(weight(weights, "excellent")).isPositive();
    assertThat(weight(weights, "waste")).isNegative();
    assertThat(report)
        .contains("Word model fitted on the positive and negative rows of the fit halves: uci/amazon_cells")
        .contains("Sentiment, held-out halves, scorer and its parts")
        .contains("with a word model fitted without the row's set")
        .contains("| uci/yelp |");
  }

  private static double weight(List<String> lines, String feature) {
    return lines.stream()
        .filter(l -> l.startsWith(feature + "\t"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf('\t') + 1)))
        .findFirst()
        .orElse(0);
  }
}
