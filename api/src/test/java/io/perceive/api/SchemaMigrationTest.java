package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.store.EmbeddedMongo;
import io.perceive.ingest.store.SchemaVersion;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by this release, opened by a release with the next schema version: its
 * migration step runs once and the new version is recorded. Then this release, opening that
 * newer store, refuses it with a message that says what to do, and leaves it as it was.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaMigrationTest {

  @TempDir Path dataDir;

  @Test
  void theNextVersionMigratesThisReleasesStoreAndThisReleaseRefusesTheNewerOne() throws Exception {
    try (PerceiveApp app = PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty())) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 20; i++) {
        batch.add(new JsonObject().put("service", "Schema").put("rating", 1 + i % 5).put("source", "schema").put("sourceId", "S" + i));
      }
      assertThat(ApiTest.await(client.post("/api/v1/responses").sendJson(batch)).statusCode()).isEqualTo(200);
      client.close();
    }

    // The next release: one more version, whose step gives every response a new field.
    int next = SchemaVersion.RELEASE.current() + 1;
    List<SchemaVersion.Migration> steps = new ArrayList<>();
    for (int v = 0; v < SchemaVersion.RELEASE.current(); v++) {
      steps.add(new SchemaVersion.Migration(v, "as this release", c -> io.vertx.core.Future.succeededFuture()));
    }
    steps.add(new SchemaVersion.Migration(SchemaVersion.RELEASE.current(), "mark every response", c ->
        c.updateCollectionWithOptions(MongoResponseRepository.COLLECTION, new JsonObject(),
            new JsonObject().put("$set", new JsonObject().put("layout", next)), new UpdateOptions().setMulti(true)).mapEmpty()));
    SchemaVersion nextRelease = new SchemaVersion(next, steps);

    EmbeddedMongo store = EmbeddedMongo.start(dataDir, 0);
    Vertx vertx = Vertx.vertx();
    try {
      MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", store.connectionString()).put("db_name", "perceive"));
      assertThat(ApiTest.await(SchemaVersion.RELEASE.read(mongo))).as("this release recorded its version").isEqualTo(SchemaVersion.RELEASE.current());
      assertThat(ApiTest.await(nextRelease.migrate(mongo))).containsExactly(SchemaVersion.RELEASE.current() + " -> " + next + ": mark every response");
      assertThat(ApiTest.await(nextRelease.read(mongo))).isEqualTo(next);
      assertThat(ApiTest.await(mongo.count(MongoResponseRepository.COLLECTION, new JsonObject().put("layout", next)))).isEqualTo(20);
      assertThat(ApiTest.await(nextRelease.migrate(mongo))).as("opening it again migrates nothing").isEmpty();
      ApiTest.await(mongo.close());
    } finally {
      ApiTest.await(vertx.close());
      store.close();
    }

    assertThatThrownBy(() -> PerceiveApp.start(TestApps.config(dataDir, Optional.empty(), 1), Optional.empty()))
        .isInstanceOf(SchemaVersion.NewerStoreException.class)
        .hasMessage("the store was written by a newer Perceive (schema version " + next + "; this Perceive knows up to "
            + SchemaVersion.RELEASE.current() + "): run the newer Perceive, or restore a backup taken before the upgrade");
    EmbeddedMongo again = EmbeddedMongo.start(dataDir, 0);
    Vertx check = Vertx.vertx();
    try {
      MongoClient mongo = MongoClient.create(check, new JsonObject().put("connection_string", again.connectionString()).put("db_name", "perceive"));
      assertThat(ApiTest.await(nextRelease.read(mongo))).as("the refusal left the newer store as it was").isEqualTo(next);
      ApiTest.await(mongo.close());
    } finally {
      ApiTest.await(check.close());
      again.close();
    }
  }
}
