package io.perceive.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.perceive.analytics.stats.WeakAreas.Finding;
import io.perceive.analytics.stats.WeakAreas.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakAreasTest {

  @Test
  void aClearlyWorseLargeSegmentRanksFirstAndIsFlagged() {
    List<Segment> segments =
        List.of(
            new Segment("Email", 430, 500),
            new Segment("VPN", 240, 500),
            new Segment("Printing", 170, 200),
            new Segment("CRM", 2, 4));
    List<Finding> findings = WeakAreas.rank(segments, 0.95, 5, 0.05);
    assertThat(findings).extracting(Finding::name).doesNotContain("CRM");
    Finding first = findings.get(0);
    assertThat(first.name()).isEqualTo("VPN");
    assertThat(first.weak()).isTrue();
    assertThat(first.estimate().value()).isCloseTo(0.48, within(1e-12));
    assertThat(first.rest()).isCloseTo(602.0 / 704, within(1e-12));
    assertThat(first.impact()).isCloseTo(500 * (602.0 / 704 - 0.48), within(1e-9));
    assertThat(findings).filteredOn(Finding::weak).extracting(Finding::name).containsExactly("VPN");
  }

  @Test
  void smallDifferencesAreNotFindings() {
    List<Segment> segments =
        List.of(new Segment("A", 80, 100), new Segment("B", 78, 100), new Segment("C", 82, 100));
    assertThat(WeakAreas.rank(segments, 0.95, 5, 0.05)).noneMatch(Finding::weak);
  }
}
