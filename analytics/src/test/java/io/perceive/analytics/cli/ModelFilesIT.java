package io.perceive.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics jar carries only the three model files the pipeline loads, and they are
 * enough: {@code perceive score} runs in a JVM whose class path has no CoreNLP model jar.
 */
@Tag("corenlp")
@Timeout(600)
class ModelFilesIT {

  private static final List<String> MODELS =
      List.of(
          "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger",
          "edu/stanford/nlp/models/srparser/englishSR.ser.gz",
          "edu/stanford/nlp/models/sentiment/sentiment.ser.gz");

  @TempDir Path dir;

  private static Path analyticsJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("perceive-analytics-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().contains("sources"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void theJarCarriesExactlyThePipelineModels() throws Exception {
    List<String> models = new ArrayList<>();
    try (JarFile jar = new JarFile(analyticsJar().toFile())) {
      jar.stream()
          .map(e -> e.getName())
          .filter(n -> n.startsWith("edu/stanford/nlp/models/") && !n.endsWith("/"))
          .forEach(models::add);
    }
    assertThat(models).containsExactlyInAnyOrderElementsOf(MODELS);
  }

  @Test
  void scoringRunsWithoutTheModelJars() throws Exception {
    List<String> classPath = new ArrayList<>();
    classPath.add(analyticsJar().toAbsolutePath().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      boolean modelJar = entry.contains("stanford-corenlp") && entry.contains("-models");
      boolean ownClasses = entry.endsWith("target" + File.separator + "classes");
      if (!modelJar && !ownClasses && entry.endsWith(".jar")) {
        classPath.add(entry);
      }
    }
    assertThat(classPath).noneMatch(e -> e.contains("-models"));
    Path in = dir.resolve("in.jsonl");
    Path out = dir.resolve("out.jsonl");
    Files.writeString(in, "{\"id\": 1, \"text\": \"The engineer was fast but rude.\"}\n", StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1500m",
                "-cp",
                String.join(File.pathSeparator, classPath),
                ScoreCommand.class.getName(),
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--threads",
                "1")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log.txt").toFile())
            .start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();
    JsonNode line = new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
    assertThat(line.get("competency").get("courtesy").asDouble()).isNegative();
  }
}
