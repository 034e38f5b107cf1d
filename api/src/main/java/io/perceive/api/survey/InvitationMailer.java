package io.perceive.api.survey;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.survey.Invitation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails a newly created invitation to its customer when {@code mail.smtp.host} is set: the same
 * block of five rating links as the snippet {@code POST /api/v1/invitations} returns, in the
 * invitation's language, with a plain-text part. A failed send is tried again after
 * {@link #RETRY_MS}; a message the server refuses for good (a 5xx reply), or that still fails
 * after the last try, goes to the dead-letter list ({@value #DEAD_LETTERS}: invitation, ticket,
 * language, tries and the SMTP reply code, never the address), so someone can follow it up in
 * the ITSM. Retries live in memory: a restart drops the ones pending.
 */
final class InvitationMailer {

  private static final Logger LOG = LoggerFactory.getLogger(InvitationMailer.class);
  static final String DEAD_LETTERS = "mail_dead_letters";
  /** Pauses before the second, third, ... try. */
  static final List<Long> RETRY_MS = List.of(2_000L, 10_000L, 60_000L, 300_000L);

  private final Vertx vertx;
  private final MailClient client;
  private final String from;
  private final Supplier<String> baseUrl;
  private final MongoClient store;
  private final Clock clock;
  private final List<Long> retryMs;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();

  InvitationMailer(
      Vertx vertx, PerceiveConfig.Mail config, Supplier<String> baseUrl, MongoClient store, Clock clock, List<Long> retryMs) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.from = config.from();
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retryMs = List.copyOf(retryMs);
    MailConfig mail =
        new MailConfig()
            .setHostname(config.host().orElseThrow())
            .setPort(config.port())
            .setSsl(config.security() == PerceiveConfig.Mail.Security.TLS)
            .setStarttls(config.security() == PerceiveConfig.Mail.Security.STARTTLS ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
            .setLogin(config.user().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED)
            .setKeepAlive(true);
    config.user().ifPresent(mail::setUsername);
    config.password().ifPresent(mail::setPassword);
    this.client = MailClient.create(vertx, mail);
  }

  /** Sends through the configured server; {@code baseUrl} is the public URL put into the links. */
  InvitationMailer(Vertx vertx, PerceiveConfig.Mail config, Supplier<String> baseUrl, MongoClient store, Clock clock) {
    this(vertx, config, baseUrl, store, clock, RETRY_MS);
  }

  /** Messages the server accepted. */
  long sent() {
    return sent.get();
  }

  /** Messages given up on and put on the dead-letter list. */
  long deadLettered() {
    return deadLettered.get();
  }

  /**
   * Sends the invitation's email in the background. Completes with true once the server accepted
   * it, false once it is on the dead-letter list; never fails.
   */
  public Future<Boolean> send(String to, Invitation invitation, String token) {
    MailMessage message = compose(to, invitation, token);
    Promise<Boolean> done = Promise.promise();
    attempt(message, invitation, 0, done);
    return done.future();
  }

  MailMessage compose(String to, Invitation invitation, String token) {
    Messages m = Messages.choose(invitation.locale(), null);
    String surveyUrl = InvitationsHandler.surveyUrl(baseUrl.get(), token);
    StringBuilder text = new StringBuilder(m.get("email.intro", invitation.ticketId())).append("\n\n");
    for (int r = 5; r >= 1; r--) {
      text.append(r).append(" - ").append(m.get("rating." + r)).append(": ").append(surveyUrl).append("?r=").append(r).append('\n');
    }
    String html =
        "<!doctype html><html lang=\"" + m.language() + "\"><head><meta charset=\"utf-8\"></head><body>"
            + InvitationsHandler.emailSnippet(m, invitation.ticketId(), surveyUrl)
            + "</body></html>";
    return new MailMessage()
        .setFrom(from)
        .setTo(to)
        .setSubject(m.get("email.subject", invitation.ticketId()))
        .setText(text.toString())
        .setHtml(html);
  }

  private void attempt(MailMessage message, Invitation invitation, int tryNumber, Promise<Boolean> done) {
    client
        .sendMail(message)
        .onSuccess(result -> {
          sent.incrementAndGet();
          LOG.info("invitation emailed [invitation: {}, try: {}]", invitation.id(), tryNumber + 1);
          done.complete(true);
        })
        .onFailure(err -> {
          String reason = reason(err);
          boolean permanent = err instanceof SMTPException smtp && smtp.isPermanent();
          if (!permanent && tryNumber < retryMs.size()) {
            LOG.warn("invitation email failed, will retry [invitation: {}, try: {}, reason: {}]", invitation.id(), tryNumber + 1, reason);
            vertx.setTimer(retryMs.get(tryNumber), t -> attempt(message, invitation, tryNumber + 1, done));
            return;
          }
          deadLetter(invitation, tryNumber + 1, reason).onComplete(ar -> done.complete(false));
        });
  }

  private Future<Void> deadLetter(Invitation invitation, int tries, String reason) {
    deadLettered.incrementAndGet();
    LOG.error("invitation email given up, on the dead-letter list [invitation: {}, ticket: {}, tries: {}, reason: {}]",
        invitation.id(), invitation.ticketId(), tries, reason);
    JsonObject letter =
        new JsonObject()
            .put("_id", invitation.id())
            .put("source", invitation.source())
            .put("ticketId", invitation.ticketId())
            .put("locale", invitation.locale())
            .put("tries", tries)
            .put("reason", reason)
            .put("at", clock.instant().toEpochMilli());
    return store
        .save(DEAD_LETTERS, letter)
        .<Void>mapEmpty()
        .onFailure(err -> LOG.error("dead letter not stored [invitation: {}, reason: {}]", invitation.id(), err.getMessage()));
  }

  /** The SMTP reply code or the kind of failure: server messages may quote the address. */
  private static String reason(Throwable err) {
    return err instanceof SMTPException smtp ? "smtp reply " + smtp.getReplyCode() : err.getClass().getSimpleName();
  }

  public Future<Void> close() {
    return client.close();
  }
}
