package io.perceive.analytics.evaluation;

import io.perceive.analytics.competency.Dimension;
import io.perceive.analytics.sentiment.CommentScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the labelled sets of {@code shared/data} (see its README.md); a folder that is absent
 * is skipped.
 */
final class DataSets {

  static final List<String> THREE =
      List.of(CommentScore.NEGATIVE, CommentScore.NEUTRAL, CommentScore.POSITIVE);
  static final List<String> TWO = List.of(CommentScore.NEGATIVE, CommentScore.POSITIVE);

  /** Human mean ratings (on -4..+4) within this distance of 0 count as neutral. */
  static final double VADER_NEUTRAL = 0.5;

  /** NHS phase-1 themes that match a competency dimension (DESIGN.md, Competency model). */
  static final Map<String, String> NHS_THEMES =
      Map.of(
          "Attitude Of Staff", Dimension.COURTESY,
          "Professionalism/Competence Of Staff", Dimension.KNOWLEDGE,
          "Communication", Dimension.COMMUNICATION,
          "Amount/clarity of information", Dimension.COMMUNICATION,
          "Listening", Dimension.COMMUNICATION,
          "Time spent waiting for first appt/referral/service", Dimension.TIMELINESS,
          "Time spent waiting between appointments", Dimension.TIMELINESS);

  private DataSets() {}

  /** Every set found under the folder, in a fixed order. */
  public static List<DataSet> load(Path dir) throws IOException {
    List<DataSet> sets = new ArrayList<>();
    Path uci = dir.resolve("uci-sentiment-labelled-sentences");
    for (String f : List.of("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt")) {
      if (Files.isRegularFile(uci.resolve(f))) {
        sets.add(uci(uci.resolve(f)));
      }
    }
    Path vader = dir.resolve("vader-icwsm2014");
    for (String f : List.of("amazonReviewSnippets_GroundTruth.txt", "movieReviewSnippets_GroundTruth.txt")) {
      if (Files.isRegularFile(vader.resolve(f))) {
        sets.add(vader(vader.resolve(f)));
      }
    }
    Path nhs = dir.resolve("nhs-fft-phase1").resolve("text_data.csv");
    if (Files.isRegularFile(nhs)) {
      sets.add(nhs(nhs));
    }
    return sets;
  }

  static DataSet uci(Path file) throws IOException {
    List<LabelledText> rows = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      int tab = line.lastIndexOf('\t');
      String label = tab < 0 ? "" : line.substring(tab + 1).strip();
      if (!label.equals("0") && !label.equals("1")) {
        rejected.add("line " + n + ": label is not 0 or 1");
        continue;
      }
      String text = line.substring(0, tab).strip();
      rows.add(
          new LabelledText(
              String.valueOf(n), text, label.equals("1") ? CommentScore.POSITIVE : CommentScore.NEGATIVE,
              null, null, false));
    }
    return new DataSet("uci/" + name(file), TWO, rows, rejected);
  }

  static DataSet vader(Path file) throws IOException {
    List<LabelledText> rows = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String[] f = line.split("\t", 3);
      if (f.length < 3) {
        rejected.add("line " + n + ": expected id<TAB>mean<TAB>text");
        continue;
      }
      double mean;
      try {
        mean = Double.parseDouble(f[1].strip());
      } catch (NumberFormatException e) {
        rejected.add("line " + n + ": mean is not a number");
        continue;
      }
      String label =
          mean > VADER_NEUTRAL
              ? CommentScore.POSITIVE
              : mean < -VADER_NEUTRAL ? CommentScore.NEGATIVE : CommentScore.NEUTRAL;
      rows.add(new LabelledText(f[0].strip(), f[2].strip(), label, mean, null, false));
    }
    return new DataSet("vader/" + name(file), THREE, rows, rejected);
  }

  static DataSet nhs(Path file) throws IOException {
    List<LabelledText> rows = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
    if (records.isEmpty()) {
      return new DataSet("nhs-fft-phase1", THREE, rows, List.of("no header"));
    }
    List<String> header = records.get(0);
    int code = header.indexOf("criticality");
    int theme = header.indexOf("subcategory");
    int feedback = header.indexOf("feedback");
    int organisation = header.indexOf("organization");
    int index = header.indexOf("row_index");
    if (Math.min(Math.min(code, theme), Math.min(Math.min(feedback, organisation), index)) < 0) {
      throw new IOException(file + ": missing one of the columns criticality, subcategory, feedback, organization, row_index");
    }
    for (List<String> record : records.subList(1, records.size())) {
      if (record.size() != header.size()) {
        rejected.add("record " + (rows.size() + rejected.size() + 1) + ": " + record.size() + " fields");
        continue;
      }
      String raw = record.get(code).strip();
      int c;
      try {
        c = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        rejected.add("row " + record.get(index) + ": criticality '" + raw + "' is not -5..5");
        continue;
      }
      if (c < -5 || c > 5) {
        rejected.add("row " + record.get(index) + ": criticality " + c + " is not -5..5");
        continue;
      }
      String label = c > 0 ? CommentScore.POSITIVE : c < 0 ? CommentScore.NEGATIVE : CommentScore.NEUTRAL;
      String dimension = NHS_THEMES.getOrDefault(record.get(theme).strip(), "other");
      // Trust B leaves criticality at 0 on most rows, clearly positive ones included:
      // those zeros mean "not coded", not "neutral".
      boolean uncoded = c == 0 && record.get(organisation).strip().equals("Trust B");
      rows.add(
          new LabelledText(record.get(index), record.get(feedback), label, (double) c, dimension, uncoded));
    }
    return new DataSet("nhs-fft-phase1", THREE, rows, rejected);
  }

  private static String name(Path file) {
    String n = file.getFileName().toString();
    return n.replace("_labelled.txt", "").replace("ReviewSnippets_GroundTruth.txt", "");
  }
}
