package io.perceive.api.followups;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.followup.FollowUpOpener;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Follow-ups wired on one store: the repository, the webhook when {@code followups.webhook-url}
 * is set, and the opener the write path and the scorer call (which wakes the webhook).
 */
public record FollowUpServices(MongoFollowUpRepository repository, Optional<FollowUpWebhook> webhook) {

  public static FollowUpServices on(Vertx vertx, MongoClient store, PerceiveConfig.FollowUps config, Clock clock) {
    MongoFollowUpRepository repository = repository(store, config, clock);
    return new FollowUpServices(repository, config.webhookUrl().map(url -> new FollowUpWebhook(vertx, repository, config)));
  }

  /** The follow-ups on this store as configured, without the webhook (commands without a server). */
  public static MongoFollowUpRepository repository(MongoClient store, PerceiveConfig.FollowUps config, Clock clock) {
    return new MongoFollowUpRepository(store, clock, Duration.ofDays(config.maxAgeDays()), config.webhookUrl().isPresent());
  }

  /** Opens follow-ups, then wakes the webhook. */
  public FollowUpOpener opener() {
    return answers -> repository.open(answers).onSuccess(v -> webhook.ifPresent(FollowUpWebhook::nudge));
  }

  /** Starts the webhook, when there is one. */
  public void start() {
    webhook.ifPresent(FollowUpWebhook::start);
  }

  public Future<Void> close() {
    return webhook.map(FollowUpWebhook::close).orElse(Future.succeededFuture());
  }
}
