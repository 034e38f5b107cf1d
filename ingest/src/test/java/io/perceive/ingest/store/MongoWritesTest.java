package io.perceive.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.perceive.ingest.store.TestStore.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shared read and write patterns against the embedded server over TCP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoWritesTest {

  @TempDir Path dataDir;
  private TestStore store;

  @BeforeEach
  void start() throws Exception {
    store = TestStore.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  private static JsonArray groupBy(String field, int minCount) {
    return new JsonArray()
        .add(new JsonObject().put("$group", new JsonObject().put("_id", "$" + field).put("n", new JsonObject().put("$sum", 1))))
        .add(new JsonObject().put("$match", new JsonObject().put("n", new JsonObject().put("$gte", minCount))))
        .add(new JsonObject().put("$sort", new JsonObject().put("_id", 1)));
  }

  @Test
  void anEmptyResultEndsEveryTime() throws Exception {
    // MongoClient.aggregate's stream hung on this shape (a $match after $group keeping nothing)
    // in CI; the command-based aggregation must answer each time.
    await(store.client().insert("things", new JsonObject().put("kind", "a")));
    for (int i = 0; i < 300; i++) {
      assertThat(await(MongoWrites.aggregate(store.client(), "things", groupBy("kind", 2)))).isEmpty();
    }
    assertThat(await(MongoWrites.aggregate(store.client(), "nothing-here", groupBy("kind", 1)))).isEmpty();
  }

  @Test
  void collectsEveryBatchInOrder() throws Exception {
    List<JsonObject> docs = new ArrayList<>();
    for (int i = 0; i < 95; i++) {
      docs.add(new JsonObject().put("_id", "d" + i).put("kind", String.format("k%03d", i)));
    }
    for (JsonObject doc : docs) {
      await(store.client().insert("things", doc));
    }
    List<JsonObject> all = await(MongoWrites.aggregate(store.client(), "things", groupBy("kind", 1), 10));
    assertThat(all).hasSize(95);
    assertThat(all.get(0).getString("_id")).isEqualTo("k000");
    assertThat(all.get(94).getString("_id")).isEqualTo("k094");
    assertThat(all).allSatisfy(d -> assertThat(d.getInteger("n")).isEqualTo(1));
  }

  @Test
  void aStoppedStoreIsReportedAsUnavailable() throws Exception {
    store.stopServer();
    assertThatThrownBy(() -> await(MongoWrites.aggregate(store.client(), "things", groupBy("kind", 1))))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreUnavailableException.class);
  }

}
