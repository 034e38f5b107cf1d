package io.perceive.ingest.store;

import static io.perceive.ingest.store.TestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.util.ConcurrentModificationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded server's H2 backend can throw ConcurrentModificationException when a write meets
 * a walk of the same collection (seen once in StoreOutageIT under load: a 500 where a busy store
 * should be a 503). It is answered as MongoDB answers a lost race, WriteConflict (112), and the
 * client's classification makes that a "retry later".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteConflictTest {

  @Test
  void aConcurrentModificationIsAnsweredAsWriteConflict() {
    Document answer = ConsistentH2Backend.conflictAsWriteConflict(() -> "update", () -> {
      throw new ConcurrentModificationException();
    });
    assertThat(answer.get("ok")).isEqualTo(0);
    assertThat(answer.get("code")).isEqualTo(112);
    assertThat(answer.get("codeName")).isEqualTo("WriteConflict");
    Document fine = new Document("ok", 1);
    assertThat(ConsistentH2Backend.conflictAsWriteConflict(() -> "find", () -> fine)).isSameAs(fine);
  }

  @Test
  void theDriverSeesAWriteConflictAndItIsA503NotA500() throws Exception {
    AtomicBoolean conflict = new AtomicBoolean();
    MongoServer server =
        new MongoServer(
            new MemoryBackend() {
              @Override
              public Document handleMessage(MongoMessage message) {
                boolean update = message.getDocument().containsKey("update");
                return ConsistentH2Backend.conflictAsWriteConflict(() -> "update", () -> {
                  if (update && conflict.get()) {
                    throw new ConcurrentModificationException();
                  }
                  return super.handleMessage(message);
                });
              }
            });
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    Vertx vertx = Vertx.vertx();
    MongoStore store = MongoStore.connect(vertx, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort(), "perceive", false);
    try {
      JsonObject id = new JsonObject().put("_id", "a");
      await(store.client().insert("things", id.copy().put("n", 0)));
      conflict.set(true);
      Throwable failure =
          store.client().updateCollection("things", id, new JsonObject().put("$inc", new JsonObject().put("n", 1)))
              .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(30, TimeUnit.SECONDS);
      assertThat(failure).as("the update failed").isNotNull();
      assertThat(StoreErrors.kindOf(failure)).isEqualTo(StoreErrors.Kind.CONFLICT);
      assertThat(StoreErrors.classify(failure)).isInstanceOf(StoreUnavailableException.class);
      conflict.set(false);
      await(store.client().updateCollection("things", id, new JsonObject().put("$inc", new JsonObject().put("n", 1))));
      assertThat(await(store.client().findOne("things", id, null)).getInteger("n")).as("the lost write was not applied").isEqualTo(1);
    } finally {
      await(store.close());
      server.shutdownNow();
      await(vertx.close());
    }
  }
}
