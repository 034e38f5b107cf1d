package io.perceive.ingest.response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Response ids are derived from where the response came from, so that a client retrying the same
 * record lands on the same document and the unique _id index turns the retry into a no-op.
 */
public final class ResponseIds {

  private ResponseIds() {}

  /** The id for a record known by its source and its id there. */
  public static String of(String source, String sourceId) {
    return "r_" + sha256Hex(source.length() + ":" + source + ":" + sourceId).substring(0, 32);
  }

  /** A fresh id for a record that carries no identity of its own (it cannot be retried safely). */
  public static String random() {
    return "r_" + UUID.randomUUID().toString().replace("-", "");
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
