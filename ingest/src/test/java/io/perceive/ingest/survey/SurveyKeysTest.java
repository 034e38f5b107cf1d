package io.perceive.ingest.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurveyKeysTest {

  @TempDir Path dir;

  @Test
  void aKeyIsGeneratedOnceWithOwnerOnlyPermissionsAndKeptAcrossStarts() throws Exception {
    Path data = dir.resolve("data");
    SurveyKeys first = SurveyKeys.loadOrCreate(Optional.empty(), data);
    Path file = data.resolve(SurveyKeys.FILE_NAME);
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    SurveyKeys second = SurveyKeys.loadOrCreate(Optional.empty(), data);
    assertThat(second.keyId()).isEqualTo(first.keyId());
    String id = InvitationService.idOf("api", "T-1");
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
    assertThat(new SurveyTokens(second).issue(id, expiry)).isEqualTo(new SurveyTokens(first).issue(id, expiry));
  }

  @Test
  void aConfiguredKeyWinsAndWritesNothing() {
    byte[] key = new byte[40];
    SurveyKeys keys = SurveyKeys.loadOrCreate(Optional.of(key), dir.resolve("data"));
    assertThat(keys.keyId()).isEqualTo(SurveyKeys.of(key).keyId());
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void purposesUseDifferentKeys() {
    SurveyKeys keys = SurveyKeys.of(new byte[32]);
    assertThat(keys.mac(SurveyKeys.Purpose.TOKEN, "x")).isNotEqualTo(keys.mac(SurveyKeys.Purpose.CUSTOMER, "x"));
    assertThat(keys.mac(SurveyKeys.Purpose.FORM, "x")).isNotEqualTo(keys.mac(SurveyKeys.Purpose.CUSTOMER, "x"));
  }
}
