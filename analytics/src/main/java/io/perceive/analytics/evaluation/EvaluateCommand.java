package io.perceive.analytics.evaluation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perceive evaluate --data DIR}: measures the scorer on every labelled set under DIR and,
 * in the same run, the naive CoreNLP pipeline on a sample; prints one report (Markdown). The
 * naive baseline needs the full CoreNLP {@code models} jar on the classpath (the Maven profile
 * {@code evaluate} provides it).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Measures sentiment and competency scoring against human-labelled data.")
public class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--data", description = "folder of labelled sets (default: ../shared/data)")
  Path data = Path.of("../shared/data");

  @Option(
      names = "--limit",
      description = "held-out rows per set for the naive baseline comparison (default: 1000)")
  int limit = 1000;

  @Option(names = "--no-baseline", description = "skip the naive CoreNLP baseline")
  boolean noBaseline;

  @Option(
      names = "--fit",
      paramLabel = "FILE",
      description =
          "fit the word model and the combiner on the fit halves, write the combiner's weights to "
              + "FILE and the word model's to word_model.tsv beside it, evaluate with them")
  Path fit;

  @Option(
      names = "--features-cache",
      paramLabel = "FILE",
      description = "keep the combiner's inputs per row in FILE and reuse them (speeds up refits)")
  Path featuresCache;

  @Option(
      names = "--survey-only",
      description =
          "only the survey answers with rating and question (nhs-fft-v6-fit): figures, and with "
              + "--fit the survey context model alone")
  boolean surveyOnly;

  @Option(names = "--report", paramLabel = "FILE", description = "also write the report to FILE")
  Path report;

  @Option(names = "--threads", description = "scorer worker threads (default: the number of cores)")
  int threads = Runtime.getRuntime().availableProcessors();

  public static void main(String[] args) {
    System.exit(new CommandLine(new EvaluateCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(data)) {
      System.err.println("no data folder at " + data.toAbsolutePath());
      return 2;
    }
    Evaluation evaluation =
        new Evaluation(
            new Evaluation.Options(data, limit, fit, !noBaseline, threads, featuresCache, surveyOnly),
            message -> System.err.println("evaluate: " + message));
    String out = evaluation.run();
    System.out.println(out);
    if (report != null) {
      Files.writeString(report, out, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
