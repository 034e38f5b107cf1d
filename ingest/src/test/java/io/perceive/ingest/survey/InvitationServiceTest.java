package io.perceive.ingest.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.analytics.rollup.Interval;
import io.perceive.analytics.rollup.Totals;
import io.perceive.ingest.BadInputException;
import io.perceive.ingest.IngestSchema;
import io.perceive.ingest.response.IngestService;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.rollup.MongoRollupRepository;
import io.perceive.ingest.rollup.RollupRepository;
import io.perceive.ingest.store.MongoStore;
import io.perceive.ingest.survey.InvitationService.CancelOutcome;
import io.perceive.ingest.survey.InvitationService.Issued;
import io.perceive.ingest.survey.SurveyAnswers.Outcome;
import io.perceive.ingest.survey.SurveyAnswers.Refusal;
import io.perceive.ingest.survey.SurveyAnswers.RefusedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Invitations, fatigue, sampling and answers against the wire-protocol server (memory backend). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvitationServiceTest {

  private Vertx vertx;
  private MongoServer server;
  private MongoStore store;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
  private MongoRollupRepository rollups;
  private IngestService ingest;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    store = MongoStore.connect(vertx, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort(), "perceive", true);
    await(store.ensureSchema(IngestSchema.all()));
    rollups = new MongoRollupRepository(store.client());
    ingest = new IngestService(new MongoResponseRepository(store.client(), ZoneOffset.UTC), rollups, ZoneOffset.UTC);
  }

  @AfterEach
  void stop() throws Exception {
    await(store.close());
    await(vertx.close());
    server.shutdownNow();
  }

  private InvitationService invitations(SurveyPolicy policy) {
    return new InvitationService(
        new MongoInvitationRepository(store.client(), new MongoInvitationRollups(store.client(), ZoneOffset.UTC)), new MongoFatigueRepository(store.client()),
        SurveyTokensTest.KEYS, policy, clock);
  }

  private SurveyAnswers answers(SurveyPolicy policy) {
    return new SurveyAnswers(new MongoInvitationRepository(store.client(), new MongoInvitationRollups(store.client(), ZoneOffset.UTC)), ingest, policy, clock);
  }

  static SurveyPolicy policy(int fatigueDays, double sampling, int editMinutes) {
    return new SurveyPolicy(Duration.ofDays(14), Duration.ofMinutes(editMinutes), Duration.ofDays(fatigueDays), sampling);
  }

  private InvitationRequest ticket(String ticket, String email) {
    JsonObject json =
        new JsonObject()
            .put("ticketId", ticket)
            .put("customerEmail", email)
            .put("service", "VPN")
            .put("supportGroup", "Network")
            .put("agent", "Omar F.")
            .put("ticketType", "Service Request")
            .put("provider", "Cloud Co")
            .put("openedAt", "2026-11-19T08:00:00Z")
            .put("resolvedAt", "2026-11-20T09:00:00Z")
            .put("slaMet", true)
            .put("locale", "de-CH");
    return InvitationRequest.parse(json, clock.instant());
  }

  private Totals rollup() throws Exception {
    return await(rollups.totals(Interval.DAY, Set.of("VPN"), 0, Long.MAX_VALUE)).stream()
        .map(b -> b.totals())
        .reduce(Totals.ZERO, Totals::plus);
  }

  @Test
  void aResentTicketIsTheSameInvitationWithTheSameLinks() throws Exception {
    InvitationService service = invitations(policy(30, 1.0, 60));
    Issued first = await(service.invite(ticket("T-1", "ana@example.org")));
    assertThat(first.created()).isTrue();
    assertThat(first.invitation().status()).isEqualTo(Invitation.Status.OPEN);
    assertThat(first.invitation().locale()).isEqualTo("de-CH");
    assertThat(first.token()).isNotNull();
    clock.advance(Duration.ofMinutes(5));
    Issued again = await(service.invite(ticket("T-1", "ana@example.org")));
    assertThat(again.created()).isFalse();
    assertThat(again.invitation()).isEqualTo(first.invitation());
    assertThat(again.token()).isEqualTo(first.token());
  }

  @Test
  void theCustomerIsStoredOnlyAsAKeyedHash() throws Exception {
    Issued issued = await(invitations(policy(30, 1.0, 60)).invite(ticket("T-1", "Ana@Example.org")));
    JsonObject doc = await(store.client().findOne(MongoInvitationRepository.COLLECTION, new JsonObject(), null));
    assertThat(doc.encode()).doesNotContainIgnoringCase("ana@example.org").doesNotContainIgnoringCase("example");
    assertThat(issued.invitation().customerHash()).startsWith("c_");
    JsonObject fatigue = await(store.client().findOne(MongoFatigueRepository.COLLECTION, new JsonObject(), null));
    assertThat(fatigue.getString("_id")).isEqualTo(issued.invitation().customerHash());
  }

  @Test
  void theSameCustomerIsNotAskedTwiceWithinTheFatiguePeriod() throws Exception {
    InvitationService service = invitations(policy(7, 1.0, 60));
    assertThat(await(service.invite(ticket("T-1", "ana@example.org"))).invitation().status()).isEqualTo(Invitation.Status.OPEN);
    clock.advance(Duration.ofDays(3));
    Issued second = await(service.invite(ticket("T-2", "ANA@example.org")));
    assertThat(second.invitation().status()).isEqualTo(Invitation.Status.SKIPPED);
    assertThat(second.invitation().skipReason()).isEqualTo(Invitation.SkipReason.FATIGUE);
    assertThat(second.token()).isNull();
    assertThat(await(service.invite(ticket("T-3", "ben@example.org"))).invitation().status())
        .as("another customer").isEqualTo(Invitation.Status.OPEN);
    // A resent skipped ticket stays skipped, even once the period is over.
    clock.advance(Duration.ofDays(5));
    assertThat(await(service.invite(ticket("T-2", "ana@example.org"))).invitation().skipReason()).isEqualTo(Invitation.SkipReason.FATIGUE);
    Issued later = await(service.invite(ticket("T-4", "ana@example.org")));
    assertThat(later.invitation().status()).as("after the period").isEqualTo(Invitation.Status.OPEN);
  }

  @Test
  void samplingIsDeterministicPerTicketAndNearTheRate() throws Exception {
    int in = 0;
    for (int i = 0; i < 4000; i++) {
      String id = InvitationService.idOf("api", "S-" + i);
      boolean sampled = InvitationService.sampled(id, 0.25);
      assertThat(InvitationService.sampled(id, 0.25)).isEqualTo(sampled);
      in += sampled ? 1 : 0;
    }
    assertThat(in).isBetween(900, 1100);
    assertThat(InvitationService.sampled("x", 0.0)).isFalse();
    assertThat(InvitationService.sampled("x", 1.0)).isTrue();

    InvitationService service = invitations(policy(0, 0.25, 60));
    int skipped = 0;
    for (int i = 0; i < 40; i++) {
      Issued issued = await(service.invite(ticket("S-" + i, "c" + i + "@example.org")));
      boolean expected = InvitationService.sampled(InvitationService.idOf("api", "S-" + i), 0.25);
      assertThat(issued.invitation().status()).isEqualTo(expected ? Invitation.Status.OPEN : Invitation.Status.SKIPPED);
      if (!expected) {
        skipped++;
        assertThat(issued.invitation().skipReason()).isEqualTo(Invitation.SkipReason.SAMPLING);
      }
    }
    assertThat(skipped).isBetween(15, 39);
  }

  @Test
  void oneResponsePerInvitationRevisedWithinTheEditWindowOnly() throws Exception {
    SurveyPolicy policy = policy(30, 1.0, 60);
    Issued issued = await(invitations(policy).invite(ticket("T-1", "ana@example.org")));
    String id = issued.invitation().id();
    SurveyAnswers answers = answers(policy);

    assertThat(await(answers.rate(id, 4)).outcome()).isEqualTo(Outcome.RECORDED);
    assertThat(await(answers.rate(id, 4)).outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(rollup()).isEqualTo(Totals.of(4, null, null, false, true));

    clock.advance(Duration.ofMinutes(10));
    assertThat(await(answers.rate(id, 2)).outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(await(answers.comment(id, "  took three days  ", 60)).response().comment()).isEqualTo("took three days");
    assertThat(rollup()).as("the lost time is counted with the answer").isEqualTo(Totals.of(2, null, null, true, true, 60));
    JsonObject doc = await(store.client().findOne(MongoResponseRepository.COLLECTION, new JsonObject(), null));
    assertThat(doc.getString("source")).isEqualTo("survey");
    assertThat(doc.getString("sourceId")).isEqualTo(id);
    assertThat(doc.getString("agent")).isEqualTo("Omar F.");
    assertThat(doc.getString("ticketType")).as("frozen at send, carried to the answer").isEqualTo("request");
    assertThat(doc.getString("provider")).isEqualTo("Cloud Co");
    assertThat(issued.invitation().ticketType()).isEqualTo("request");
    assertThat(await(rollups.segmentTotals(RollupRepository.Segment.PROVIDER, 0, Long.MAX_VALUE)))
        .singleElement()
        .satisfies(t -> assertThat(t.totals()).isEqualTo(Totals.of(2, null, null, true, true, 60)));
    assertThat(doc.getInteger("lostMinutes")).isEqualTo(60);
    assertThat(await(store.client().count(MongoResponseRepository.COLLECTION, new JsonObject()))).isEqualTo(1);

    clock.advance(Duration.ofMinutes(51));
    assertThat(refusal(answers.rate(id, 5))).isEqualTo(Refusal.EDIT_WINDOW_OVER);
    assertThat(refusal(answers.comment(id, "changed my mind", null))).isEqualTo(Refusal.EDIT_WINDOW_OVER);
    assertThat(await(answers.rate(id, 2)).outcome()).as("the same click again is harmless").isEqualTo(Outcome.UNCHANGED);
    assertThat(rollup()).isEqualTo(Totals.of(2, null, null, true, true, 60));
  }

  @Test
  void aCancelledInvitationTakesNoAnswerAndAnAnsweredOneCannotBeCancelled() throws Exception {
    SurveyPolicy policy = policy(0, 1.0, 60);
    InvitationService service = invitations(policy);
    SurveyAnswers answers = answers(policy);
    String open = await(service.invite(ticket("T-1", "a@example.org"))).invitation().id();
    String answered = await(service.invite(ticket("T-2", "b@example.org"))).invitation().id();
    await(answers.rate(answered, 5));

    assertThat(await(service.cancel(open))).isEqualTo(CancelOutcome.CANCELLED);
    assertThat(await(service.cancelTicket("api", "T-1"))).isEqualTo(CancelOutcome.ALREADY_CANCELLED);
    assertThat(await(service.cancel(answered))).isEqualTo(CancelOutcome.ALREADY_ANSWERED);
    assertThat(await(service.cancel(InvitationService.idOf("api", "nope")))).isEqualTo(CancelOutcome.NOT_FOUND);
    assertThat(refusal(answers.rate(open, 3))).isEqualTo(Refusal.CANCELLED);
    assertThat(refusal(answers.comment(open, "x", null))).isEqualTo(Refusal.CANCELLED);
    assertThat(await(service.invite(ticket("T-1", "a@example.org"))).token()).as("no links for a cancelled invitation").isNull();
    assertThat(rollup()).isEqualTo(Totals.of(5, null, null, false, true));
  }

  @Test
  void aCommentNeedsARatingFirst() throws Exception {
    SurveyPolicy policy = policy(0, 1.0, 60);
    String id = await(invitations(policy).invite(ticket("T-1", "a@example.org"))).invitation().id();
    assertThat(refusal(answers(policy).comment(id, "hello", null))).isEqualTo(Refusal.NO_RATING_YET);
    assertThat(refusal(answers(policy).rate(InvitationService.idOf("api", "T-9"), 3))).isEqualTo(Refusal.NOT_FOUND);
  }

  @Test
  void badInvitationRequestsNameTheField() {
    Instant now = clock.instant();
    assertThatThrownBy(() -> InvitationRequest.parse(new JsonObject().put("service", "VPN").put("customerId", "u1"), now))
        .isInstanceOf(BadInputException.class).extracting("field").isEqualTo("ticketId");
    assertThatThrownBy(() -> InvitationRequest.parse(new JsonObject().put("ticketId", "T").put("service", "VPN"), now))
        .extracting("field").isEqualTo("customerId");
    assertThatThrownBy(() -> InvitationRequest.parse(new JsonObject().put("ticketId", "T").put("service", "VPN").put("customerEmail", "nope"), now))
        .extracting("field").isEqualTo("customerEmail");
    assertThatThrownBy(() -> InvitationRequest.parse(new JsonObject().put("ticketId", "T").put("service", "VPN").put("customerId", "u").put("locale", "!!"), now))
        .extracting("field").isEqualTo("locale");
    assertThatThrownBy(() -> InvitationRequest.parse(new JsonObject().put("ticketId", "T").put("service", "VPN").put("customerId", "u").put("tiket", 1), now))
        .extracting("field").isEqualTo("tiket");
  }

  private static Refusal refusal(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (RefusedException e) {
      return e.refusal();
    }
    throw new AssertionError("not refused");
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
