package io.perceive.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.SurveyResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's ticket types and providers show something: requests wait longest and cost the most
 * time, the requests IT passes on to HR longer than those it fulfils itself, and the deskside outsourcer is perceived
 * worse than IT on the same services; adding them changed no other answer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoAttributionsTest {

  private static final List<SurveyResponse> ALL = DemoData.generate(42, DemoDataTest.END, 12_000);
  private static final Set<String> DESKSIDE = Set.of("Laptop Provisioning", "Printing", "Mobile Devices");

  private static double mean(Predicate<SurveyResponse> which, ToDoubleFunction<SurveyResponse> value) {
    List<SurveyResponse> selected = ALL.stream().filter(which).toList();
    assertThat(selected).hasSizeGreaterThan(50);
    return selected.stream().mapToDouble(value).average().orElseThrow();
  }

  private static double hours(SurveyResponse r) {
    return Duration.between(r.openedAt(), r.resolvedAt()).toMinutes() / 60.0;
  }

  @Test
  void everyAnswerHasAKindAndAProvider() {
    assertThat(ALL).allMatch(r -> r.ticketType() != null && r.provider() != null);
    assertThat(ALL.stream().map(SurveyResponse::ticketType).distinct()).containsExactlyInAnyOrder("incident", "request", "change", "question");
    assertThat(ALL.stream().map(SurveyResponse::provider).distinct())
        .containsExactlyInAnyOrder(DemoAttributions.INTERNAL, DemoAttributions.OUTSOURCER, DemoAttributions.CLOUD, DemoAttributions.OUTSIDE_IT);
  }

  @Test
  void requestsWaitLongestAndThoseFulfilledOutsideItLongestOfAll() {
    double request = mean(r -> r.ticketType().equals("request"), DemoAttributionsTest::hours);
    double incident = mean(r -> r.ticketType().equals("incident"), DemoAttributionsTest::hours);
    assertThat(request).isGreaterThan(incident * 1.3);
    double outsideIt = mean(r -> r.provider().equals(DemoAttributions.OUTSIDE_IT), DemoAttributionsTest::hours);
    Set<String> hr = Set.of("Onboarding", "HR Portal");
    double itsOwn =
        mean(r -> hr.contains(r.service()) && r.ticketType().equals("request") && r.provider().equals(DemoAttributions.INTERNAL),
            DemoAttributionsTest::hours);
    assertThat(outsideIt).as("requests IT passes on to HR wait longer than those it fulfils itself").isGreaterThan(itsOwn * 1.5);
    Predicate<SurveyResponse> answered = r -> r.lostMinutes() != null;
    assertThat(mean(answered.and(r -> r.ticketType().equals("request")), SurveyResponse::lostMinutes))
        .as("requests cost the customer more time")
        .isGreaterThan(mean(answered.and(r -> r.ticketType().equals("incident")), SurveyResponse::lostMinutes) + 10);
    Predicate<SurveyResponse> hrRequests = r -> hr.contains(r.service()) && r.ticketType().equals("request");
    assertThat(mean(answered.and(hrRequests).and(r -> r.provider().equals(DemoAttributions.OUTSIDE_IT)), SurveyResponse::lostMinutes))
        .as("HR's cost the customer more than IT's own on the same services")
        .isGreaterThan(mean(answered.and(hrRequests).and(r -> r.provider().equals(DemoAttributions.INTERNAL)), SurveyResponse::lostMinutes) + 15);
  }

  @Test
  void theOutsourcerIsPerceivedWorseThanItOnTheSameServicesAndTheCloudVendorIsNot() {
    ToDoubleFunction<SurveyResponse> satisfied = r -> r.satisfied() ? 1 : 0;
    double outsourcer = mean(r -> r.provider().equals(DemoAttributions.OUTSOURCER), satisfied);
    double inHouse = mean(r -> DESKSIDE.contains(r.service()) && r.provider().equals(DemoAttributions.INTERNAL), satisfied);
    assertThat(outsourcer).isLessThan(inHouse - 0.15);
    Set<String> cloudServices = Set.of("Email", "Microsoft Teams", "SharePoint", "Video Conferencing");
    double cloud = mean(r -> r.provider().equals(DemoAttributions.CLOUD), satisfied);
    double cloudInHouse = mean(r -> cloudServices.contains(r.service()) && r.provider().equals(DemoAttributions.INTERNAL), satisfied);
    assertThat(Math.abs(cloud - cloudInHouse)).isLessThan(0.06);
  }

  @Test
  void theyChangedNoOtherAnswer() {
    // Of seed 42's 12,000 answers before ticket types and providers were added (commit 58355fe).
    assertThat(fingerprint(ALL)).isEqualTo(-2726528628928451107L);
  }

  /** Everything about the answers but their ticket type and provider. */
  static long fingerprint(List<SurveyResponse> all) {
    long h = 1;
    for (SurveyResponse r : all) {
      h = 31 * h + java.util.Objects.hash(
          r.id(), r.service(), r.rating(), r.nps(), r.ces(), r.comment(), r.supportGroup(), r.agent(), r.slaMet(), r.openedAt(),
          r.resolvedAt(), r.respondedAt(), r.lostMinutes());
    }
    return h;
  }
}
