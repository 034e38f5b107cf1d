package io.perceive.ingest.survey;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed survey tokens: {@code <invitation id>.<expiry, epoch seconds, base 36>.<key id>.<MAC>},
 * the MAC being the first 128 bits of HMAC-SHA256 over the rest, base64url. A token names one
 * invitation and carries no rating, so the five links of an invitation share it and the rating
 * travels as a query parameter that the page checks.
 */
public final class SurveyTokens {

  static final int MAC_BYTES = 16;
  static final int MAX_TOKEN_CHARS = 128;
  private static final Pattern SHAPE =
      Pattern.compile("(i_[0-9a-f]{32})\\.([0-9a-z]{1,10})\\.([0-9a-f]{8})\\.([A-Za-z0-9_-]{22})");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Why a token was refused. */
  public enum Problem {
    /** Not a token at all, or altered: the signature does not match. */
    INVALID,
    /** Signed with a key this server no longer has. */
    UNKNOWN_KEY,
    /** Genuine but past its expiry. */
    EXPIRED
  }

  /** A token that was refused, and why. */
  public static final class InvalidTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    InvalidTokenException(Problem problem) {
      super("survey token refused: " + problem.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** What a genuine token says. */
  public record Verified(String invitationId, Instant expiresAt) {}

  private final SurveyKeys keys;

  public SurveyTokens(SurveyKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  public String issue(String invitationId, Instant expiresAt) {
    if (!invitationId.matches("i_[0-9a-f]{32}")) {
      throw new IllegalArgumentException("not an invitation id: " + invitationId);
    }
    String body = invitationId + "." + Long.toString(expiresAt.getEpochSecond(), 36) + "." + keys.keyId();
    byte[] mac = Arrays.copyOf(keys.mac(SurveyKeys.Purpose.TOKEN, body), MAC_BYTES);
    return body + "." + ENCODER.encodeToString(mac);
  }

  /** Checks shape, key, signature (in constant time) and expiry, in that order. */
  public Verified verify(String token, Instant now) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      throw new InvalidTokenException(Problem.INVALID);
    }
    Matcher m = SHAPE.matcher(token);
    if (!m.matches()) {
      throw new InvalidTokenException(Problem.INVALID);
    }
    if (!m.group(3).equals(keys.keyId())) {
      throw new InvalidTokenException(Problem.UNKNOWN_KEY);
    }
    byte[] mac;
    try {
      mac = DECODER.decode(m.group(4));
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException(Problem.INVALID);
    }
    String body = m.group(1) + "." + m.group(2) + "." + m.group(3);
    // Only the canonical spelling counts, so one signature has exactly one token.
    if (mac.length != MAC_BYTES || !ENCODER.encodeToString(mac).equals(m.group(4)) || !keys.verify(SurveyKeys.Purpose.TOKEN, body, mac)) {
      throw new InvalidTokenException(Problem.INVALID);
    }
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(m.group(2), 36));
    if (!now.isBefore(expiresAt)) {
      throw new InvalidTokenException(Problem.EXPIRED);
    }
    return new Verified(m.group(1), expiresAt);
  }
}
