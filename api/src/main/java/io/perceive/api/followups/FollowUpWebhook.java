package io.perceive.api.followups;

import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.followup.MongoFollowUpRepository;
import io.perceive.ingest.store.InTurn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the ITSM about each new follow-up ({@code followups.webhook-url}): a JSON post signed with
 * HMAC-SHA256 of the body under {@code followups.webhook-secret}, in
 * {@code X-Perceive-Signature: sha256=<hex>}. A 2xx answer delivers it; anything else is tried
 * again after a pause that doubles each time ({@code followups.webhook-backoff-ms}, at most an
 * hour), and after {@code followups.webhook-retries} retries the follow-up goes to the
 * dead-letter list ({@code GET /api/v1/follow-ups/dead-letters}). The state lives on the
 * follow-up in the store, so a restart goes on where it was, and each delivery is claimed with a
 * lease ({@link MongoFollowUpRepository#claimDue}): instances sharing a store deliver each
 * follow-up once. Runs on one event-loop context; posts never overlap.
 */
public final class FollowUpWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(FollowUpWebhook.class);
  static final int BATCH = 50;
  static final long POLL_MS = 2_000;
  static final long MAX_BACKOFF_MS = 3_600_000;
  /** Far longer than a batch of posts takes (each at most {@link #TIMEOUT_MS}). */
  static final long LEASE_MS = 10 * 60_000;
  static final long TIMEOUT_MS = 10_000;
  public static final String SIGNATURE = "X-Perceive-Signature";

  private final Vertx vertx;
  private final MongoFollowUpRepository followUps;
  private final HttpClient client;
  private final URI url;
  private final byte[] secret;
  private final int retries;
  private final long backoffMs;
  private final String owner = UUID.randomUUID().toString();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private io.vertx.core.Context context;
  private boolean running;
  private boolean wanted;
  private long periodic = -1;

  public FollowUpWebhook(Vertx vertx, MongoFollowUpRepository followUps, PerceiveConfig.FollowUps config) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.followUps = Objects.requireNonNull(followUps, "followUps");
    this.url = config.webhookUrl().orElseThrow();
    this.secret = config.webhookSecret().orElseThrow().getBytes(StandardCharsets.UTF_8);
    this.retries = config.retries();
    this.backoffMs = config.backoffMs();
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MS));
  }

  /** Follow-ups the receiver took. */
  public long delivered() {
    return delivered.get();
  }

  /** Follow-ups given up on and left on the dead-letter list. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Starts on one event-loop context, which then owns the state. */
  public void start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> periodic = vertx.setPeriodic(POLL_MS, id -> nudge()));
    nudge();
  }

  /** There may be something to deliver: a pass runs soon. */
  public void nudge() {
    if (context == null) {
      return;
    }
    context.runOnContext(v -> {
      wanted = true;
      if (!running) {
        pass();
      }
    });
  }

  private void pass() {
    running = true;
    wanted = false;
    long now = System.currentTimeMillis();
    followUps
        .claimDue(owner, BATCH, now, now + LEASE_MS)
        .compose(batch -> InTurn.each(batch, this::deliver).map(v -> batch.size()))
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.warn("follow-up delivery pass failed, will retry [reason: {}]", ar.cause().getMessage());
          } else if (ar.result() == BATCH) {
            wanted = true;
          }
          if (wanted && periodic >= 0) {
            pass();
          }
        });
  }

  /** One try; the outcome is written to the follow-up, so this future fails only when the store does. */
  private Future<Void> deliver(JsonObject doc) {
    String id = doc.getString("_id");
    int tries = doc.getInteger("deliveryTries", 0) + 1;
    Buffer body = Buffer.buffer(payload(doc).encode());
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url.toString())
            .setIdleTimeout(TIMEOUT_MS)
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Perceive-Event", "follow-up.opened")
            .putHeader("X-Perceive-Delivery", id)
            .putHeader(SIGNATURE, "sha256=" + sign(secret, body.getBytes()));
    return client
        .request(request)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .map(status -> status >= 200 && status < 300 ? null : "http " + status)
        .otherwise(err -> err.getClass().getSimpleName())
        .compose(failure -> {
          long now = System.currentTimeMillis();
          if (failure == null) {
            delivered.incrementAndGet();
            LOG.info("follow-up delivered [id: {}, try: {}]", id, tries);
            return followUps.delivered(id, owner, tries, now);
          }
          if (tries > retries) {
            deadLettered.incrementAndGet();
            LOG.error("follow-up delivery given up, on the dead-letter list [id: {}, tries: {}, reason: {}]", id, tries, failure);
            return followUps.dead(id, owner, tries, now, failure);
          }
          long pause = Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(tries - 1, 30));
          LOG.warn("follow-up delivery failed, will retry [id: {}, try: {}, reason: {}, in ms: {}]", id, tries, failure, pause);
          return followUps.retryAt(id, owner, tries, now + pause, failure);
        });
  }

  /** What the ITSM gets: the follow-up's answer and attribution, never comment text. */
  static JsonObject payload(JsonObject doc) {
    JsonObject row = FollowUpsHandler.row(doc);
    row.remove("delivery");
    return new JsonObject().put("event", "follow-up.opened").put("followUp", row);
  }

  /** Lower-case hex HMAC-SHA256 of {@code body} under {@code key}. */
  public static String sign(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Takes no further pass; a post in flight finishes or times out. */
  public Future<Void> close() {
    if (context != null) {
      context.runOnContext(v -> {
        if (periodic >= 0) {
          vertx.cancelTimer(periodic);
          periodic = -1;
        }
      });
    }
    return client.close();
  }
}
