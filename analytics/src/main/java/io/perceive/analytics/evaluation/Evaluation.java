package io.perceive.analytics.evaluation;

import io.perceive.analytics.sentiment.Combiner;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.analytics.sentiment.WordModel;
import io.perceive.analytics.text.TextNormalizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the scorer against human labels and, in the same run, against the naive CoreNLP
 * pipeline. Every set is split in two halves by a hash of its name and row id: the combiner is
 * fitted (with {@code fit}) on the first half only, and every figure is computed on the second.
 */
final class Evaluation {

  /** What to run. */
  public record Options(
      Path data,
      int limit,
      Path fitOutput,
      boolean baseline,
      int threads,
      Path featuresCache,
      boolean surveyOnly) {}

  private final Options options;
  private final Consumer<String> progress;
  private final StringBuilder report = new StringBuilder();

  public Evaluation(Options options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs everything and returns the report (Markdown). */
  public String run() throws IOException {
    List<DataSet> sets = options.surveyOnly() ? List.of() : sets();
    progress.accept("loading the scorer");
    long t0 = System.nanoTime();
    try (CoreNlpCommentScorer loaded = CoreNlpCommentScorer.load(options.threads())) {
      progress.accept(String.format(Locale.ROOT, "loaded in %.1f s", (System.nanoTime() - t0) / 1e9));
      return run(sets, loaded);
    }
  }

  /**
   * Runs everything with a scorer already loaded (its models are shared, its combiner and word
   * model replaced where {@code fit} asks for it; it stays open), and returns the report.
   */
  public String run(CoreNlpCommentScorer loaded) throws IOException {
    return run(options.surveyOnly() ? List.of() : sets(), loaded);
  }

  private List<DataSet> sets() throws IOException {
    List<DataSet> sets = DataSets.load(options.data());
    if (sets.isEmpty()) {
      throw new IOException("no labelled sets under " + options.data());
    }
    return sets;
  }

  private String run(List<DataSet> sets, CoreNlpCommentScorer loaded) throws IOException {
    if (options.surveyOnly()) {
      new SurveyFigures(new Run(progress, report), options.fitOutput()).run(options.data(), loaded);
      return report.toString();
    }
    Map<DataSet, List<double[]>> features = new FeatureTable(options.featuresCache(), progress).read(sets, loaded);
    Run run = new Run(progress, report);
    ModelFits fits = new ModelFits(options.fitOutput(), run);
    Combiner combiner = loaded.combiner();
    WordModel words = loaded.words();
    Map<DataSet, List<double[]>> unseen = null;
    if (options.fitOutput() != null) {
      ModelFits.WordFit wordFit = fits.fitWords(sets);
      words = wordFit.model();
      // The combiner learns how far to trust the word model from rows of sets it was not
      // trained on: that is the situation of every comment Perceive scores in production.
      FeatureTable.setWords(
          sets,
          features,
          (set, row) ->
              Halves.isHeldOut(set, row)
                  ? wordFit.model().score(wordFit.features().get(FeatureTable.key(set, row)))
                  : wordFit.unseen().get(FeatureTable.key(set, row)));
      combiner = fits.fit(sets, features);
      unseen = new LinkedHashMap<>();
      for (DataSet set : sets) {
        List<double[]> copy = new ArrayList<>();
        for (double[] x : features.get(set)) {
          copy.add(x == null ? null : x.clone());
        }
        unseen.put(set, copy);
      }
      FeatureTable.setWords(sets, unseen, (set, row) -> wordFit.unseen().get(FeatureTable.key(set, row)));
    } else {
      WordModel shipped = words;
      FeatureTable.setWords(sets, features, (set, row) -> shipped.score(TextNormalizer.normalize(row.text())));
    }
    try (CoreNlpCommentScorer scorer = loaded.withModels(combiner, loaded.context(), words)) {
      HeldOutFigures heldOut = new HeldOutFigures(report);
      heldOut.sentiment(sets, features, combiner, "Sentiment, held-out halves, scorer and its parts");
      if (unseen != null) {
        heldOut.sentiment(
            sets,
            unseen,
            combiner,
            "Sentiment, held-out halves, with a word model fitted without the row's set (as on text of a new kind)");
      }
      heldOut.shortRows(sets, features, combiner);
      heldOut.competency(sets, scorer);
      new SurveyFigures(run, options.fitOutput()).run(options.data(), scorer);
      if (options.baseline()) {
        new NaiveComparison(options.limit(), run).run(sets, scorer);
      }
    }
    report.append(String.format(Locale.ROOT, "%nPeak heap used: %d MB%n", peakHeapMb()));
    return report.toString();
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }
}
