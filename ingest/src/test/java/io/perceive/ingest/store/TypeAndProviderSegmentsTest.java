package io.perceive.ingest.store;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.response.ResponseIds;
import io.perceive.ingest.response.SurveyResponse;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.rollup.RollupRepository.Segment;
import io.perceive.ingest.rollup.RollupRepository.SegmentKey;
import io.perceive.ingest.rollup.RollupRepository.SegmentTotals;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ticket types and providers are segments as support groups and agents are: every write moves
 * them (a single answer, a batch, a revision), recovery recounts a crashed day's, and a full
 * recount rebuilds them exactly as ingestion kept them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypeAndProviderSegmentsTest {

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

  private static SurveyResponse response(String ticket, String service, int rating, String type, String provider, String at) {
    return new SurveyResponse(
        ResponseIds.of("test", ticket), "test", ticket, service, rating, null, null, null, ticket, null, null, true, null, null,
        Instant.parse(at), 30, type, provider);
  }

  private Map<String, Totals> totals(Segment kind) throws Exception {
    Map<String, Totals> out = new TreeMap<>();
    for (SegmentTotals t : await(rollups.segmentTotals(kind, 0, Long.MAX_VALUE))) {
      out.merge(t.name(), t.totals(), Totals::plus);
    }
    return out;
  }

  @Test
  void typesAndProvidersAreCountedByEveryWriteRecoveredAndRecounted() throws Exception {
    await(ingest.accept(response("T1", "VPN", 5, "incident", "Internal IT", "2026-11-16T10:00:00Z")));
    await(ingest.acceptBatch(List.of(
        response("T2", "Email", 1, "request", "Cloud Co", "2026-11-16T11:00:00Z"),
        response("T3", "VPN", 4, "request", "Cloud Co", "2026-11-17T09:00:00Z"),
        response("T4", "VPN", 2, null, null, "2026-11-17T10:00:00Z"))));

    Map<String, Totals> types = totals(Segment.TYPE);
    assertThat(types).containsOnlyKeys("incident", "request");
    assertThat(types.get("request").n()).isEqualTo(2);
    assertThat(types.get("request").satisfied()).isEqualTo(1);
    assertThat(types.get("request").lostSum()).isEqualTo(60);
    assertThat(totals(Segment.PROVIDER)).containsOnlyKeys("Cloud Co", "Internal IT");
    assertThat(totals(Segment.GROUP)).as("no group given, none counted").isEmpty();

    await(ingest.revise(ResponseIds.of("test", "T2"), 5, false, null));
    assertThat(totals(Segment.TYPE).get("request").satisfied()).as("a revision moves the type").isEqualTo(2);
    assertThat(totals(Segment.PROVIDER).get("Cloud Co").satisfied()).as("and the provider").isEqualTo(2);
    Map<String, Totals> maintainedTypes = totals(Segment.TYPE);
    Map<String, Totals> maintainedProviders = totals(Segment.PROVIDER);

    // A crash lost the 16th's request and provider increments; the intent names the Email bucket of that day.
    RollupRepository.BucketKey email16 = ingest.keyOf(response("T2", "Email", 5, null, null, "2026-11-16T11:00:00Z"));
    for (SegmentKey lost : List.of(SegmentKey.of(Segment.TYPE, "request", email16), SegmentKey.of(Segment.PROVIDER, "Cloud Co", email16))) {
      assertThat(await(rollups.replaceSegment(lost, Totals.ZERO, await(rollups.segmentVersion(lost))))).isTrue();
    }
    assertThat(totals(Segment.TYPE).get("request").n()).isEqualTo(1);
    await(rollups.recordIntent(List.of(email16)));
    assertThat(await(ingest.recoverRollups())).isEqualTo(1);
    assertThat(totals(Segment.TYPE)).as("recovered from the responses").isEqualTo(maintainedTypes);
    assertThat(totals(Segment.PROVIDER)).isEqualTo(maintainedProviders);

    await(fixture.store().client().removeDocuments(MongoRollupRepository.SEGMENTS, new JsonObject()));
    await(ingest.recountAll(null, n -> {}));
    assertThat(totals(Segment.TYPE)).as("a full recount rebuilds them").isEqualTo(maintainedTypes);
    assertThat(totals(Segment.PROVIDER)).isEqualTo(maintainedProviders);
  }
}
