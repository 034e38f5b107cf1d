package io.perceive.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

  private final Targets targets =
      new Targets(Map.of(Metric.CSAT, 0.8), Map.of("VPN", Map.of(Metric.CSAT, 0.9, Metric.NPS, 10.0)));

  @Test
  void aServicesOwnTargetReplacesTheOrganisations() {
    assertThat(targets.target("VPN", Metric.CSAT)).contains(0.9);
    assertThat(targets.target("Email", Metric.CSAT)).contains(0.8);
    assertThat(targets.target("VPN", Metric.NPS)).contains(10.0);
    assertThat(targets.target("Email", Metric.NPS)).isEmpty();
    assertThat(targets.covers(Metric.NPS)).isTrue();
    assertThat(targets.covers(Metric.CES)).isFalse();
  }

  @Test
  void aBreachIsAnIntervalWhollyBelowTheTargetNotADip() {
    // 30 of 40 satisfied: 0.75, Wilson 95% interval about 0.60-0.86
    Estimate dip = Intervals.wilson(30, 40, 0.95, 5);
    assertThat(Targets.status(dip, 0.80)).isEqualTo(Targets.Status.BELOW);
    assertThat(Targets.status(dip, 0.90)).isEqualTo(Targets.Status.BREACHED);
    assertThat(Targets.status(dip, 0.75)).isEqualTo(Targets.Status.MET);
    assertThat(Targets.status(Intervals.wilson(1, 2, 0.95, 5), 0.8)).isEqualTo(Targets.Status.SUPPRESSED);
  }

  @Test
  void aTargetOffItsScaleIsRefusedWithItsName() {
    assertThatThrownBy(() -> new Targets(Map.of(Metric.CSAT, 80.0), Map.of()))
        .hasMessage("csat must be a number from 0 to 1 (the csat scale), was 80");
    assertThatThrownBy(() -> new Targets(Map.of(), Map.of("VPN", Map.of(Metric.RATING, 0.5))))
        .hasMessageContaining("VPN.rating must be a number from 1 to 5");
    assertThatThrownBy(() -> new Targets(Map.of(Metric.NPS, Double.NaN), Map.of())).hasMessageContaining("nps");
  }

  @Test
  void targetsOnWhatCommentsSayAreTheCataloguesOnTheSentimentScale() {
    Targets targets = Targets.DEFAULT.with(Map.of(), Map.of(), Map.of("VPN", Map.of("courtesy", 0.3)));
    assertThat(targets.commentTarget("VPN", "courtesy")).contains(0.3);
    assertThat(targets.commentTarget("VPN", "sentiment")).isEmpty();
    assertThat(targets.commentTarget("Email", "courtesy")).as("no organisation-wide target on comments").isEmpty();
    assertThat(targets.target("VPN", Metric.CSAT)).contains(0.80);
    assertThat(targets).isNotEqualTo(Targets.DEFAULT);
    assertThatThrownBy(() -> Targets.DEFAULT.with(Map.of(), Map.of(), Map.of("VPN", Map.of("courtesy", 1.5))))
        .hasMessage("VPN.courtesy must be a number from -1 to 1 (the sentiment scale), was 1.5");
    assertThatThrownBy(() -> Targets.DEFAULT.with(Map.of(), Map.of(), Map.of("VPN", Map.of("happiness", 0.5))))
        .hasMessageStartingWith("VPN.happiness: unknown measure");
  }

  @Test
  void theOrganisationsTargetOnWhatCommentsSayHoldsServicesWithoutTheirOwnAndOutlivesTheCatalogue() {
    Targets file = Targets.DEFAULT.withOrganisationComments(Map.of("courtesy", 0.1));
    Targets held = file.with(Map.of(), Map.of(), Map.of("VPN", Map.of("courtesy", 0.3)));
    assertThat(held.commentTarget("VPN", "courtesy")).as("the service's own").contains(0.3);
    assertThat(held.commentTarget("Email", "courtesy")).as("the organisation's").contains(0.1);
    assertThat(held.commentTarget("Email", "sentiment")).isEmpty();
    assertThat(held.organisationComments()).isEqualTo(Map.of("courtesy", 0.1));
    assertThat(held.coversComment(null, "courtesy")).isTrue();
    assertThat(held.coversComment("Email", "sentiment")).isFalse();
    assertThat(Targets.DEFAULT.with(Map.of(), Map.of(), Map.of("VPN", Map.of("sentiment", 0.2))).coversComment("Email", "sentiment"))
        .as("another service's own target does not hold Email").isFalse();
    assertThat(file).isNotEqualTo(Targets.DEFAULT);
    assertThatThrownBy(() -> Targets.DEFAULT.withOrganisationComments(Map.of("sentiment", -2.0)))
        .hasMessage("organisation.sentiment must be a number from -1 to 1 (the sentiment scale), was -2");
  }
}
