package io.perceive.api.survey;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.response.InFlightLimit;
import io.perceive.ingest.survey.InvitationService;
import io.perceive.ingest.survey.SurveyAnswers;
import io.perceive.ingest.survey.SurveyKeys;
import io.perceive.ingest.webhook.TicketEventMapping;
import io.perceive.ingest.webhook.TicketEvents;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything on the survey's side of the server, wired once: invitations (and their mail when an
 * SMTP server is configured), the ITSM's ticket events that send them, and the pages customers
 * answer on. The rest of the server sees only this.
 */
public final class SurveyRoutes {

  private final InvitationsHandler invitations;
  private final TicketEventsHandler ticketEvents;
  private final SurveyHandler pages;

  /**
   * @param baseUrl the public URL of this server, without a trailing slash (known once it listens)
   * @param limit the writes in flight a click is admitted against, like any other write
   */
  public SurveyRoutes(
      Vertx vertx, PerceiveConfig config, InvitationService invitations, SurveyAnswers answers, SurveyKeys keys,
      MongoClient store, Supplier<String> baseUrl, InFlightLimit limit, Clock clock) {
    Optional<InvitationMailer> mailer =
        config.mail().host().map(h -> new InvitationMailer(vertx, config.mail(), baseUrl, store, clock));
    this.invitations = new InvitationsHandler(invitations, baseUrl, clock, mailer);
    this.ticketEvents =
        new TicketEventsHandler(TicketEventMapping.builtIn(), new TicketEvents(store, invitations, clock), this.invitations);
    this.pages =
        new SurveyHandler(
            answers, invitations.tokens(), keys, config.survey().baseUrl().map(SurveyHandler::origin),
            config.survey().lostTimeQuestion(), clock, limit);
  }

  /** The survey's counters, read when scraped. */
  public void bindMeters(MeterRegistry registry) {
    FunctionCounter.builder("perceive.survey.scanner.visits", pages, SurveyHandler::scannerVisits)
        .description(
            "Survey page loads taken for a mail scanner's (several rating links of one invitation within seconds); they record nothing")
        .register(registry);
    invitations.mailer().ifPresent(m -> {
      FunctionCounter.builder("perceive.mail.sent", m, InvitationMailer::sent)
          .description("Invitation emails the SMTP server accepted")
          .register(registry);
      FunctionCounter.builder("perceive.mail.dead.lettered", m, InvitationMailer::deadLettered)
          .description("Invitation emails given up on and put on the dead-letter list")
          .register(registry);
    });
  }

  public void mount(Router router) {
    invitations.mount(router);
    ticketEvents.mount(router);
    pages.mount(router);
  }
}
