package io.perceive.ingest.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.ingest.survey.SurveyTokens.InvalidTokenException;
import io.perceive.ingest.survey.SurveyTokens.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SurveyTokensTest {

  static final SurveyKeys KEYS = SurveyKeys.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private final SurveyTokens tokens = new SurveyTokens(KEYS);
  private final String a = InvitationService.idOf("api", "T-1");
  private final String b = InvitationService.idOf("api", "T-2");

  private static Problem problem(Runnable r) {
    try {
      r.run();
    } catch (InvalidTokenException e) {
      return e.problem();
    }
    throw new AssertionError("token was accepted");
  }

  @Test
  void aGenuineTokenNamesItsInvitationUntilItExpires() {
    Instant expiry = NOW.plus(Duration.ofDays(14));
    String token = tokens.issue(a, expiry);
    assertThat(token).matches("[A-Za-z0-9._-]+").hasSizeLessThan(80);
    SurveyTokens.Verified v = tokens.verify(token, NOW);
    assertThat(v.invitationId()).isEqualTo(a);
    assertThat(v.expiresAt()).isEqualTo(Instant.ofEpochSecond(expiry.getEpochSecond()));
    assertThat(tokens.issue(a, expiry)).as("deterministic").isEqualTo(token);
    assertThat(problem(() -> tokens.verify(token, expiry))).isEqualTo(Problem.EXPIRED);
    assertThat(problem(() -> tokens.verify(token, expiry.plusSeconds(1)))).isEqualTo(Problem.EXPIRED);
  }

  @Test
  void aTokenMovedToAnotherInvitationIsRefused() {
    String token = tokens.issue(a, NOW.plusSeconds(3600));
    String crossed = b + token.substring(a.length());
    assertThat(problem(() -> tokens.verify(crossed, NOW))).isEqualTo(Problem.INVALID);
  }

  @Test
  void anExtendedExpiryIsRefused() {
    String token = tokens.issue(a, NOW.plusSeconds(3600));
    String[] parts = token.split("\\.");
    parts[1] = Long.toString(NOW.plus(Duration.ofDays(3650)).getEpochSecond(), 36);
    assertThat(problem(() -> tokens.verify(String.join(".", parts), NOW))).isEqualTo(Problem.INVALID);
  }

  @Test
  void everySingleCharacterChangeOfTheSignatureIsRefused() {
    String token = tokens.issue(a, NOW.plusSeconds(3600));
    int start = token.lastIndexOf('.') + 1;
    for (int i = start; i < token.length(); i++) {
      char[] chars = token.toCharArray();
      chars[i] = chars[i] == 'A' ? 'B' : 'A';
      String tampered = new String(chars);
      assertThat(problem(() -> tokens.verify(tampered, NOW))).as(tampered).isEqualTo(Problem.INVALID);
    }
  }

  @Test
  void anotherKeysTokenIsUnknownAndAForgedKeyIdIsInvalid() {
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 7);
    SurveyTokens foreign = new SurveyTokens(SurveyKeys.of(other));
    String token = foreign.issue(a, NOW.plusSeconds(3600));
    assertThat(problem(() -> tokens.verify(token, NOW))).isEqualTo(Problem.UNKNOWN_KEY);
    String[] parts = token.split("\\.");
    parts[2] = KEYS.keyId();
    assertThat(problem(() -> tokens.verify(String.join(".", parts), NOW))).isEqualTo(Problem.INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "i_.1.2.3", "../../etc/passwd", "i_0000.zz.00000000.AAAAAAAAAAAAAAAAAAAAAA", "%00", "é"})
  void garbageIsInvalid(String garbage) {
    assertThat(problem(() -> tokens.verify(garbage, NOW))).isEqualTo(Problem.INVALID);
  }

  @Test
  void nullAndHugeInputsAreInvalid() {
    assertThat(problem(() -> tokens.verify(null, NOW))).isEqualTo(Problem.INVALID);
    assertThat(problem(() -> tokens.verify("a".repeat(100_000), NOW))).isEqualTo(Problem.INVALID);
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> SurveyKeys.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }
}
