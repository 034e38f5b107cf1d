package io.perceive.api.config;

import io.perceive.analytics.rollup.Targets;
import io.perceive.api.auth.AccessTokens;
import io.perceive.ingest.survey.SurveyPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** Everything Perceive is configured with, typed and validated once at start. */
public record PerceiveConfig(
    Http http, Store store, Analytics analytics, Ingest ingest, Survey survey, Auth auth, Privacy privacy, Mail mail,
    FollowUps followUps) {

  public PerceiveConfig {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(analytics, "analytics");
    Objects.requireNonNull(ingest, "ingest");
    Objects.requireNonNull(survey, "survey");
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(followUps, "followUps");
  }

  /** Follow-ups kept in the store only, told to no ITSM. */
  public PerceiveConfig(
      Http http, Store store, Analytics analytics, Ingest ingest, Survey survey, Auth auth, Privacy privacy, Mail mail) {
    this(http, store, analytics, ingest, survey, auth, privacy, mail, FollowUps.DEFAULTS);
  }

  /** Without sending email. */
  public PerceiveConfig(
      Http http, Store store, Analytics analytics, Ingest ingest, Survey survey, Auth auth, Privacy privacy) {
    this(http, store, analytics, ingest, survey, auth, privacy, Mail.OFF);
  }

  /** Without a tokens file (the API answers the local machine only); comments kept. */
  public PerceiveConfig(Http http, Store store, Analytics analytics, Ingest ingest, Survey survey) {
    this(http, store, analytics, ingest, survey, Auth.LOCAL_ONLY, Privacy.KEEP);
  }

  /** With the default ingest and survey settings. */
  public PerceiveConfig(Http http, Store store, Analytics analytics) {
    this(http, store, analytics, Ingest.DEFAULTS, Survey.defaults());
  }

  /** With the default ingest settings. */
  public PerceiveConfig(Http http, Store store, Analytics analytics, Survey survey) {
    this(http, store, analytics, Ingest.DEFAULTS, survey);
  }

  /** With the default survey settings. */
  public PerceiveConfig(Http http, Store store, Analytics analytics, Ingest ingest) {
    this(http, store, analytics, ingest, Survey.defaults());
  }

  /** The HTTP listener. Port 0 picks a free port (tests). */
  public record Http(String host, int port, long maxBodyBytes) {}

  /**
   * Where data lives. Without a MongoDB URI Perceive runs the embedded store under
   * {@code dataDir}; keys generated at first start live there too.
   */
  public record Store(Optional<String> mongoUri, String database, Path dataDir) {}

  /**
   * How numbers are reported: minimum n before a cell is shown, interval level, time zone;
   * whether comments are scored with the CoreNLP models (about 1.3 GB of heap); and the targets
   * services are held to.
   */
  public record Analytics(int minN, double confidence, ZoneId zone, boolean scoring, Targets targets) {

    public Analytics {
      Objects.requireNonNull(targets, "targets");
    }

    /** With the default targets. */
    public Analytics(int minN, double confidence, ZoneId zone, boolean scoring) {
      this(minN, confidence, zone, scoring, Targets.DEFAULT);
    }

    /** Without comment scoring (what tests and embedded uses want unless they ask). */
    public Analytics(int minN, double confidence, ZoneId zone) {
      this(minN, confidence, zone, false);
    }
  }

  /**
   * Survey links and invitations.
   *
   * @param key the HMAC master key (at least 32 bytes); empty: generated under the data directory
   * @param baseUrl the public URL put into survey links; empty: {@code http://localhost:<port>}
   * @param tokenDays how long a survey link works
   * @param editWindowMinutes how long after the first answer it may still change
   * @param fatigueDays no second invitation to the same customer within this many days
   * @param samplingRate share of resolved tickets that get an invitation, 0-1
   * @param lostTimeQuestion whether the comment form asks how much work time the issue cost
   */
  public record Survey(
      Optional<byte[]> key,
      Optional<String> baseUrl,
      int tokenDays,
      int editWindowMinutes,
      int fatigueDays,
      double samplingRate,
      boolean lostTimeQuestion) {

    public static Survey defaults() {
      return new Survey(Optional.empty(), Optional.empty(), 14, 60, 30, 1.0, false);
    }

    public SurveyPolicy policy() {
      return new SurveyPolicy(
          Duration.ofDays(tokenDays), Duration.ofMinutes(editWindowMinutes), Duration.ofDays(fatigueDays), samplingRate);
    }
  }

  /**
   * The ingest pipeline: at most {@code maxInFlight} responses on their way to the store (beyond:
   * 503 with Retry-After), and an optional YAML file of webhook field mappings.
   */
  public record Ingest(int maxInFlight, Optional<Path> webhookMappings) {
    public static final Ingest DEFAULTS = new Ingest(5_000, Optional.empty());
  }

  /**
   * Who may call the API: the tokens of {@code auth.tokens-file}; without one, only clients on
   * the local machine.
   */
  public record Auth(Optional<AccessTokens> tokens) {
    public static final Auth LOCAL_ONLY = new Auth(Optional.empty());
  }

  /** {@code privacy.comment-retention-days}: comment text older than this is purged; empty: kept. */
  public record Privacy(Optional<Duration> commentRetention) {
    public static final Privacy KEEP = new Privacy(Optional.empty());
  }

  public PerceiveConfig withHttpPort(int port) {
    return new PerceiveConfig(new Http(http.host(), port, http.maxBodyBytes()), store, analytics, ingest, survey, auth, privacy, mail, followUps);
  }

  public PerceiveConfig withIngest(Ingest newIngest) {
    return new PerceiveConfig(http, store, analytics, newIngest, survey, auth, privacy, mail, followUps);
  }

  public PerceiveConfig withAuth(Auth newAuth) {
    return new PerceiveConfig(http, store, analytics, ingest, survey, newAuth, privacy, mail, followUps);
  }

  public PerceiveConfig withMail(Mail newMail) {
    return new PerceiveConfig(http, store, analytics, ingest, survey, auth, privacy, newMail, followUps);
  }

  public PerceiveConfig withFollowUps(FollowUps newFollowUps) {
    return new PerceiveConfig(http, store, analytics, ingest, survey, auth, privacy, mail, newFollowUps);
  }

  /**
   * Follow-ups of unhappy customers ({@code followups.*}).
   *
   * @param maxAgeDays answers older than this when they arrive open no follow-up (history imports)
   * @param webhookUrl where each new follow-up is posted; empty: nowhere
   * @param webhookSecret the HMAC-SHA256 key of the signature on each post (required with a URL)
   * @param retries tries after the first before a follow-up goes to the dead-letter list
   * @param backoffMs the pause before the first retry, doubled before each next one (at most an hour)
   */
  public record FollowUps(int maxAgeDays, Optional<java.net.URI> webhookUrl, Optional<String> webhookSecret, int retries, long backoffMs) {
    public static final FollowUps DEFAULTS = new FollowUps(30, Optional.empty(), Optional.empty(), 8, 10_000);

    /** Never the secret. */
    @Override
    public String toString() {
      return "FollowUps[maxAgeDays=" + maxAgeDays + ", webhookUrl=" + webhookUrl + ", retries=" + retries + ", backoffMs=" + backoffMs + "]";
    }
  }

  /**
   * Email of invitations, sent by Perceive when {@code host} is set (else the ITSM sends the
   * snippet Perceive returns).
   *
   * @param host the SMTP server; empty: Perceive sends no email
   * @param port its port
   * @param security how the connection is protected
   * @param user login name, when the server wants one
   * @param password its password
   * @param from the sender address
   */
  public record Mail(Optional<String> host, int port, Security security, Optional<String> user, Optional<String> password, String from) {
    public static final Mail OFF = new Mail(Optional.empty(), 587, Security.STARTTLS, Optional.empty(), Optional.empty(), "");

    /** {@code none}: plain SMTP; {@code starttls}: upgraded, required; {@code tls}: TLS from the first byte. */
    public enum Security {
      NONE,
      STARTTLS,
      TLS
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "Mail[host=" + host + ", port=" + port + ", security=" + security + ", user=" + user + ", from=" + from + "]";
    }
  }
}
