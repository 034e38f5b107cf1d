package io.perceive.ingest.catalogue;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Metric;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue on the embedded store: versions with who and when, seeding, deletion. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoCatalogueRepositoryTest {

  private static final Instant T0 = Instant.parse("2027-01-04T09:00:00Z");

  @TempDir Path dataDir;
  private TestStore fixture;
  private MongoCatalogueRepository catalogue;

  @BeforeEach
  void start() throws Exception {
    fixture = TestStore.start(dataDir);
    catalogue = new MongoCatalogueRepository(fixture.store().client());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static ServiceEntry entry(String service, String owner, double csat) {
    return new ServiceEntry(service, owner, "about " + service, List.of("Desk"), 0.9, Map.of(Metric.CSAT, csat), 0, null, null);
  }

  @Test
  void everyChangeIsAVersionWithWhoAndWhen() throws Exception {
    ServiceEntry first = await(catalogue.put(entry("VPN", "Ann", 0.8), "alice", T0));
    assertThat(first.version()).isEqualTo(1);
    ServiceEntry second = await(catalogue.put(entry("VPN", "Bob", 0.85), "bob", T0.plusSeconds(60)));
    assertThat(second.version()).isEqualTo(2);

    ServiceEntry found = await(catalogue.find("VPN"));
    assertThat(found.owner()).isEqualTo("Bob");
    assertThat(found.targets()).containsEntry(Metric.CSAT, 0.85);
    assertThat(found.slaTarget()).isEqualTo(0.9);
    assertThat(found.supportGroups()).containsExactly("Desk");
    assertThat(found.changedBy()).isEqualTo("bob");
    assertThat(found.changedAt()).isEqualTo(T0.plusSeconds(60));

    assertThat(await(catalogue.delete("VPN", "carol", T0.plusSeconds(120)))).isTrue();
    assertThat(await(catalogue.find("VPN"))).isNull();
    assertThat(await(catalogue.all())).isEmpty();
    assertThat(await(catalogue.delete("VPN", "carol", T0.plusSeconds(180)))).as("nothing left to delete").isFalse();

    List<ServiceEntry.Version> versions = await(catalogue.versions("VPN"));
    assertThat(versions).extracting(ServiceEntry.Version::version).containsExactly(3, 2, 1);
    assertThat(versions).extracting(ServiceEntry.Version::changedBy).containsExactly("carol", "bob", "alice");
    assertThat(versions.get(0).deleted()).isTrue();
    assertThat(versions.get(2).entry().owner()).isEqualTo("Ann");
    assertThat(await(catalogue.versions("Nothing"))).isEmpty();

    ServiceEntry back = await(catalogue.put(entry("VPN", "Dan", 0.7), "dan", T0.plusSeconds(240)));
    assertThat(back.version()).as("a deleted service comes back as the next version").isEqualTo(4);
    assertThat(await(catalogue.all())).extracting(ServiceEntry::owner).containsExactly("Dan");
  }

  @Test
  void seedingAddsOnlyServicesTheCatalogueNeverHad() throws Exception {
    await(catalogue.put(entry("Email", "Ann", 0.9), "alice", T0));
    await(catalogue.put(entry("Gone", "Ann", 0.9), "alice", T0));
    await(catalogue.delete("Gone", "alice", T0));
    Map<String, Map<Metric, Double>> file =
        Map.of("Email", Map.of(Metric.CSAT, 0.5), "Gone", Map.of(Metric.CSAT, 0.5), "VPN", Map.of(Metric.NPS, 20.0));
    assertThat(await(catalogue.seed(file, "targets-file", T0))).isEqualTo(1);
    assertThat(await(catalogue.seed(file, "targets-file", T0))).as("a second start adds nothing").isZero();
    assertThat(await(catalogue.find("Email")).targets()).as("an admin's entry is kept").containsEntry(Metric.CSAT, 0.9);
    assertThat(await(catalogue.find("Gone"))).as("a deleted one stays deleted").isNull();
    ServiceEntry vpn = await(catalogue.find("VPN"));
    assertThat(vpn.targets()).containsEntry(Metric.NPS, 20.0);
    assertThat(vpn.changedBy()).isEqualTo("targets-file");
    assertThat(vpn.version()).isEqualTo(1);
  }

  @Test
  void concurrentChangesAllLandAsSuccessiveVersions() throws Exception {
    List<Future<ServiceEntry>> puts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      puts.add(catalogue.put(entry("Wi-Fi", "owner-" + i, 0.8), "admin-" + i, T0.plusSeconds(i)));
    }
    List<Integer> versions = new ArrayList<>();
    for (Future<ServiceEntry> put : puts) {
      versions.add(await(put).version());
    }
    assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(await(catalogue.versions("Wi-Fi"))).hasSize(4);
  }
}
