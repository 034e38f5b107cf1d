package io.perceive.ingest.response;

import io.perceive.ingest.rollup.RollupRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.Set;

/** Durable storage of survey responses. */
public interface ResponseRepository {

  /**
   * Stores a response. Completes with {@code true} when it was new and {@code false} when a
   * response with the same id was already stored (a retry): never stores twice.
   */
  Future<Boolean> insert(SurveyResponse response);

  /** Stores many new responses at once (bulk loads); ids already present are skipped. */
  Future<Long> insertAll(List<SurveyResponse> responses);

  /** Marks a response as counted in the rollups. */
  Future<Void> markRolledUp(String id);

  Future<Long> count();

  /** The stored response with this id, or null. */
  default Future<SurveyResponse> find(String id) {
    return Future.failedFuture(new UnsupportedOperationException("find is not supported here"));
  }

  /** A response as it was before a revision, with the comment score it carried (or null). */
  record Revised(SurveyResponse before, JsonObject score) {}

  /**
   * Changes the answer of a stored response in one atomic step: the rating when not null, the
   * comment when {@code setComment} (null clears it, and the comment's score with it). Completes
   * with the response as it was before, or null when there is none. Attribution and time stay as
   * stored.
   */
  default Future<Revised> reviseAnswer(String id, Integer rating, boolean setComment, String comment) {
    return reviseAnswer(id, rating, setComment, comment, null);
  }

  /** As above; also the answer to the lost-time question (minutes) when not null. */
  default Future<Revised> reviseAnswer(String id, Integer rating, boolean setComment, String comment, Integer lostMinutes) {
    return Future.failedFuture(new UnsupportedOperationException("reviseAnswer is not supported here"));
  }

  /**
   * Stores many responses in one unordered bulk write. Completes with one flag per response, in
   * order: {@code true} when it was stored now, {@code false} when its id was already stored (a
   * retry, or a repeat inside the batch). Any other failure fails the whole call.
   */
  Future<List<Boolean>> insertEach(List<SurveyResponse> responses);

  /** As {@link #insertEach(List)}, stored already marked as counted (a batch covered by an intent). */
  Future<List<Boolean>> insertEachCounted(List<SurveyResponse> responses);

  /** Marks many responses as counted in the rollups. */
  Future<Void> markRolledUp(List<String> ids);

  /**
   * Up to {@code limit} stored responses that are not yet counted in the rollups (after a crash or
   * an outage), stored before {@code storedBefore} (epoch ms; {@code Long.MAX_VALUE} for all), in
   * {@code _id} order after {@code afterId} (null: from the first), each with {@code _id,
   * service, day, dayStart, weekStart, monthStart} and its attributions ({@code supportGroup, agent, ticketType, provider}).
   */
  Future<List<StoredResponse>> findNotRolledUp(long storedBefore, String afterId, int limit);

  /**
   * Those of these responses that are stored, each with {@code _id, service, day, dayStart,
   * weekStart, monthStart, supportGroup, agent, rolledUp, storedAt}: a read by {@code _id}.
   */
  default Future<List<StoredResponse>> findAmong(List<String> ids) {
    return Future.failedFuture(new UnsupportedOperationException("findAmong is not supported here"));
  }

  /**
   * Hands every stored response to {@code each}, streaming, with the bucket fields and
   * {@code rating, nps, ces, comment, slaMet, score, rolledUp, storedAt, lostMinutes} and the attributions.
   * {@code each} runs on one thread at a time.
   */
  default Future<Void> forEach(java.util.function.Consumer<StoredResponse> each) {
    return forEachInMonths(Long.MIN_VALUE, Long.MAX_VALUE, each);
  }

  /**
   * As {@link #forEach}, for the responses whose {@code monthStart} lies between {@code
   * fromMonth} and {@code toMonth} (epoch ms, both included): one page of a full recount.
   */
  default Future<Void> forEachInMonths(long fromMonth, long toMonth, java.util.function.Consumer<StoredResponse> each) {
    return Future.failedFuture(new UnsupportedOperationException("forEachInMonths is not supported here"));
  }

  /** Every {@code monthStart} (epoch ms) the responses hold, in order. */
  default Future<java.util.SortedSet<Long>> months() {
    return Future.failedFuture(new UnsupportedOperationException("months is not supported here"));
  }

  /** The bucket (service and day) of every stored response, each once. */
  default Future<List<RollupRepository.BucketKey>> buckets() {
    return Future.failedFuture(new UnsupportedOperationException("buckets is not supported here"));
  }

  /**
   * Every response of one service and day, each with {@code _id, rating, nps, ces, comment,
   * rolledUp, storedAt, slaMet, lostMinutes}, the attributions, and {@code score} where one is stored.
   */
  Future<List<StoredResponse>> findInBucket(String service, String day);

  /**
   * Every response of one segment (support group, agent, ticket type, provider) on one day, with {@code _id, rating, nps, ces,
   * comment, slaMet, rolledUp, storedAt, lostMinutes} and {@code score} where one is stored.
   */
  Future<List<StoredResponse>> findInSegment(RollupRepository.Segment kind, String name, String day);

  /**
   * Up to {@code limit} responses with a comment and no score yet: {@code _id, rating, comment},
   * the bucket fields, and {@code score} when an earlier score is being replaced (an edited comment).
   */
  Future<List<JsonObject>> findUnscored(int limit);

  /**
   * As {@link #findUnscored(int)}, each response claimed for {@code owner} until {@code until}
   * (epoch ms): a response another owner holds an unexpired claim on is not returned, so
   * instances sharing a store score different comments. A claim ends with the stored score, or
   * when it expires (its instance died); the owner's own claims are claimed again (a pass the
   * store interrupted left them).
   */
  Future<List<JsonObject>> claimUnscored(String owner, int limit, long now, long until);

  /**
   * What to read of scored comments: a period (epoch ms of {@code respondedAt}), optionally some
   * services, one support group, one agent, one ticket type, one provider, and a measure ({@code sentiment} or a dimension) with
   * a polarity ({@code negative}, {@code positive} or {@code any}, which means "mentioned").
   */
  record CommentQuery(
      long from, long to, Set<String> services, String supportGroup, String agent, String measure,
      String polarity, int limit, After after, String ticketType, String provider) {

    /** Without a ticket type or provider. */
    public CommentQuery(
        long from, long to, Set<String> services, String supportGroup, String agent, String measure,
        String polarity, int limit, After after) {
      this(from, to, services, supportGroup, agent, measure, polarity, limit, after, null, null);
    }

    /** The first page. */
    public CommentQuery(
        long from, long to, Set<String> services, String supportGroup, String agent, String measure,
        String polarity, int limit) {
      this(from, to, services, supportGroup, agent, measure, polarity, limit, null);
    }
  }

  /**
   * Where a page of comments ends: the {@code respondedAt} and {@code _id} of its last comment.
   * The next page holds what sorts after it (older, or as old with a smaller id), so a comment
   * is seen once however many are stored between two pages.
   */
  record After(long respondedAt, String id) {}

  /**
   * The most recent scored comments that match, newest first ({@code _id} descending among
   * equals), after {@code query.after()} when given, up to the limit: each with
   * {@code _id, service, rating, comment, respondedAt, score} and the attributions.
   */
  Future<List<JsonObject>> findComments(CommentQuery query);

  /**
   * Every response answered from {@code from} (inclusive) to {@code to} (exclusive, epoch ms), of
   * these services (all when empty), oldest first ({@code _id} among equals), each with the
   * stored fields {@link ResponseExport} reads. A stream read a batch at a time through one
   * driver cursor: the reader pauses it to hold back the next batch. Failures arrive at its
   * exception handler as stored errors unclassified ({@code StoreErrors.classify} them).
   */
  default ReadStream<JsonObject> export(long from, long to, Set<String> services) {
    throw new UnsupportedOperationException("export is not supported here");
  }

  /**
   * Stores the score of {@code comment} on its response and marks it scored, in one atomic step.
   * When the comment was edited while it was being scored, the score is stored all the same (it
   * is what the rollups now count) but the response is marked unscored again, so the new text is
   * scored next. When the comment was removed meanwhile, the score is taken off again: there is
   * nothing left to count. Completes with the response document as it was just before the score
   * was stored ({@code comment, rating, score}), or null when there is none.
   */
  Future<JsonObject> storeScore(String id, String comment, JsonObject score);

  /**
   * Replaces the text of scored comments given before {@code cutoffMillis} with
   * {@link CommentRetention#PURGED} and drops the sentences kept with their score; ratings, the
   * score's numbers and the rollups stay. Completes with how many responses changed.
   */
  Future<Long> purgeComments(long cutoffMillis);
}
