package io.perceive.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoCredential;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import io.perceive.ingest.store.StoreErrors;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP answer to each kind of store failure, as the driver reports them on a replica set. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StoreFailureAnswerTest {

  private static Problem answer(Throwable driverFailure) {
    return FailureHandler.toProblem(StoreErrors.classify(driverFailure), 500);
  }

  @Test
  void whatARetryCanCureIsA503() {
    WriteConcernError timedOut = new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument());
    MongoBulkWriteException writeConcern =
        new MongoBulkWriteException(BulkWriteResult.acknowledged(0, 3, 0, 0, List.of(), List.of()), List.of(), timedOut, new ServerAddress(), Set.of());
    BsonDocument notPrimary = new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(10107)).append("errmsg", new BsonString("not primary"));
    BsonDocument otherSession =
        new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(50738)).append("errmsg", new BsonString("Cannot run getMore on cursor"));
    for (Throwable failure :
        List.of(
            writeConcern,
            new MongoNotPrimaryException(notPrimary, new ServerAddress()),
            new MongoCursorNotFoundException(7L, new BsonDocument(), new ServerAddress()),
            new MongoCommandException(otherSession, new ServerAddress()))) {
      Problem p = answer(failure);
      assertThat(p.status()).as(failure.getClass().getSimpleName()).isEqualTo(503);
      assertThat(p.detail()).isEqualTo("the store is unavailable; retry later");
    }
  }

  @Test
  void aMisconfiguredClientIsA500WithoutDetail() {
    Problem p = answer(new MongoSecurityException(MongoCredential.createCredential("perceive", "admin", new char[] {'x'}), "Exception authenticating"));
    assertThat(p.status()).isEqualTo(500);
    assertThat(p.detail()).doesNotContain("authenticat").doesNotContain("perceive");
  }
}
