package io.perceive.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.analytics.stats.Estimate;
import io.perceive.analytics.stats.Intervals;
import io.perceive.ingest.catalogue.ServiceEntry;
import io.perceive.ingest.response.SurveyResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's catalogue and lost time, on the default demo (seed 42, 12,000 answers, the year to
 * the tests' pinned date): its watermelons are the ones docs/architecture.md names, computed as
 * the watermelons route does from the rollup counters, and lost time is answered and higher on
 * VPN than on Email.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoCatalogueTest {

  private static final Instant NOW = Instant.parse("2027-04-15T10:00:00Z");

  private static Map<String, Totals> perService(List<SurveyResponse> answers) {
    Map<String, Totals> out = new TreeMap<>();
    for (SurveyResponse r : answers) {
      Totals t = Totals.of(r.rating(), r.nps(), r.ces(), r.comment() != null, r.slaMet(), r.lostMinutes());
      out.merge(r.service(), t, Totals::plus);
    }
    return out;
  }

  @Test
  void printingAndSoftwareRequestsAreTheWatermelons() {
    Map<String, Totals> totals = perService(DemoData.generate(42, NOW, 12_000));
    TreeSet<String> melons = new TreeSet<>();
    for (ServiceEntry e : DemoData.catalogue()) {
      Totals t = totals.get(e.service());
      Estimate sla = Intervals.wilson(t.slaMet(), t.slaKnown(), 0.95, 5);
      Estimate csat = Intervals.wilson(t.slaMetSatisfied(), t.slaMet(), 0.95, 5);
      if (sla.value() >= e.slaTarget() && csat.upper() < e.targets().get(Metric.CSAT)) {
        melons.add(e.service());
      }
    }
    assertThat(melons).containsExactly("Printing", "Software Requests");
  }

  @Test
  void lostTimeIsAnsweredAndVpnLosesMost() {
    List<SurveyResponse> answers = DemoData.generate(42, NOW, 12_000);
    long said = answers.stream().filter(r -> r.lostMinutes() != null).count();
    assertThat(said / (double) answers.size()).isBetween(0.55, 0.65);
    Map<String, Totals> totals = perService(answers);
    double vpn = Metric.LOST_TIME.estimate(totals.get("VPN"), 0.95, 5).value();
    double email = Metric.LOST_TIME.estimate(totals.get("Email"), 0.95, 5).value();
    assertThat(vpn).isGreaterThan(email * 2);
  }
}
