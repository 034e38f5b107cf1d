package io.perceive.analytics.evaluation;

import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.sentiment.CommentScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The survey answers of {@code nhs-fft-v6-fit} (see its SOURCE.txt): each comment with the
 * survey's rating, the question it answers, a human sentiment code and human theme codes. The
 * folder is the fit half of the original file; within it, a third of the rows (by a hash of the
 * comment id) is kept aside for figures, and the rest is cut in five folds for
 * cross-validation.
 */
final class SurveyData {

  static final String NAME = "nhs-fft-v6-fit";
  static final String FILE = "v6framework_230831_fit.csv";
  static final int FOLDS = 5;

  /** Themes of the framework that correspond to a competency dimension (SOURCE.txt). */
  static final Map<String, String> THEMES = themes();

  /**
   * One answer.
   *
   * @param code the human sentiment code, 1 very positive .. 5 very negative
   * @param rating the survey rating on Perceive's scale (1-5, 5 best), or null where the
   *     answer is "don't know" or missing
   * @param dimensions the competency dimensions of its themes
   */
  record Answer(
      String id, String text, String label, int code, Integer rating, String question, Set<String> dimensions) {

    boolean aside() {
      return Halves.hash("nhs-v6-aside/" + id) % 3 == 0;
    }

    int fold() {
      return (int) (Halves.hash("nhs-v6-fold/" + id) % FOLDS);
    }

    /** The 1-5 code turned so that higher is better, for correlations. */
    double intensity() {
      return 6 - code;
    }
  }

  private SurveyData() {}

  private static Map<String, String> themes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Staff manner & personal attributes", Dimension.COURTESY);
    m.put("Competence & training", Dimension.KNOWLEDGE);
    m.put("Timeliness of care", Dimension.TIMELINESS);
    m.put("Staff responsiveness", Dimension.TIMELINESS);
    m.put("Unspecified communication", Dimension.COMMUNICATION);
    m.put("Being kept informed, clarity & consistency of information", Dimension.COMMUNICATION);
    m.put("Staff listening, understanding & involving patients", Dimension.COMMUNICATION);
    m.put("Information directly from staff during care", Dimension.COMMUNICATION);
    return Map.copyOf(m);
  }

  /** The usable answers under {@code dir/nhs-fft-v6-fit}, or none where the file is absent. */
  static List<Answer> load(Path dir) throws IOException {
    Path file = dir.resolve(NAME).resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.get(0);
    int id = column(header, "Comment ID", file);
    int answer = column(header, "FFT answer", file);
    int question = column(header, "FFT question", file);
    int rating = column(header, "FFT categorical answer", file);
    int sentiment = column(header, "Comment sentiment", file);
    Map<Integer, String> themeColumns = new LinkedHashMap<>();
    THEMES.forEach((theme, dimension) -> themeColumns.put(column(header, theme, file), dimension));
    List<Answer> out = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      if (record.size() != header.size()) {
        continue;
      }
      String text = record.get(answer).strip();
      Integer code = number(record.get(sentiment));
      if (text.isEmpty() || text.equals("Did not answer") || code == null || code < 1 || code > 5) {
        continue;
      }
      // The survey's scale is 1 very good .. 5 very poor, 6 don't know.
      Integer answered = number(record.get(rating));
      Integer r = answered != null && answered >= 1 && answered <= 5 ? 6 - answered : null;
      Set<String> dimensions = new LinkedHashSet<>();
      themeColumns.forEach(
          (c, dimension) -> {
            if (record.get(c).strip().equals("1")) {
              dimensions.add(dimension);
            }
          });
      String label = code <= 2 ? CommentScore.POSITIVE : code == 3 ? CommentScore.NEUTRAL : CommentScore.NEGATIVE;
      out.add(
          new Answer(
              record.get(id).strip(), text, label, code, r, record.get(question).strip(), Set.copyOf(dimensions)));
    }
    return out;
  }

  private static int column(List<String> header, String name, Path file) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(file + ": no column '" + name + "'");
    }
    return i;
  }

  private static Integer number(String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
