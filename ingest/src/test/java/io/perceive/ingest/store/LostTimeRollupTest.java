package io.perceive.ingest.store;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.BucketTotals;
import io.vertx.core.json.JsonObject;
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

/**
 * Lost time is rolled up as ingestion writes it (single answers, batches, a survey's later
 * answer to the question as a revision), and a recount from the responses rebuilds exactly the
 * same counters, per service and day and per support group and agent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LostTimeRollupTest {

  @TempDir Path dataDir;
  private TestStore fixture;
  private MongoRollupRepository rollups;
  private IngestService ingest;

  @BeforeEach
  void start() throws Exception {
    fixture = TestStore.start(dataDir);
    rollups = new MongoRollupRepository(fixture.store().client());
    ingest = new IngestService(new MongoResponseRepository(fixture.store().client(), ZoneOffset.UTC), rollups, ZoneOffset.UTC);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static SurveyResponse response(String ticket, int rating, Integer lostMinutes, String at) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, "Lost", rating, null, null, null, ticket, "Desk", "Ann", true, null, null,
        Instant.parse(at), lostMinutes);
  }

  @Test
  void lostTimeIsRolledUpAndARecountRebuildsTheSameCounters() throws Exception {
    await(ingest.accept(response("L1", 2, 240, "2026-11-16T10:00:00Z")));
    await(ingest.acceptBatch(List.of(
        response("L2", 4, 15, "2026-11-16T11:00:00Z"),
        response("L3", 5, null, "2026-11-16T12:00:00Z"),
        response("L4", 1, 480, "2026-11-17T09:00:00Z"))));
    // The survey page's lost-time answer arrives after the rating, as a revision.
    SurveyResponse later = response("L5", 3, null, "2026-11-17T10:00:00Z");
    await(ingest.accept(later));
    await(ingest.setLostMinutes(later.id(), 60));

    List<BucketTotals> days = await(rollups.totals(Interval.DAY, Set.of("Lost"), 0, Long.MAX_VALUE));
    assertThat(days).hasSize(2);
    Totals first = days.get(0).totals();
    assertThat(first.lostN()).isEqualTo(2);
    assertThat(first.lostSum()).isEqualTo(255);
    assertThat(first.lostSumSq()).isEqualTo(240L * 240 + 15 * 15);
    Totals second = days.get(1).totals();
    assertThat(second.lostN()).isEqualTo(2);
    assertThat(second.lostSum()).isEqualTo(540);
    assertThat(Metric.LOST_TIME.estimate(first.plus(second), 0.95, 2).value()).isEqualTo(795 / 4.0);
    Totals group = await(rollups.segmentTotals(RollupRepository.Segment.GROUP, 0, Long.MAX_VALUE)).get(0).totals();
    assertThat(group.lostSum()).isEqualTo(795);

    List<BucketTotals> weeks = await(rollups.totals(Interval.WEEK, Set.of("Lost"), 0, Long.MAX_VALUE));
    List<RollupRepository.SegmentTotals> segments = await(rollups.segmentTotals(RollupRepository.Segment.AGENT, 0, Long.MAX_VALUE));
    await(fixture.store().client().removeDocuments(MongoRollupRepository.COLLECTION, new JsonObject()));
    await(fixture.store().client().removeDocuments(MongoRollupRepository.SEGMENTS, new JsonObject()));
    await(ingest.recountAll(null, n -> {}));
    assertThat(await(rollups.totals(Interval.DAY, Set.of("Lost"), 0, Long.MAX_VALUE))).isEqualTo(days);
    assertThat(await(rollups.totals(Interval.WEEK, Set.of("Lost"), 0, Long.MAX_VALUE))).isEqualTo(weeks);
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.AGENT, 0, Long.MAX_VALUE))).isEqualTo(segments);
  }
}
