package io.perceive.analytics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.competency.Dimension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SurveyDataTest {

  private static final List<String> COLUMNS =
      List.of(
          "Comment ID", "FFT categorical answer", "FFT question", "FFT answer", "Comment sentiment",
          "Staff manner & personal attributes", "Competence & training", "Timeliness of care",
          "Staff responsiveness", "Unspecified communication",
          "Being kept informed, clarity & consistency of information",
          "Staff listening, understanding & involving patients",
          "Information directly from staff during care");

  @Test
  void readsRatingQuestionLabelAndThemesAndSkipsUnusableRows(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", COLUMNS.stream().map(c -> "\"" + c + "\"").toList()));
    lines.add("1,1,\"What was good?\",\"Friendly, and quick\",1,1,0,1,0,0,0,0,0");
    lines.add("2,5,\"How could we\nimprove?\",\"Nobody told me anything\",5,0,0,0,0,0,1,0,0");
    lines.add("3,6,\"FFT Why?\",\"Fine but slow\",3,0,1,0,0,0,0,0,0");
    lines.add("4,1,\"FFT Why?\",\"Did not answer\",1,0,0,0,0,0,0,0,0");
    lines.add("5,1,\"FFT Why?\",\"No code\",,0,0,0,0,0,0,0,0");
    Path file = dir.resolve(SurveyData.NAME).resolve(SurveyData.FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);

    List<SurveyData.Answer> answers = SurveyData.load(dir);

    assertThat(answers).extracting(SurveyData.Answer::id).containsExactly("1", "2", "3");
    SurveyData.Answer first = answers.get(0);
    assertThat(first.rating()).isEqualTo(5); // 1 "very good" on the survey's scale
    assertThat(first.label()).isEqualTo("positive");
    assertThat(first.text()).isEqualTo("Friendly, and quick");
    assertThat(first.dimensions()).containsExactlyInAnyOrder(Dimension.COURTESY, Dimension.TIMELINESS);
    assertThat(answers.get(1).rating()).isEqualTo(1);
    assertThat(answers.get(1).question()).isEqualTo("How could we\nimprove?");
    assertThat(answers.get(1).label()).isEqualTo("negative");
    assertThat(answers.get(1).dimensions()).containsExactly(Dimension.COMMUNICATION);
    assertThat(answers.get(2).rating()).isNull(); // 6 is "don't know"
    assertThat(answers.get(2).label()).isEqualTo("neutral");
    assertThat(answers.get(2).dimensions()).containsExactly(Dimension.KNOWLEDGE);
  }

  @Test
  void anAbsentFolderGivesNoAnswers(@TempDir Path dir) throws Exception {
    assertThat(SurveyData.load(dir.resolve("nowhere"))).isEmpty();
  }

  @Test
  void theSharedFitHalfSplitsIntoATunePartAndAPartKeptAside() throws Exception {
    Path data = DataSetsTest.dataFolder();
    Assumptions.assumeTrue(
        data != null && Files.isRegularFile(data.resolve(SurveyData.NAME).resolve(SurveyData.FILE)),
        "no shared nhs-fft-v6-fit data");
    List<SurveyData.Answer> answers = SurveyData.load(data);
    assertThat(answers).hasSize(3088);
    long aside = answers.stream().filter(SurveyData.Answer::aside).count();
    assertThat(aside).isBetween(900L, 1160L);
    assertThat(answers.stream().filter(a -> !a.aside()).map(SurveyData.Answer::fold).distinct().count())
        .isEqualTo(SurveyData.FOLDS);
  }
}
