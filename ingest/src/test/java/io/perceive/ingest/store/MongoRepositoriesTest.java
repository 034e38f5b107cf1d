package io.perceive.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.IngestService.Outcome;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The repositories against the embedded H2-backed server over TCP, as in production. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoRepositoriesTest {

  @TempDir Path dataDir;
  private Vertx vertx;
  private EmbeddedMongo embedded;
  private MongoStore store;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    embedded = EmbeddedMongo.start(dataDir, 0);
    store = MongoStore.connect(vertx, embedded.connectionString(), "perceive", true);
    await(store.ensureSchema());
  }

  @AfterEach
  void stop() throws Exception {
    if (store != null) {
      await(store.close());
    }
    if (embedded != null) {
      embedded.close();
    }
    await(vertx.close());
  }

  static SurveyResponse response(String ticket, String service, int rating, Integer nps, String at) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, service, rating, nps, null,
        rating < 3 ? "slow" : null, ticket, "group", "agent", true, null, null, Instant.parse(at));
  }

  private IngestService ingest() {
    return new IngestService(
        new MongoResponseRepository(store.client(), ZoneOffset.UTC),
        new MongoRollupRepository(store.client()),
        ZoneOffset.UTC);
  }

  @Test
  void storesOnceAndCountsInTheRollup() throws Exception {
    IngestService ingest = ingest();
    SurveyResponse first = response("T1", "VPN", 5, 10, "2026-11-16T10:00:00Z");
    assertThat(await(ingest.accept(first))).isEqualTo(Outcome.STORED);
    assertThat(await(ingest.accept(first))).isEqualTo(Outcome.ALREADY_STORED);
    assertThat(await(ingest.accept(response("T2", "VPN", 2, 3, "2026-11-18T10:00:00Z"))))
        .isEqualTo(Outcome.STORED);
    assertThat(await(ingest.accept(response("T3", "Email", 4, null, "2026-11-18T11:00:00Z"))))
        .isEqualTo(Outcome.STORED);

    MongoResponseRepository responses = new MongoResponseRepository(store.client(), ZoneOffset.UTC);
    assertThat(await(responses.count())).isEqualTo(3);

    List<BucketTotals> weeks =
        await(
            new MongoRollupRepository(store.client())
                .totals(Interval.WEEK, Set.of("VPN"), 0, Long.MAX_VALUE));
    assertThat(weeks).hasSize(1);
    BucketTotals vpn = weeks.get(0);
    assertThat(vpn.service()).isEqualTo("VPN");
    assertThat(vpn.bucketStart()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z").toEpochMilli());
    assertThat(vpn.totals().n()).isEqualTo(2);
    assertThat(vpn.totals().satisfied()).isEqualTo(1);
    assertThat(vpn.totals().promoters()).isEqualTo(1);
    assertThat(vpn.totals().detractors()).isEqualTo(1);
    assertThat(vpn.totals().comments()).isEqualTo(1);

    List<BucketTotals> days =
        await(new MongoRollupRepository(store.client()).totals(Interval.DAY, Set.of(), 0, Long.MAX_VALUE));
    assertThat(days).extracting(BucketTotals::service).containsExactly("VPN", "Email", "VPN");
    assertThat(await(new MongoRollupRepository(store.client()).services()))
        .containsExactly("Email", "VPN");
  }

  @Test
  void dataSurvivesARestartOfTheEmbeddedStore() throws Exception {
    await(ingest().accept(response("T1", "VPN", 5, null, "2026-11-16T10:00:00Z")));
    await(store.close());
    embedded.close();

    embedded = EmbeddedMongo.start(dataDir, 0);
    store = MongoStore.connect(vertx, embedded.connectionString(), "perceive", true);
    await(store.ensureSchema());
    assertThat(await(new MongoResponseRepository(store.client(), ZoneOffset.UTC).count())).isEqualTo(1);
    assertThat(await(ingest().accept(response("T1", "VPN", 5, null, "2026-11-16T10:00:00Z"))))
        .isEqualTo(Outcome.ALREADY_STORED);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
