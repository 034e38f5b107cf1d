package io.perceive.api.survey;

import io.perceive.ingest.survey.SurveyKeys;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Guards the survey forms against cross-site posts. Each page carries a fresh nonce and a MAC of
 * token and nonce, which only this server can make, so a POST is accepted only from a form this
 * server rendered for that very token (a plain HTML form, so it works with scripts off). Browsers
 * that say where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}) are held to it too.
 */
final class FormGuard {

  private static final int NONCE_BYTES = 16;
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SurveyKeys keys;
  private final Optional<String> publicOrigin;
  private final SecureRandom random = new SecureRandom();

  FormGuard(SurveyKeys keys, Optional<String> publicOrigin) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.publicOrigin = Objects.requireNonNull(publicOrigin, "publicOrigin");
  }

  /** A fresh random value for a page: form nonce or CSP nonce. */
  String nonce() {
    byte[] bytes = new byte[NONCE_BYTES];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  String mac(String token, String nonce) {
    return ENCODER.encodeToString(Arrays.copyOf(keys.mac(SurveyKeys.Purpose.FORM, token + "|" + nonce), MAC_BYTES));
  }

  /** Whether a posted form was rendered by this server for this token. */
  boolean validForm(String token, String nonce, String mac) {
    if (nonce == null || mac == null || nonce.length() != 22 || mac.length() != 22) {
      return false;
    }
    byte[] given;
    try {
      DECODER.decode(nonce);
      given = DECODER.decode(mac);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return keys.verify(SurveyKeys.Purpose.FORM, token + "|" + nonce, given);
  }

  /**
   * Whether the browser says the post comes from this site. Absent headers (old browsers, curl)
   * pass, and so does {@code Origin: null}, which browsers send under {@code no-referrer}.
   */
  boolean sameOrigin(HttpServerRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = request.getHeader("Origin");
    if (origin == null || origin.equals("null")) {
      return true;
    }
    if (publicOrigin.isPresent() && publicOrigin.get().equalsIgnoreCase(origin)) {
      return true;
    }
    String host = request.getHeader("Host");
    return host != null
        && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
  }
}
