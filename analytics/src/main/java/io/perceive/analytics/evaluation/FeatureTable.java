package io.perceive.analytics.evaluation;

import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import io.perceive.analytics.sentiment.Features;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleBiFunction;

/** The combiner's input for every row of every set, read once (or from a cache file). */
final class FeatureTable {

  private final Path cache;
  private final Consumer<String> progress;

  FeatureTable(Path cache, Consumer<String> progress) {
    this.cache = cache;
    this.progress = progress;
  }

  /**
   * The combiner's input for every row, read from the cache file when one is given and
   * present (features depend on the models, the lexicon and the normaliser, not on the fit).
   */
  @SuppressWarnings("unchecked")
  Map<DataSet, List<double[]>> read(List<DataSet> sets, CoreNlpCommentScorer scorer)
      throws IOException {
    Map<String, double[]> cached = new HashMap<>();
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
  static boolean isCached(Map<String, double[]> cached, String key) {
    return cached.containsKey(key)
        && (cached.get(key) == null || cached.get(key).length == Features.NAMES.size());
  }

  static String key(DataSet set, LabelledText row) {
    return set.name() + "\t" + row.id();
  }

  /** Sets the word-model column of every row's features. */
  static void setWords(
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
}
