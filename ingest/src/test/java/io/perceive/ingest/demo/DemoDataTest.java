package io.perceive.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.SurveyResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class DemoDataTest {

  static final Instant END = Instant.parse("2026-11-23T00:00:00Z");

  @Test
  void theSameSeedGivesTheSameData() {
    assertThat(DemoData.generate(42, END, 2000)).isEqualTo(DemoData.generate(42, END, 2000));
    assertThat(DemoData.generate(43, END, 2000)).isNotEqualTo(DemoData.generate(42, END, 2000));
  }

  @Test
  void aYearOfResponsesOverMoreThanTwentyServices() {
    List<SurveyResponse> all = DemoData.generate(42, END, 12_000);
    assertThat(all).hasSize(12_000);
    assertThat(all.stream().map(SurveyResponse::service).distinct().count()).isGreaterThanOrEqualTo(20);
    assertThat(all).allMatch(r -> !r.respondedAt().isAfter(END) && r.respondedAt().isAfter(END.minus(Duration.ofDays(366))));
    assertThat(all.stream().map(SurveyResponse::id).distinct().count()).isEqualTo(12_000);
    long withComments = all.stream().filter(r -> r.comment() != null).count();
    assertThat(withComments).isBetween(3_000L, 8_000L);
  }

  @Test
  void weakSpotsAndTrendsAreBuiltIn() {
    List<SurveyResponse> all = DemoData.generate(42, END, 12_000);
    double vpn = csat(all, r -> r.service().equals("VPN"));
    double email = csat(all, r -> r.service().equals("Email"));
    assertThat(vpn).isLessThan(email - 0.2);

    Instant middle = END.minus(Duration.ofDays(183));
    double erpEarly = csat(all, r -> r.service().equals("ERP (SAP)") && r.respondedAt().isBefore(middle));
    double erpLate = csat(all, r -> r.service().equals("ERP (SAP)") && r.respondedAt().isAfter(middle));
    assertThat(erpLate).as("ERP declines").isLessThan(erpEarly - 0.05);
    double deskEarly = csat(all, r -> r.service().equals("Service Desk") && r.respondedAt().isBefore(middle));
    double deskLate = csat(all, r -> r.service().equals("Service Desk") && r.respondedAt().isAfter(middle));
    assertThat(deskLate).as("Service Desk improves").isGreaterThan(deskEarly + 0.05);

    double curt = csat(all, r -> "Jordan K.".equals(r.agent()));
    double peer = csat(all, r -> "Omar F.".equals(r.agent()));
    assertThat(curt).as("one agent is seen as curt").isLessThan(peer);
  }

  private static double csat(List<SurveyResponse> all, Predicate<SurveyResponse> which) {
    List<SurveyResponse> selected = all.stream().filter(which).toList();
    assertThat(selected).isNotEmpty();
    return selected.stream().filter(SurveyResponse::satisfied).count() / (double) selected.size();
  }

  @Test
  void invitationsStandBehindTheRecentAnswersAtEachServicesResponseRate() {
    List<SurveyResponse> all = DemoData.generate(42, END, 12_000);
    List<io.perceive.ingest.survey.Invitation> invitations = DemoData.invitations(42, END, all, Duration.ofDays(120));
    long recentAnswers =
        all.stream().filter(r -> !r.respondedAt().isBefore(END.minus(Duration.ofDays(120)))
            && !r.resolvedAt().isBefore(END.minus(Duration.ofDays(120)))).count();
    assertThat(invitations.stream().filter(i -> i.status() == io.perceive.ingest.survey.Invitation.Status.ANSWERED).count())
        .isEqualTo(recentAnswers);
    assertThat(invitations.stream().map(io.perceive.ingest.survey.Invitation::id).distinct().count()).isEqualTo(invitations.size());
    assertThat(invitations).allMatch(i -> !i.createdAt().isAfter(END));
    assertThat(rate(invitations, "VPN")).isCloseTo(0.22, org.assertj.core.data.Offset.offset(0.04));
    assertThat(rate(invitations, "Email")).isCloseTo(0.36, org.assertj.core.data.Offset.offset(0.04));
    assertThat(DemoData.invitations(42, END, all, Duration.ofDays(120))).as("the same seed, the same invitations").isEqualTo(invitations);
  }

  /** Answered among invitations sent and not withdrawn (skipped ones were never sent). */
  private static double rate(List<io.perceive.ingest.survey.Invitation> invitations, String service) {
    List<io.perceive.ingest.survey.Invitation> sent =
        invitations.stream()
            .filter(i -> i.service().equals(service))
            .filter(i -> i.status() != io.perceive.ingest.survey.Invitation.Status.SKIPPED)
            .filter(i -> i.status() != io.perceive.ingest.survey.Invitation.Status.CANCELLED)
            .toList();
    return sent.stream().filter(i -> i.status() == io.perceive.ingest.survey.Invitation.Status.ANSWERED).count() / (double) sent.size();
  }
}
