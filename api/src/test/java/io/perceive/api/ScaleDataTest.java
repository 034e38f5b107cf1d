package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.perceive.ingest.response.IngestService.RecountReport;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.scoring.MongoScoreRollupRepository;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale generator's fast path (answers stored in bulk, marked counted, rollups built once by a
 * recount) leaves the store that ingestion's own bulk load and a recount leave: the same answers
 * and every rollup equal.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScaleDataTest {

  private static final List<String> COLLECTIONS =
      List.of(
          MongoResponseRepository.COLLECTION,
          MongoRollupRepository.COLLECTION,
          MongoRollupRepository.SEGMENTS,
          MongoScoreRollupRepository.COLLECTION,
          MongoScoreRollupRepository.SEGMENTS);

  @TempDir Path fast;
  @TempDir Path ingested;

  @Test
  void theGeneratorsStoreEqualsWhatIngestionAndARecountLeave() throws Exception {
    // 2,500 answers: a batch of 10,000 is one, so the recount's pages (of whole months) are what varies.
    RecountReport quick = ScaleData.write(fast, 2_500, 3, ScaleData::stored, read -> {});
    RecountReport slow = ScaleData.write(ingested, 2_500, 3, ScaleData::ingested, read -> {});
    assertThat(quick.responses()).isEqualTo(2_500);
    assertThat(quick.busy()).isZero();
    assertThat(quick.buckets()).isEqualTo(slow.buckets());

    Map<String, JsonObject> generated = snapshot(fast);
    Map<String, JsonObject> throughIngestion = snapshot(ingested);
    assertThat(generated).hasSizeGreaterThan(2_500 + 1_000);
    assertThat(generated.keySet()).isEqualTo(throughIngestion.keySet());
    assertThat(generated.entrySet().stream().filter(e -> !e.getValue().equals(throughIngestion.get(e.getKey()))).limit(3))
        .isEmpty();
  }

  /**
   * Every document of the answers and rollups, by collection and id, without what tells when and
   * how often it was written ({@code storedAt}, the version {@code v}).
   */
  private static Map<String, JsonObject> snapshot(Path dir) throws Exception {
    Map<String, JsonObject> out = new TreeMap<>();
    try (OfflineStore store = OfflineStore.open(TestApps.config(dir, Optional.empty(), 5)).orElseThrow()) {
      for (String collection : COLLECTIONS) {
        for (JsonObject doc : StoreServices.await(store.client().find(collection, new JsonObject()))) {
          doc.remove("storedAt");
          doc.remove("v");
          out.put(collection + "/" + doc.getValue("_id"), doc);
        }
      }
    }
    return out;
  }
}
