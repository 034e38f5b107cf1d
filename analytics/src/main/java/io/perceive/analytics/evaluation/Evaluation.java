package io.perceive.analytics.evaluation;

import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.sentiment.Combiner;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.analytics.sentiment.Features;
import io.perceive.analytics.sentiment.WordModel;
import io.perceive.analytics.text.TextNormalizer;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import java.util.zip.CRC32;

/**
 * Measures the scorer against human labels and, in the same run, against the naive CoreNLP
 * pipeline. Every set is split in two halves by a hash of its name and row id: the combiner is
 * fitted (with {@code fit}) on the first half only, and every figure is computed on the second.
 */
public final class Evaluation {

  /** What to run. */
  public record Options(
      Path data, int limit, Path fitOutput, boolean baseline, int threads, Path featuresCache) {}

  private static final int BOOTSTRAP_ROUNDS = 2000;

  private static final List<String> DIMENSIONS =
      List.of(Dimension.COURTESY, Dimension.KNOWLEDGE, Dimension.COMMUNICATION, Dimension.TIMELINESS);

  private final Options options;
  private final Consumer<String> progress;
  private final StringBuilder report = new StringBuilder();

  public Evaluation(Options options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs everything and returns the report (Markdown). */
  public String run() throws IOException {
    List<DataSet> sets = sets();
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
    return run(sets(), loaded);
  }

  private List<DataSet> sets() throws IOException {
    List<DataSet> sets = DataSets.load(options.data());
    if (sets.isEmpty()) {
      throw new IOException("no labelled sets under " + options.data());
    }
    return sets;
  }

  private String run(List<DataSet> sets, CoreNlpCommentScorer loaded) throws IOException {
    Map<DataSet, List<double[]>> features = features(sets, loaded);
    Combiner combiner = loaded.combiner();
    WordModel words = loaded.words();
    Map<DataSet, List<double[]>> unseen = null;
    if (options.fitOutput() != null) {
      WordFit wordFit = fitWords(sets);
      words = wordFit.model();
      // The combiner learns how far to trust the word model from rows of sets it was not
      // trained on: that is the situation of every comment Perceive scores in production.
      setWords(
          sets,
          features,
          (set, row) ->
              isHeldOut(set, row)
                  ? wordFit.model().score(wordFit.features().get(key(set, row)))
                  : wordFit.unseen().get(key(set, row)));
      combiner = fit(sets, features);
      unseen = new LinkedHashMap<>();
      for (DataSet set : sets) {
        List<double[]> copy = new ArrayList<>();
        for (double[] x : features.get(set)) {
          copy.add(x == null ? null : x.clone());
        }
        unseen.put(set, copy);
      }
      setWords(sets, unseen, (set, row) -> wordFit.unseen().get(key(set, row)));
    } else {
      WordModel shipped = words;
      setWords(sets, features, (set, row) -> shipped.score(TextNormalizer.normalize(row.text())));
    }
    try (CoreNlpCommentScorer scorer = loaded.withModels(combiner, words)) {
      heldOut(sets, features, combiner, "Sentiment, held-out halves, scorer and its parts");
      if (unseen != null) {
        heldOut(
            sets,
            unseen,
            combiner,
            "Sentiment, held-out halves, with a word model fitted without the row's set (as on text of a new kind)");
      }
      competency(sets, scorer);
      if (options.baseline()) {
        baseline(sets, scorer);
      }
    }
    report.append(String.format(Locale.ROOT, "%nPeak heap used: %d MB%n", peakHeapMb()));
    return report.toString();
  }

  /**
   * The combiner's input for every row, read from the cache file when one is given and
   * present (features depend on the models, the lexicon and the normaliser, not on the fit).
   */
  @SuppressWarnings("unchecked")
  private Map<DataSet, List<double[]>> features(List<DataSet> sets, CoreNlpCommentScorer scorer)
      throws IOException {
    Map<String, double[]> cached = new HashMap<>();
    Path cache = options.featuresCache();
    if (cache != null && Files.isRegularFile(cache)) {
      try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(cache))) {
        cached = (Map<String, double[]>) in.readObject();
      } catch (ClassNotFoundException e) {
        throw new IOException(e);
      }
      progress.accept("read features of " + cached.size() + " rows from " + cache);
    }
    Map<DataSet, List<double[]>> out = new LinkedHashMap<>();
    HashMap<String, double[]> all = new HashMap<>();
    for (DataSet set : sets) {
      List<String> missing = new ArrayList<>();
      for (LabelledText row : set.rows()) {
        if (!isCached(cached, set.name() + "\t" + row.id())) {
          missing.add(row.text());
        }
      }
      progress.accept("reading " + set.name() + " (" + missing.size() + " of " + set.rows().size() + " rows)");
      List<double[]> fresh = scorer.featuresAll(missing);
      int next = 0;
      List<double[]> f = new ArrayList<>(set.rows().size());
      for (LabelledText row : set.rows()) {
        String key = set.name() + "\t" + row.id();
        double[] x = isCached(cached, key) ? cached.get(key) : fresh.get(next++);
        f.add(x);
        all.put(key, x);
      }
      out.put(set, f);
    }
    if (cache != null) {
      try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(cache))) {
        o.writeObject(all);
      }
    }
    return out;
  }

  /** A cached row counts only when it has today's features (a cache of older code is re-read). */
  private static boolean isCached(Map<String, double[]> cached, String key) {
    return cached.containsKey(key)
        && (cached.get(key) == null || cached.get(key).length == Features.NAMES.size());
  }

  private static String key(DataSet set, LabelledText row) {
    return set.name() + "\t" + row.id();
  }

  /** Sets the word-model column of every row's features. */
  private static void setWords(
      List<DataSet> sets,
      Map<DataSet, List<double[]>> features,
      ToDoubleBiFunction<DataSet, LabelledText> score) {
    int column = Features.NAMES.indexOf("words");
    for (DataSet set : sets) {
      List<double[]> f = features.get(set);
      for (int i = 0; i < f.size(); i++) {
        if (f.get(i) != null) {
          f.get(i)[column] = score.applyAsDouble(set, set.rows().get(i));
        }
      }
    }
  }

  /**
   * The word model fitted on every set's fit half, and for each row the score of a word model
   * fitted on the fit halves of the other sets only.
   */
  private record WordFit(
      WordModel model, Map<String, List<String>> features, Map<String, Double> unseen) {}

  private static final int WORD_MIN_COUNT = 2;

  private static final int WORD_EPOCHS = 5;

  /**
   * Fits the word model on the positive and negative rows of the fit halves (each set weighs the
   * same, and within a set each of the two labels), writes it beside the combiner, and scores
   * every row with a model fitted without its set.
   */
  private WordFit fitWords(List<DataSet> sets) throws IOException {
    Map<String, List<String>> grams = new HashMap<>();
    List<String> setOf = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    List<Double> weight = new ArrayList<>();
    StringBuilder used = new StringBuilder();
    for (DataSet set : sets) {
      int[] perLabel = new int[2];
      List<LabelledText> train = new ArrayList<>();
      for (LabelledText row : set.rows()) {
        grams.put(key(set, row), WordModel.features(TextNormalizer.normalize(row.text())));
        if (!isHeldOut(set, row)
            && !row.fitExcluded()
            && (CommentScore.POSITIVE.equals(row.label()) || CommentScore.NEGATIVE.equals(row.label()))) {
          train.add(row);
          perLabel[CommentScore.POSITIVE.equals(row.label()) ? 1 : 0]++;
        }
      }
      for (LabelledText row : train) {
        boolean pos = CommentScore.POSITIVE.equals(row.label());
        setOf.add(set.name());
        rows.add(grams.get(key(set, row)));
        positive.add(pos);
        weight.add(1.0 / (2.0 * perLabel[pos ? 1 : 0]));
      }
      used.append(set.name()).append(' ').append(train.size()).append(", ");
    }
    Map<String, Double> unseen = new HashMap<>();
    for (DataSet set : sets) {
      progress.accept("fitting the word model without " + set.name());
      WordModel without = fitWordsWhere(setOf, rows, positive, weight, s -> !s.equals(set.name()));
      for (LabelledText row : set.rows()) {
        unseen.put(key(set, row), without.score(grams.get(key(set, row))));
      }
    }
    progress.accept("fitting the word model on " + rows.size() + " rows");
    WordModel model = fitWordsWhere(setOf, rows, positive, weight, s -> true);
    Path out = options.fitOutput().toAbsolutePath().resolveSibling("word_model.tsv");
    Files.createDirectories(out.getParent());
    String provenance =
        String.format(
            Locale.ROOT,
            "positive and negative rows of the fit halves: %s; words and pairs seen in at least %d rows; %d passes",
            used.substring(0, used.length() - 2),
            WORD_MIN_COUNT,
            WORD_EPOCHS);
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      model.write(w, provenance);
    }
    report.append("Word model fitted on the ")
        .append(provenance)
        .append(" (")
        .append(model.size())
        .append(" weights), written to ")
        .append(out)
        .append(".\n\n");
    return new WordFit(model, grams, unseen);
  }

  private static WordModel fitWordsWhere(
      List<String> setOf,
      List<List<String>> rows,
      List<Boolean> positive,
      List<Double> weight,
      Predicate<String> keep) {
    List<List<String>> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (keep.test(setOf.get(i))) {
        x.add(rows.get(i));
        y.add(positive.get(i));
        w.add(weight.get(i));
      }
    }
    boolean[] labels = new boolean[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i);
    }
    return WordModel.fit(
        x, labels, w.stream().mapToDouble(Double::doubleValue).toArray(), WORD_MIN_COUNT, WORD_EPOCHS);
  }

  static boolean isHeldOut(DataSet set, LabelledText row) {
    return hash(set.name() + "/" + row.id()) % 2 == 1;
  }

  private static long hash(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /**
   * Fits on the fit halves. Each set weighs the same, and within the pooled data each label
   * weighs the same (macro-F1 rewards the rare neutral class); then the neutral bias is moved
   * to where the mean macro-F1 over the sets' fit halves is highest.
   */
  private Combiner fit(List<DataSet> sets, Map<DataSet, List<double[]>> features) throws IOException {
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    Map<DataSet, List<Integer>> rowsBySet = new LinkedHashMap<>();
    StringBuilder used = new StringBuilder();
    for (DataSet set : sets) {
      List<double[]> f = features.get(set);
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < set.rows().size(); i++) {
        LabelledText row = set.rows().get(i);
        if (!isHeldOut(set, row) && !row.fitExcluded() && row.label() != null && f.get(i) != null) {
          idx.add(i);
        }
      }
      rowsBySet.put(set, idx);
      for (int i : idx) {
        x.add(f.get(i));
        y.add(DataSets.THREE.indexOf(set.rows().get(i).label()));
        w.add(1.0 / idx.size());
      }
      used.append(set.name()).append(' ').append(idx.size()).append(", ");
    }
    double[] classWeight = new double[3];
    for (int i = 0; i < y.size(); i++) {
      classWeight[y.get(i)] += w.get(i);
    }
    for (int i = 0; i < y.size(); i++) {
      w.set(i, w.get(i) / (3 * classWeight[y.get(i)]));
    }
    progress.accept("fitting the combiner on " + x.size() + " rows");
    Combiner c =
        Combiner.fit(
            x.toArray(new double[0][]),
            y.stream().mapToInt(Integer::intValue).toArray(),
            w.stream().mapToDouble(Double::doubleValue).toArray(),
            1e-3,
            3000);
    double bestShift = 0;
    double bestF1 = -1;
    for (double shift = -1.5; shift <= 1.5001; shift += 0.1) {
      Combiner shifted = c.withBiasShift(1, shift);
      double sum = 0;
      for (var e : rowsBySet.entrySet()) {
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int i : e.getValue()) {
          gold.add(e.getKey().rows().get(i).label());
          predicted.add(label(shifted.predict(features.get(e.getKey()).get(i))));
        }
        sum += Metrics.macroF1(gold, predicted, e.getKey().classes());
      }
      if (sum > bestF1 + 1e-9) {
        bestF1 = sum;
        bestShift = shift;
      }
    }
    c = c.withBiasShift(1, bestShift);
    Files.createDirectories(options.fitOutput().toAbsolutePath().getParent());
    String provenance =
        String.format(
            Locale.ROOT,
            "fit halves: %s; neutral bias shift %.1f",
            used.substring(0, used.length() - 2),
            bestShift);
    try (Writer out = Files.newBufferedWriter(options.fitOutput(), StandardCharsets.UTF_8)) {
      c.write(out, provenance);
    }
    report.append("Combiner fitted on the fit halves (")
        .append(provenance)
        .append("), written to ")
        .append(options.fitOutput())
        .append(".\n\n");
    return c;
  }

  static String label(double[] p) {
    int best = 1;
    for (int i = 0; i < 3; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return DataSets.THREE.get(best);
  }

  /**
   * Figures on the held-out halves, from the features and the combiner: without survey context
   * this is exactly what {@link CoreNlpCommentScorer#score(String)} computes (a test checks it),
   * without parsing every row a second time.
   */
  private void heldOut(
      List<DataSet> sets, Map<DataSet, List<double[]>> features, Combiner combiner, String title) {
    report.append("### ").append(title).append("\n\n");
    report.append(
        "| set | n | macro-F1 | accuracy | Pearson | Spearman | F1 CoreNLP-SR alone | F1 VADER rules alone |\n");
    report.append("|---|---|---|---|---|---|---|---|\n");
    for (DataSet set : sets) {
      for (boolean excludeUncoded : set.name().startsWith("nhs") ? List.of(false, true) : List.of(false)) {
        List<LabelledText> rows = new ArrayList<>();
        List<double[]> f = new ArrayList<>();
        for (int i = 0; i < set.rows().size(); i++) {
          LabelledText row = set.rows().get(i);
          if (isHeldOut(set, row) && !(excludeUncoded && row.fitExcluded())) {
            rows.add(row);
            f.add(features.get(set).get(i));
          }
        }
        List<String> labels = new ArrayList<>();
        double[] values = new double[rows.size()];
        for (int i = 0; i < f.size(); i++) {
          double[] p = f.get(i) == null ? new double[] {0, 1, 0} : combiner.predict(f.get(i));
          labels.add(label(p));
          values[i] = p[2] - p[0];
        }
        List<String> core = new ArrayList<>();
        List<String> vader = new ArrayList<>();
        for (double[] x : f) {
          core.add(x == null ? CommentScore.NEUTRAL : coreLabel(x));
          vader.add(x == null ? CommentScore.NEUTRAL : vaderLabel(x));
        }
        Figures fig = figures(set, rows, labels, values);
        String name = set.name() + (excludeUncoded ? " (without Trust B's uncoded 0s)" : "");
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
                name,
                rows.size(),
                fmt(fig.f1),
                fmt(fig.accuracy),
                fmt(fig.pearson),
                fmt(fig.spearman),
                fmt(Metrics.macroF1(gold(rows), core, set.classes())),
                fmt(Metrics.macroF1(gold(rows), vader, set.classes()))));
      }
    }
    report.append('\n');
  }

  private void competency(List<DataSet> sets, CoreNlpCommentScorer scorer) {
    for (DataSet set : sets) {
      if (!set.name().startsWith("nhs")) {
        continue;
      }
      List<LabelledText> all = set.rows();
      List<CommentScore> scores = scorer.scoreAll(comments(all));
      report.append("### Competency against NHS phase-1 themes (one theme per row: precision is a lower bound)\n\n");
      report.append("| dimension | rows with the theme | precision | recall | F1 | recall, held-out half |\n");
      report.append("|---|---|---|---|---|---|\n");
      for (String d : DIMENSIONS) {
        int[] allCounts = new int[3];
        int[] heldCounts = new int[3];
        for (int i = 0; i < all.size(); i++) {
          boolean gold = d.equals(all.get(i).dimension());
          boolean predicted = scores.get(i).competency().containsKey(d);
          count(allCounts, gold, predicted);
          if (isHeldOut(set, all.get(i))) {
            count(heldCounts, gold, predicted);
          }
        }
        Metrics.Prf prf = Metrics.Prf.of(allCounts[0], allCounts[1], allCounts[2]);
        Metrics.Prf held = Metrics.Prf.of(heldCounts[0], heldCounts[1], heldCounts[2]);
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s |%n",
                d,
                prf.support(),
                fmt(prf.precision()),
                fmt(prf.recall()),
                fmt(prf.f1()),
                fmt(held.recall())));
      }
      report.append('\n');
      polarity(set, scores);
    }
  }

  /**
   * Whether the score a dimension gets has the sign of the row's criticality, on rows whose
   * theme is that dimension, whose criticality is coded and not zero, and where the scorer
   * found the dimension. A row has one theme, so its criticality is about that theme. Balanced
   * accuracy (the mean of the recalls of negative and positive rows), since praise outnumbers
   * complaints on most themes; next to it the same for the comment's overall score.
   */
  private void polarity(DataSet set, List<CommentScore> scores) {
    report.append(
        "### Competency polarity against NHS phase-1 criticality (rows of the dimension's theme, coded and non-zero, where the dimension is found)\n\n");
    report.append(
        "| dimension | rows | negative rows | balanced accuracy | negative recall | Spearman | balanced accuracy, held-out half | comment score: balanced accuracy | comment score: negative recall |\n");
    report.append("|---|---|---|---|---|---|---|---|---|\n");
    List<LabelledText> rows = set.rows();
    for (String d : DIMENSIONS) {
      List<double[]> all = new ArrayList<>();
      List<double[]> held = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        LabelledText row = rows.get(i);
        Double found = scores.get(i).competency().get(d);
        if (!d.equals(row.dimension()) || row.fitExcluded() || row.intensity() == null
            || row.intensity() == 0 || found == null) {
          continue;
        }
        double[] x = {row.intensity(), found, scores.get(i).score()};
        all.add(x);
        if (isHeldOut(set, row)) {
          held.add(x);
        }
      }
      double[] human = all.stream().mapToDouble(x -> x[0]).toArray();
      double[] dimension = all.stream().mapToDouble(x -> x[1]).toArray();
      long negatives = all.stream().filter(x -> x[0] < 0).count();
      double[] byDimension = signRecalls(all, 1);
      double[] byComment = signRecalls(all, 2);
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %s | %s | %s | %s | %s | %s |%n",
              d,
              all.size(),
              negatives,
              fmt(byDimension[2]),
              fmt(byDimension[0]),
              all.size() < 3 ? "-" : fmt(Metrics.spearman(human, dimension)),
              fmt(signRecalls(held, 1)[2]),
              fmt(byComment[2]),
              fmt(byComment[0])));
    }
    report.append('\n');
  }

  /** Recall of negative rows, of positive rows, and their mean, for the sign of column {@code c}. */
  private static double[] signRecalls(List<double[]> rows, int c) {
    int neg = 0;
    int negHit = 0;
    int pos = 0;
    int posHit = 0;
    for (double[] x : rows) {
      if (x[0] < 0) {
        neg++;
        negHit += x[c] < 0 ? 1 : 0;
      } else {
        pos++;
        posHit += x[c] > 0 ? 1 : 0;
      }
    }
    double negRecall = neg == 0 ? Double.NaN : negHit / (double) neg;
    double posRecall = pos == 0 ? Double.NaN : posHit / (double) pos;
    return new double[] {negRecall, posRecall, (negRecall + posRecall) / 2};
  }

  private static void count(int[] counts, boolean gold, boolean predicted) {
    if (gold && predicted) {
      counts[0]++;
    } else if (predicted) {
      counts[1]++;
    } else if (gold) {
      counts[2]++;
    }
  }

  private void baseline(List<DataSet> sets, CoreNlpCommentScorer scorer) {
    progress.accept("loading the naive CoreNLP pipeline (PCFG)");
    NaiveBaseline naive;
    try {
      naive = new NaiveBaseline();
      naive.score("Warm up the models.");
    } catch (RuntimeException e) {
      // The analytics jar carries only the scorer's three model files, not englishPCFG.
      report.append(
          "Naive baseline skipped: its PCFG model is not on the class path (it is in the "
              + "stanford-corenlp models jar; run the evaluate Maven profile).\n");
      progress.accept("naive baseline skipped: englishPCFG.ser.gz is not on the class path");
      return;
    }
    report.append("### Same run, same sample: naive CoreNLP default vs the scorer\n\n");
    report.append(
        "Sample: up to " + options.limit() + " held-out rows per set, stratified by label, "
            + "chosen by a fixed hash.\n\n");
    report.append(
        "| set | n | macro-F1 naive | macro-F1 scorer | accuracy naive | accuracy scorer "
            + "| Pearson naive | Pearson scorer | Spearman naive | Spearman scorer |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<LabelledText>> samples = new LinkedHashMap<>();
    Map<String, Long> naiveNanos = new LinkedHashMap<>();
    List<String> differences = new ArrayList<>();
    for (DataSet set : sets) {
      List<LabelledText> sample = sample(set, options.limit());
      samples.put(set.name(), sample);
      progress.accept("naive baseline on " + set.name() + " (" + sample.size() + ")");
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
      Figures n = figures(set, sample, naiveLabels, naiveScores);
      Figures s = figures(set, sample, labels(scores), values(scores));
      differences.add(differenceRow(set, sample, naiveLabels, naiveScores, labels(scores), values(scores)));
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              set.name(),
              sample.size(),
              fmt(n.f1),
              fmt(s.f1),
              fmt(n.accuracy),
              fmt(s.accuracy),
              fmt(n.pearson),
              fmt(s.pearson),
              fmt(n.spearman),
              fmt(s.spearman)));
    }
    report.append('\n');
    differences(differences);
    throughput(samples, naiveNanos, scorer);
  }

  /**
   * Scorer minus naive on the same rows, each with a paired bootstrap 95% interval: a sample of
   * a few hundred rows holds only a few dozen of a rare class (neutral movie snippets), so a
   * difference of 0.02 macro-F1 can be two rows.
   */
  private static String differenceRow(
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

  private static String difference(ToDoubleFunction<int[]> metric, int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    double point = metric.applyAsDouble(all);
    double[] ci = Metrics.bootstrapInterval(n, metric, BOOTSTRAP_ROUNDS);
    return String.format(Locale.ROOT, " | %+.3f [%+.3f, %+.3f]", point, ci[0], ci[1]);
  }

  private void differences(List<String> rows) {
    report.append(
        "Scorer minus naive on the same rows, with paired bootstrap 95% intervals ("
            + BOOTSTRAP_ROUNDS
            + " resamples of the rows):\n\n");
    report.append("| set | n | macro-F1 | accuracy | Pearson | Spearman |\n");
    report.append("|---|---|---|---|---|---|\n");
    rows.forEach(report::append);
    report.append('\n');
  }

  /**
   * Comments per second of the naive pipeline (timed above: one pass, one thread) and of the
   * scorer with its pool, per set and over all samples. The scorer's passes take seconds where
   * the naive one takes minutes, so a burst of load from other processes skews them more: each
   * scorer figure is the median of three passes, each with a sentence cache starting empty.
   */
  private void throughput(
      Map<String, List<LabelledText>> samples, Map<String, Long> naiveNanos, CoreNlpCommentScorer scorer) {
    progress.accept("timing the scorer on the same comments");
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    report.append("### Throughput, same comments, same run\n\n");
    report.append(
        String.format(
            Locale.ROOT,
            "Naive: one pass, one thread, one comment at a time. Scorer: %d worker threads, median "
                + "of three passes, each with a sentence cache starting empty (and, last column, "
                + "with no cache). %d cores; system load average %.1f when timing started (other "
                + "builds share the machine).%n%n",
            scorer.threads(),
            Runtime.getRuntime().availableProcessors(),
            load));
    report.append(
        "| comments | n | naive comments/s | scorer comments/s | ratio | scorer without cache, comments/s | ratio |\n");
    report.append("|---|---|---|---|---|---|---|\n");
    long naiveTotal = 0;
    List<CoreNlpCommentScorer.Comment> all = new ArrayList<>();
    for (var e : samples.entrySet()) {
      List<CoreNlpCommentScorer.Comment> comments = comments(e.getValue());
      all.addAll(comments);
      long naive = naiveNanos.get(e.getKey());
      naiveTotal += naive;
      report.append(
          throughputRow(
              e.getKey(),
              comments.size(),
              naive,
              medianNanos(scorer, comments, CoreNlpCommentScorer.DEFAULT_CACHE_SIZE),
              medianNanos(scorer, comments, 0)));
    }
    report.append(
        throughputRow(
            "all of the above, in one batch",
            all.size(),
            naiveTotal,
            medianNanos(scorer, all, CoreNlpCommentScorer.DEFAULT_CACHE_SIZE),
            medianNanos(scorer, all, 0)));
    report.append('\n');
  }

  private static long medianNanos(
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

  private static String throughputRow(String name, int n, long naive, long cached, long uncached) {
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

  /** Up to limit held-out rows, each label in its share, in a fixed hash order. */
  static List<LabelledText> sample(DataSet set, int limit) {
    List<LabelledText> held = new ArrayList<>();
    for (LabelledText row : set.rows()) {
      if (isHeldOut(set, row)) {
        held.add(row);
      }
    }
    if (held.size() <= limit) {
      return held;
    }
    held.sort(Comparator.comparingLong(r -> hash("sample/" + set.name() + "/" + r.id())));
    Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
    for (LabelledText row : held) {
      byLabel.computeIfAbsent(String.valueOf(row.label()), k -> new ArrayList<>()).add(row);
    }
    List<LabelledText> out = new ArrayList<>();
    for (List<LabelledText> group : byLabel.values()) {
      int take = (int) Math.round(limit * group.size() / (double) held.size());
      out.addAll(group.subList(0, Math.min(take, group.size())));
    }
    return out;
  }

  private record Figures(double f1, double accuracy, double pearson, double spearman) {}

  private static Figures figures(DataSet set, List<LabelledText> rows, List<String> labels, double[] values) {
    List<String> gold = gold(rows);
    double f1 = Metrics.macroF1(gold, labels, set.classes());
    double accuracy = Metrics.accuracy(gold, labels);
    double pearson = Double.NaN;
    double spearman = Double.NaN;
    if (rows.stream().allMatch(r -> r.intensity() != null)) {
      double[] human = rows.stream().mapToDouble(LabelledText::intensity).toArray();
      pearson = Metrics.pearson(human, values);
      spearman = Metrics.spearman(human, values);
    }
    return new Figures(f1, accuracy, pearson, spearman);
  }

  private static List<String> gold(List<LabelledText> rows) {
    List<String> g = new ArrayList<>(rows.size());
    for (LabelledText r : rows) {
      g.add(r.label());
    }
    return g;
  }

  private static List<CoreNlpCommentScorer.Comment> comments(List<LabelledText> rows) {
    List<CoreNlpCommentScorer.Comment> c = new ArrayList<>(rows.size());
    for (LabelledText r : rows) {
      c.add(new CoreNlpCommentScorer.Comment(r.text()));
    }
    return c;
  }

  private static List<String> labels(List<CommentScore> scores) {
    List<String> l = new ArrayList<>(scores.size());
    for (CommentScore s : scores) {
      l.add(s.label());
    }
    return l;
  }

  private static double[] values(List<CommentScore> scores) {
    return scores.stream().mapToDouble(CommentScore::score).toArray();
  }

  private static String coreLabel(double[] x) {
    int pos = Features.NAMES.indexOf("core_pos");
    int neg = Features.NAMES.indexOf("core_neg");
    double neutral = 1 - x[pos] - x[neg];
    if (x[neg] > x[pos] && x[neg] > neutral) {
      return CommentScore.NEGATIVE;
    }
    return x[pos] > x[neg] && x[pos] > neutral ? CommentScore.POSITIVE : CommentScore.NEUTRAL;
  }

  private static String vaderLabel(double[] x) {
    double c = x[Features.NAMES.indexOf("vader_compound")];
    return c >= 0.05 ? CommentScore.POSITIVE : c <= -0.05 ? CommentScore.NEGATIVE : CommentScore.NEUTRAL;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
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
