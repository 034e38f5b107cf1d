package io.perceive.analytics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DataSetsTest {

  /** shared/data next to the repository, or the folder named by -Dperceive.data; null if absent. */
  static Path dataFolder() {
    String property = System.getProperty("perceive.data");
    if (property != null) {
      return Files.isDirectory(Path.of(property)) ? Path.of(property) : null;
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void readsEverySetAndRejectsJunkLabelsWithAReason() throws Exception {
    Path data = dataFolder();
    Assumptions.assumeTrue(data != null, "shared/data is absent");
    List<DataSet> sets = DataSets.load(data);
    assertThat(sets).extracting(DataSet::name).contains("uci/yelp", "vader/movie", "nhs-fft-phase1");
    DataSet nhs = sets.stream().filter(s -> s.name().equals("nhs-fft-phase1")).findFirst().orElseThrow();
    assertThat(nhs.rows().size() + nhs.rejected().size()).isEqualTo(10_334);
    assertThat(nhs.rejected()).isNotEmpty().allMatch(r -> r.contains("criticality"));
    assertThat(nhs.rows()).anyMatch(r -> "courtesy".equals(r.dimension()));
    DataSet movie = sets.stream().filter(s -> s.name().equals("vader/movie")).findFirst().orElseThrow();
    assertThat(movie.rows()).hasSize(10_605).allMatch(r -> r.intensity() != null);
  }

  @Test
  void theHeldOutHalfIsAboutHalfAndStable() throws Exception {
    Path data = dataFolder();
    Assumptions.assumeTrue(data != null, "shared/data is absent");
    DataSet yelp = DataSets.load(data).stream().filter(s -> s.name().equals("uci/yelp")).findFirst().orElseThrow();
    long held = yelp.rows().stream().filter(r -> Halves.isHeldOut(yelp, r)).count();
    assertThat(held).isBetween(420L, 580L);
    assertThat(Halves.sample(yelp, 100)).hasSizeBetween(98, 102).allMatch(r -> Halves.isHeldOut(yelp, r));
  }
}
