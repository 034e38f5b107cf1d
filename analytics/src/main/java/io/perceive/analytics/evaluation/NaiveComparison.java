package io.perceive.analytics.evaluation;

import static io.perceive.analytics.evaluation.Figures.comments;
import static io.perceive.analytics.evaluation.Figures.fmt;
import static io.perceive.analytics.evaluation.Figures.gold;
import static io.perceive.analytics.evaluation.Figures.labels;
import static io.perceive.analytics.evaluation.Figures.values;
import static io.perceive.analytics.evaluation.Halves.sample;

import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The naive CoreNLP pipeline against the scorer on the same held-out sample: figures, paired
 * differences with bootstrap intervals, and throughput.
 */
record NaiveComparison(int limit, Run run) {

  static final int BOOTSTRAP_ROUNDS = 2000;


  void run(List<DataSet> sets, CoreNlpCommentScorer scorer) {
    run.progress().accept("loading the naive CoreNLP pipeline (PCFG)");
    NaiveBaseline naive;
    try {
      naive = new NaiveBaseline();
      naive.score("Warm up the models.");
    } catch (RuntimeException e) {
      // The analytics jar carries only the scorer's three model files, not englishPCFG.
      run.report().append(
          "Naive baseline skipped: its PCFG model is not on the class path (it is in the "
              + "stanford-corenlp models jar; run the evaluate Maven profile).\n");
      run.progress().accept("naive baseline skipped: englishPCFG.ser.gz is not on the class path");
      return;
    }
    run.report().append("### Same run, same sample: naive CoreNLP default vs the scorer\n\n");
    run.report().append(
        "Sample: up to " + limit + " held-out rows per set, stratified by label, "
            + "chosen by a fixed hash.\n\n");
    run.report().append(
        "| set | n | macro-F1 naive | macro-F1 scorer | accuracy naive | accuracy scorer "
            + "| Pearson naive | Pearson scorer | Spearman naive | Spearman scorer |\n");
    run.report().append("|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<LabelledText>> samples = new LinkedHashMap<>();
    Map<String, Long> naiveNanos = new LinkedHashMap<>();
    List<String> differences = new ArrayList<>();
    for (DataSet set : sets) {
      List<LabelledText> sample = sample(set, limit);
      samples.put(set.name(), sample);
      run.progress().accept("naive baseline on " + set.name() + " (" + sample.size() + ")");
      List<String> naiveLabels = new ArrayList<>();
      double[] naiveScores = new double[sample.size()];
      long start = System.nanoTime();
      for (int i = 0; i < sample.size(); i++) {
        NaiveBaseline.Result r = naive.score(sample.get(i).text());
        naiveLabels.add(r.label());
        naiveScores[i] = r.score();
      }
      naiveNanos.put(set.name(), System.nanoTime() - start);
      List<CommentScore> scores = scorer.scoreAll(comments(sample));
      Figures n = Figures.of(set, sample, naiveLabels, naiveScores);
      Figures s = Figures.of(set, sample, labels(scores), values(scores));
      differences.add(differenceRow(set, sample, naiveLabels, naiveScores, labels(scores), values(scores)));
      run.report().append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              set.name(),
              sample.size(),
              fmt(n.f1()),
              fmt(s.f1()),
              fmt(n.accuracy()),
              fmt(s.accuracy()),
              fmt(n.pearson()),
              fmt(s.pearson()),
              fmt(n.spearman()),
              fmt(s.spearman())));
    }
    run.report().append('\n');
    differences(differences);
    throughput(samples, naiveNanos, scorer);
  }

  /**
   * Scorer minus naive on the same rows, each with a paired bootstrap 95% interval: a sample of
   * a few hundred rows holds only a few dozen of a rare class (neutral movie snippets), so a
   * difference of 0.02 macro-F1 can be two rows.
   */
  static String differenceRow(
      DataSet set,
      List<LabelledText> sample,
      List<String> naiveLabels,
      double[] naiveScores,
      List<String> scorerLabels,
      double[] scorerScores) {
    List<String> gold = gold(sample);
    ToDoubleFunction<int[]> f1 =
        rows -> {
          List<String> g = Metrics.pick(gold, rows);
          return Metrics.macroF1(g, Metrics.pick(scorerLabels, rows), set.classes())
              - Metrics.macroF1(g, Metrics.pick(naiveLabels, rows), set.classes());
        };
    ToDoubleFunction<int[]> accuracy =
        rows -> {
          List<String> g = Metrics.pick(gold, rows);
          return Metrics.accuracy(g, Metrics.pick(scorerLabels, rows))
              - Metrics.accuracy(g, Metrics.pick(naiveLabels, rows));
        };
    StringBuilder row = new StringBuilder("| ").append(set.name()).append(" | ").append(sample.size());
    row.append(difference(f1, sample.size())).append(difference(accuracy, sample.size()));
    if (sample.stream().allMatch(r -> r.intensity() != null)) {
      double[] human = sample.stream().mapToDouble(LabelledText::intensity).toArray();
      ToDoubleFunction<int[]> pearson =
          rows -> {
            double[] h = Metrics.pick(human, rows);
            return Metrics.pearson(h, Metrics.pick(scorerScores, rows))
                - Metrics.pearson(h, Metrics.pick(naiveScores, rows));
          };
      ToDoubleFunction<int[]> spearman =
          rows -> {
            double[] h = Metrics.pick(human, rows);
            return Metrics.spearman(h, Metrics.pick(scorerScores, rows))
                - Metrics.spearman(h, Metrics.pick(naiveScores, rows));
          };
      row.append(difference(pearson, sample.size())).append(difference(spearman, sample.size()));
    } else {
      row.append(" | - | -");
    }
    return row.append(" |\n").toString();
  }

  static String difference(ToDoubleFunction<int[]> metric, int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    double point = metric.applyAsDouble(all);
    double[] ci = Metrics.bootstrapInterval(n, metric, BOOTSTRAP_ROUNDS);
    return String.format(Locale.ROOT, " | %+.3f [%+.3f, %+.3f]", point, ci[0], ci[1]);
  }

  void differences(List<String> rows) {
    run.report().append(
        "Scorer minus naive on the same rows, with paired bootstrap 95% intervals ("
            + BOOTSTRAP_ROUNDS
            + " resamples of the rows):\n\n");
    run.report().append("| set | n | macro-F1 | accuracy | Pearson | Spearman |\n");
    run.report().append("|---|---|---|---|---|---|\n");
    rows.forEach(run.report()::append);
    run.report().append('\n');
  }

  /**
   * Comments per second of the naive pipeline (timed above: one pass, one thread) and of the
   * scorer with its pool, per set and over all samples. The scorer's passes take seconds where
   * the naive one takes minutes, so a burst of load from other processes skews them more: each
   * scorer figure is the median of three passes, each with a sentence cache starting empty.
   */
  void throughput(
      Map<String, List<LabelledText>> samples, Map<String, Long> naiveNanos, CoreNlpCommentScorer scorer) {
    run.progress().accept("timing the scorer on the same comments");
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    run.report().append("### Throughput, same comments, same run\n\n");
    run.report().append(
        String.format(
            Locale.ROOT,
            "Naive: one pass, one thread, one comment at a time. Scorer: %d worker threads, median "
                + "of three passes, each with a sentence cache starting empty (and, last column, "
                + "with no cache). %d cores; system load average %.1f when timing started (other "
                + "builds share the machine).%n%n",
            scorer.threads(),
            Runtime.getRuntime().availableProcessors(),
            load));
    run.report().append(
        "| comments | n | naive comments/s | scorer comments/s | ratio | scorer without cache, comments/s | ratio |\n");
    run.report().append("|---|---|---|---|---|---|---|\n");
    long naiveTotal = 0;
    List<CoreNlpCommentScorer.Comment> all = new ArrayList<>();
    for (var e : samples.entrySet()) {
      List<CoreNlpCommentScorer.Comment> comments = comments(e.getValue());
      all.addAll(comments);
      long naive = naiveNanos.get(e.getKey());
      naiveTotal += naive;
      run.report().append(
          throughputRow(
              e.getKey(),
              comments.size(),
              naive,
              medianNanos(scorer, comments, CoreNlpCommentScorer.DEFAULT_CACHE_SIZE),
              medianNanos(scorer, comments, 0)));
    }
    run.report().append(
        throughputRow(
            "all of the above, in one batch",
            all.size(),
            naiveTotal,
            medianNanos(scorer, all, CoreNlpCommentScorer.DEFAULT_CACHE_SIZE),
            medianNanos(scorer, all, 0)));
    run.report().append('\n');
  }

  static long medianNanos(
      CoreNlpCommentScorer scorer, List<CoreNlpCommentScorer.Comment> comments, int cacheSize) {
    long[] nanos = new long[3];
    for (int i = 0; i < nanos.length; i++) {
      try (CoreNlpCommentScorer fresh = scorer.withFreshCache(cacheSize)) {
        long start = System.nanoTime();
        fresh.scoreAll(comments);
        nanos[i] = System.nanoTime() - start;
      }
    }
    java.util.Arrays.sort(nanos);
    return nanos[1];
  }

  static String throughputRow(String name, int n, long naive, long cached, long uncached) {
    double naiveRate = n / (naive / 1e9);
    double cachedRate = n / (cached / 1e9);
    double uncachedRate = n / (uncached / 1e9);
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
        name,
        n,
        naiveRate,
        cachedRate,
        cachedRate / naiveRate,
        uncachedRate,
        uncachedRate / naiveRate);
  }
}
