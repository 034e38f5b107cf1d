package io.perceive.ingest.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static io.perceive.ingest.store.TestStore.await;

import io.perceive.analytics.rollup.Interval;
import io.perceive.ingest.rollup.RollupRepository.BucketKey;
import io.perceive.ingest.scoring.ScoreRollupRepository.MeasureTotals;
import io.perceive.ingest.scoring.ScoreRollupRepository.Scored;
import io.perceive.ingest.store.TestStore;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoScoreRollupRepositoryTest {

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

  private static JsonObject score(double sentiment, String language, JsonObject competency) {
    return new JsonObject()
        .put("sentiment", new JsonObject().put("score", sentiment).put("label", "x"))
        .put("competency", competency)
        .put("language", language);
  }

  private static Scored rated(JsonObject score) {
    return new Scored(score, 5);
  }

  @Test
  void sumsMentionsOfSatisfiedAnswersAndFollowsARatingChange() throws Exception {
    MongoScoreRollupRepository repo = new MongoScoreRollupRepository(store.client());
    long monday = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();
    BucketKey day = new BucketKey("VPN", "2026-11-16", monday, monday, Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    JsonObject rude = score(-0.6, "en", new JsonObject().put("courtesy", -0.8));
    JsonObject kind = score(0.7, "en", new JsonObject().put("courtesy", 0.9));
    await(repo.add(day, new Scored(rude, 2), null));
    await(repo.add(day, new Scored(kind, 5), null));
    MeasureTotals courtesy = await(repo.totals("courtesy", Interval.DAY, Set.of(), 0, Long.MAX_VALUE)).get(0);
    assertThat(courtesy.n()).isEqualTo(2);
    assertThat(courtesy.satisfied()).isEqualTo(1);
    assertThat(courtesy.sumSatisfied()).isCloseTo(0.9, within(1e-9));

    // The rude one's answer is revised to a 4: the same score now counts as satisfied.
    await(repo.add(day, new Scored(rude, 4), new Scored(rude, 2)));
    courtesy = await(repo.totals("courtesy", Interval.DAY, Set.of(), 0, Long.MAX_VALUE)).get(0);
    assertThat(courtesy.n()).as("still two mentions").isEqualTo(2);
    assertThat(courtesy.sum()).isCloseTo(0.1, within(1e-9));
    assertThat(courtesy.satisfied()).isEqualTo(2);
    assertThat(courtesy.sumSatisfied()).isCloseTo(0.1, within(1e-9));

    // Its comment is removed: nothing of it counts any more.
    await(repo.add(day, Scored.NONE, new Scored(rude, 4)));
    courtesy = await(repo.totals("courtesy", Interval.DAY, Set.of(), 0, Long.MAX_VALUE)).get(0);
    assertThat(courtesy.n()).isEqualTo(1);
    assertThat(courtesy.satisfied()).isEqualTo(1);
    assertThat(courtesy.sumSatisfied()).isCloseTo(0.9, within(1e-9));
  }

  @Test
  void sumsPhraseSentimentPerDimensionAndCountsNegativeMentions() throws Exception {
    MongoScoreRollupRepository repo = new MongoScoreRollupRepository(store.client());
    long monday = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();
    BucketKey day1 = new BucketKey("VPN", "2026-11-16", monday, monday, Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    BucketKey day2 = new BucketKey("VPN", "2026-11-17", monday + 86_400_000L, monday, day1.monthStart());
    await(repo.add(day1, rated(score(-0.9, "en", new JsonObject().put("courtesy", -0.5).put("timeliness", 0.3))), null));
    // An edited comment: its first score is replaced, not added to.
    JsonObject first = score(-0.2, "en", new JsonObject().put("courtesy", -0.9).put("knowledge", 0.5));
    await(repo.add(day2, rated(first), null));
    await(repo.add(day2, rated(score(0.6, "en", new JsonObject().put("courtesy", 0.7))), rated(first)));
    // Not English: no sentiment counted, and no competency was found either.
    await(repo.add(day2, rated(score(0.0, "de", new JsonObject())), null));

    List<MeasureTotals> courtesy = await(repo.totals("courtesy", Interval.WEEK, Set.of(), 0, Long.MAX_VALUE));
    assertThat(courtesy).hasSize(1);
    MeasureTotals week = courtesy.get(0);
    assertThat(week.service()).isEqualTo("VPN");
    assertThat(week.bucketStart()).isEqualTo(monday);
    assertThat(week.n()).isEqualTo(2);
    assertThat(week.sum()).isCloseTo(0.2, within(1e-9));
    assertThat(week.sumSq()).isCloseTo(0.74, within(1e-9));
    assertThat(week.negative()).isEqualTo(1);

    List<MeasureTotals> sentiment = await(repo.totals("sentiment", Interval.DAY, Set.of("VPN"), 0, Long.MAX_VALUE));
    assertThat(sentiment).extracting(MeasureTotals::n).containsExactly(1L, 1L);
    assertThat(await(repo.totals("knowledge", Interval.WEEK, Set.of(), 0, Long.MAX_VALUE))).isEmpty();
    assertThat(sentiment.get(1).sum()).isCloseTo(0.6, within(1e-9));
  }

  @Test
  void aRecountReplacesTheBucketWithExactlyTheGivenScores() throws Exception {
    MongoScoreRollupRepository repo = new MongoScoreRollupRepository(store.client());
    long monday = Instant.parse("2026-11-16T00:00:00Z").toEpochMilli();
    BucketKey day = new BucketKey("VPN", "2026-11-16", monday, monday, Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    // Counted twice by mistake, and a knowledge mention that is no longer in any comment.
    JsonObject twice = score(-0.5, "en", new JsonObject().put("courtesy", -0.5).put("knowledge", 0.9));
    await(repo.add(day, rated(twice), null));
    await(repo.add(day, rated(twice), null));

    JsonObject failed = new JsonObject().put("failed", true);
    assertThat(await(repo.replace(day, List.of(rated(score(-0.5, "en", new JsonObject().put("courtesy", -0.5))), Scored.NONE, rated(failed),
        rated(score(0.3, "en", new JsonObject().put("courtesy", 0.3)))), await(repo.version(day))))).isTrue();
    MeasureTotals courtesy = await(repo.totals("courtesy", Interval.DAY, Set.of(), 0, Long.MAX_VALUE)).get(0);
    assertThat(courtesy.n()).isEqualTo(2);
    assertThat(courtesy.sum()).isCloseTo(-0.2, within(1e-9));
    assertThat(courtesy.negative()).isEqualTo(1);
    assertThat(await(repo.totals("knowledge", Interval.DAY, Set.of(), 0, Long.MAX_VALUE))).isEmpty();
    assertThat(await(repo.totals("sentiment", Interval.DAY, Set.of(), 0, Long.MAX_VALUE)).get(0).n()).isEqualTo(2);
    // Adding after a recount goes on from the recounted sums.
    await(repo.add(day, rated(score(0.1, "en", new JsonObject().put("courtesy", 0.1))), null));
    assertThat(await(repo.totals("courtesy", Interval.DAY, Set.of(), 0, Long.MAX_VALUE)).get(0).n()).isEqualTo(3);
  }

  @Test
  void onlyPlainNamesBecomeFieldNames() {
    assertThat(MongoScoreRollupRepository.isMeasure("courtesy")).isTrue();
    assertThat(MongoScoreRollupRepository.isMeasure("$where")).isFalse();
    assertThat(MongoScoreRollupRepository.isMeasure("a.b")).isFalse();
    JsonObject inc = MongoScoreRollupRepository.incrementsOf(rated(score(2.0, "en", new JsonObject().put("bad.name", 0.5))));
    assertThat(inc.getDouble("sentiment_sum")).isEqualTo(1.0);
    assertThat(inc.fieldNames()).noneMatch(f -> f.startsWith("bad"));
  }
}
