package io.perceive.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void defaultsAreUsableAsTheyAre() {
    PerceiveConfig c = ConfigLoader.load(Optional.empty(), Map.of());
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.store().mongoUri()).isEmpty();
    assertThat(c.store().dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.analytics().minN()).isEqualTo(5);
    assertThat(c.analytics().zone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
    Path file = dir.resolve("perceive.yaml");
    Files.writeString(file, "http:\n  port: 9000\nanalytics.min-n: 10\ndata:\n  dir: /tmp/perceive\n");
    PerceiveConfig c = ConfigLoader.load(Optional.of(file), Map.of("PERCEIVE_HTTP_PORT", "9100", "PERCEIVE_MONGO_URI", "mongodb://db:27017"));
    assertThat(c.http().port()).isEqualTo(9100);
    assertThat(c.analytics().minN()).isEqualTo(10);
    assertThat(c.store().dataDir()).isEqualTo(Path.of("/tmp/perceive"));
    assertThat(c.store().mongoUri()).contains("mongodb://db:27017");
  }

  @Test
  void aBadEnvironmentValueNamesTheVariableAndTheAllowedValues() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration: PERCEIVE_HTTP_PORT = 'eighty' must be an integer from 0 to 65535");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_MONGO_URI", "postgres://x")))
        .hasMessageContaining("PERCEIVE_MONGO_URI")
        .hasMessageContaining("mongodb://");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_TIMEZONE", "Mars/Olympus")))
        .hasMessageContaining("PERCEIVE_ANALYTICS_TIMEZONE");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_CONFIDENCE", "1.5")))
        .hasMessageContaining("PERCEIVE_ANALYTICS_CONFIDENCE");
  }

  @Test
  void aBadFileNamesTheKeyAndTheFile() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "http:\n  prot: 9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'http.prot'")
        .hasMessageContaining("bad.yaml");
    Files.writeString(file, "analytics:\n  min-n: -3\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("analytics.min-n in " + file)
        .hasMessageContaining("from 1 to 1000");
    Files.writeString(file, "http: [1, 2\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void commentScoringIsOnByDefaultAndMustBeABoolean() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).analytics().scoring()).isTrue();
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_SCORING", "false")).analytics().scoring()).isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_SCORING", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration: PERCEIVE_ANALYTICS_SCORING = 'maybe' must be true or false");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigLoader.envName("http.max-body-bytes")).isEqualTo("PERCEIVE_HTTP_MAX_BODY_BYTES");
    assertThat(ConfigLoader.envName("data.dir")).isEqualTo("PERCEIVE_DATA_DIR");
  }

  @Test
  void surveyDefaultsAndValues() throws Exception {
    PerceiveConfig.Survey d = ConfigLoader.load(Optional.empty(), Map.of()).survey();
    assertThat(d.key()).isEmpty();
    assertThat(d.baseUrl()).isEmpty();
    assertThat(d.tokenDays()).isEqualTo(14);
    assertThat(d.editWindowMinutes()).isEqualTo(60);
    assertThat(d.fatigueDays()).isEqualTo(30);
    assertThat(d.samplingRate()).isEqualTo(1.0);
    assertThat(d.lostTimeQuestion()).isFalse();

    String key = java.util.Base64.getEncoder().encodeToString(new byte[48]);
    Path file = dir.resolve("survey.yaml");
    Files.writeString(file, "survey:\n  base-url: https://feedback.example.org/\n  fatigue-days: 7\n  sampling-rate: 0.25\n  lost-time-question: true\n");
    PerceiveConfig.Survey s = ConfigLoader.load(Optional.of(file), Map.of("PERCEIVE_SURVEY_KEY", key, "PERCEIVE_SURVEY_TOKEN_DAYS", "30")).survey();
    assertThat(s.key()).hasValueSatisfying(k -> assertThat(k).hasSize(48));
    assertThat(s.baseUrl()).contains("https://feedback.example.org");
    assertThat(s.tokenDays()).isEqualTo(30);
    assertThat(s.fatigueDays()).isEqualTo(7);
    assertThat(s.samplingRate()).isEqualTo(0.25);
    assertThat(s.lostTimeQuestion()).isTrue();
    assertThat(s.policy().fatigue()).isEqualTo(java.time.Duration.ofDays(7));
  }

  @Test
  void badSurveyValuesNameTheKeyAndNeverEchoTheSecret() {
    String shortKey = java.util.Base64.getEncoder().encodeToString("sixteen byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_KEY", shortKey)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PERCEIVE_SURVEY_KEY")
        .hasMessageContaining("at least 32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_KEY", "not base64 !!")))
        .hasMessageContaining("PERCEIVE_SURVEY_KEY")
        .hasMessageContaining("base64")
        .hasMessageNotContaining("not base64 !!");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_BASE_URL", "ftp://x")))
        .hasMessageContaining("PERCEIVE_SURVEY_BASE_URL");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_BASE_URL", "https://x.org/?a=b")))
        .hasMessageContaining("PERCEIVE_SURVEY_BASE_URL");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_SAMPLING_RATE", "1.5")))
        .hasMessageContaining("PERCEIVE_SURVEY_SAMPLING_RATE");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_TOKEN_DAYS", "0")))
        .hasMessageContaining("PERCEIVE_SURVEY_TOKEN_DAYS");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_SURVEY_LOST_TIME_QUESTION", "yes")))
        .hasMessageContaining("PERCEIVE_SURVEY_LOST_TIME_QUESTION")
        .hasMessageContaining("true or false");
  }

  @Test
  void followUpWebhookNeedsAnHttpUrlAndASecretThatIsNeverEchoed() {
    PerceiveConfig.FollowUps d = ConfigLoader.load(Optional.empty(), Map.of()).followUps();
    assertThat(d.webhookUrl()).isEmpty();
    assertThat(d.maxAgeDays()).isEqualTo(30);
    PerceiveConfig.FollowUps f = ConfigLoader.load(Optional.empty(), Map.of(
        "PERCEIVE_FOLLOWUPS_WEBHOOK_URL", "https://itsm.example.org/tasks", "PERCEIVE_FOLLOWUPS_WEBHOOK_SECRET", "s3cret-s3cret-s3cret",
        "PERCEIVE_FOLLOWUPS_WEBHOOK_RETRIES", "3")).followUps();
    assertThat(f.webhookUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("itsm.example.org"));
    assertThat(f.retries()).isEqualTo(3);
    assertThat(f.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_FOLLOWUPS_WEBHOOK_URL", "https://itsm.example.org/tasks")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PERCEIVE_FOLLOWUPS_WEBHOOK_SECRET");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(
            "PERCEIVE_FOLLOWUPS_WEBHOOK_URL", "https://itsm.example.org/tasks", "PERCEIVE_FOLLOWUPS_WEBHOOK_SECRET", "short")))
        .hasMessageContaining("PERCEIVE_FOLLOWUPS_WEBHOOK_SECRET")
        .hasMessageNotContaining("short'");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_FOLLOWUPS_WEBHOOK_URL", "ftp://x")))
        .hasMessageContaining("PERCEIVE_FOLLOWUPS_WEBHOOK_URL");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_FOLLOWUPS_WEBHOOK_RETRIES", "-1")))
        .hasMessageContaining("PERCEIVE_FOLLOWUPS_WEBHOOK_RETRIES");
  }

  @Test
  void ingestKeysAreTypedAndCheckedAtStart() throws Exception {
    PerceiveConfig defaults = ConfigLoader.load(Optional.empty(), Map.of());
    assertThat(defaults.ingest().maxInFlight()).isEqualTo(5_000);
    assertThat(defaults.ingest().webhookMappings()).isEmpty();
    Path mappings = Files.writeString(dir.resolve("hooks.yaml"), "generic: {source: x, fields: {service: a, rating: b}}\n");
    PerceiveConfig c =
        ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_INGEST_MAX_IN_FLIGHT", "2000", "PERCEIVE_INGEST_WEBHOOK_MAPPINGS", mappings.toString()));
    assertThat(c.ingest().maxInFlight()).isEqualTo(2_000);
    assertThat(c.ingest().webhookMappings()).contains(mappings);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_INGEST_MAX_IN_FLIGHT", "10")))
        .hasMessageContaining("PERCEIVE_INGEST_MAX_IN_FLIGHT")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_INGEST_WEBHOOK_MAPPINGS", dir.resolve("missing.yaml").toString())))
        .hasMessageContaining("PERCEIVE_INGEST_WEBHOOK_MAPPINGS");
  }

  @Test
  void targetsComeFromTheirFileWithEveryProblemNamed() throws Exception {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).analytics().targets())
        .as("without a file: CSAT 80%")
        .isEqualTo(io.perceive.analytics.rollup.Targets.DEFAULT);
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(targets, "organisation:\n  csat: 0.85\n  nps: 20\nservices:\n  VPN:\n    csat: 0.9\n    ces: 5.5\n");
    PerceiveConfig c = ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_TARGETS", targets.toString()));
    var t = c.analytics().targets();
    assertThat(t.target("VPN", io.perceive.analytics.rollup.Metric.CSAT)).contains(0.9);
    assertThat(t.target("VPN", io.perceive.analytics.rollup.Metric.NPS)).as("the organisation's").contains(20.0);
    assertThat(t.target("Email", io.perceive.analytics.rollup.Metric.CSAT)).contains(0.85);
    assertThat(t.target("Email", io.perceive.analytics.rollup.Metric.RATING)).isEmpty();
    Files.writeString(targets, "organisation:\n  csat: 0.85\n  sentiment: 0.2\n  courtesy: 0.4\n");
    var comments = ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_TARGETS", targets.toString())).analytics().targets();
    assertThat(comments.organisationComments()).isEqualTo(Map.of("sentiment", 0.2, "courtesy", 0.4));
    assertThat(comments.commentTarget("Email", "courtesy")).as("the organisation's, for a service without its own").contains(0.4);
    assertThat(comments.commentTarget("Email", "knowledge")).isEmpty();

    Map<String, String> bad =
        Map.of(
            "organisation:\n  csat: 85\n", "organisation.csat must be a number from 0 to 1",
            "services:\n  VPN:\n    csat: high\n", "services.VPN.csat = 'high' must be a number",
            "services:\n  VPN:\n    happiness: 0.9\n", "services.VPN: unknown metric 'happiness'; allowed: csat, rating, nps, ces, lostTime",
            "goals:\n  csat: 0.8\n", "unknown key 'goals'; allowed: organisation, services",
            "organisation: [csat]\n", "organisation must map metrics to targets",
            "organisation:\n  nps: -150\n", "organisation.nps must be a number from -100 to 100",
            "organisation: {csat: 0.8\n", "is not valid YAML",
            "organisation:\n  sentiment: 2\n", "organisation.sentiment must be a number from -1 to 1",
            "services:\n  VPN:\n    courtesy: 0.3\n", "services.VPN.courtesy: a service's target on what its comments say is set in the service catalogue");
    for (var e : bad.entrySet()) {
      Files.writeString(targets, e.getKey());
      assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_TARGETS", targets.toString())))
          .as(e.getKey())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("analytics.targets")
          .hasMessageContaining(targets.toString())
          .hasMessageContaining(e.getValue());
    }
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_ANALYTICS_TARGETS", dir.resolve("missing.yaml").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PERCEIVE_ANALYTICS_TARGETS")
        .hasMessageContaining("readable YAML file of targets");
  }

  @Test
  void theTokensFileIsReadFromTheFileKeyOrTheEnvironment() throws Exception {
    Path tokens = dir.resolve("tokens.yaml");
    Files.writeString(
        tokens,
        "tokens:\n  - name: servicenow-relay\n"
            + "    sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n    roles: [ingest]\n");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).auth().tokens()).isEmpty();
    PerceiveConfig c = ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_AUTH_TOKENS_FILE", tokens.toString()));
    // 2c26... is the SHA-256 of "foo".
    assertThat(c.auth().tokens()).get().satisfies(t -> assertThat(t.find("foo")).isPresent());
    Path file = dir.resolve("perceive.yaml");
    Files.writeString(file, "auth:\n  tokens-file: " + tokens + "\n");
    assertThat(ConfigLoader.load(Optional.of(file), Map.of()).auth().tokens()).isPresent();
  }

  @Test
  void aBadTokensFileStopsTheStartNamingTheKeyAndTheEntry() throws Exception {
    Path tokens = dir.resolve("tokens.yaml");
    Files.writeString(tokens, "tokens:\n  - name: a\n    sha256: abc\n    roles: [ingest]\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_AUTH_TOKENS_FILE", tokens.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PERCEIVE_AUTH_TOKENS_FILE")
        .hasMessageContaining("tokens[0].sha256 must be 64 hex digits");
    Files.writeString(
        tokens,
        "tokens:\n  - name: a\n    sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n    roles: [root]\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_AUTH_TOKENS_FILE", tokens.toString())))
        .hasMessageContaining("tokens[0].roles: unknown role 'root'");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_AUTH_TOKENS_FILE", dir.resolve("none.yaml").toString())))
        .hasMessageContaining("PERCEIVE_AUTH_TOKENS_FILE")
        .hasMessageContaining("readable YAML file of API tokens");
  }

  @Test
  void commentRetentionIsKeptUnlessSetInWholeDays() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).privacy().commentRetention()).isEmpty();
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_PRIVACY_COMMENT_RETENTION_DAYS", "90")).privacy().commentRetention())
        .contains(java.time.Duration.ofDays(90));
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_PRIVACY_COMMENT_RETENTION_DAYS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration: PERCEIVE_PRIVACY_COMMENT_RETENTION_DAYS = '0' must be an integer from 1 to 36500");
  }

  @Test
  void logFormatIsTextOrJsonAndABadOneIsNamed() {
    assertThat(ConfigLoader.logFormat(Optional.empty(), Map.of())).isEqualTo("text");
    assertThat(ConfigLoader.logFormat(Optional.empty(), Map.of("PERCEIVE_LOG_FORMAT", "JSON"))).isEqualTo("json");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_LOG_FORMAT", "xml")))
        .hasMessageContaining("PERCEIVE_LOG_FORMAT")
        .hasMessageContaining("text or json");
  }

  @Test
  void mailIsOffUnlessAHostIsSetAndItsSettingsAreChecked() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).mail().host()).isEmpty();
    PerceiveConfig c =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("PERCEIVE_MAIL_SMTP_HOST", "smtp.example.org", "PERCEIVE_MAIL_SMTP_SECURITY", "tls", "PERCEIVE_MAIL_SMTP_USER", "perceive",
                "PERCEIVE_MAIL_SMTP_PASSWORD", "s3cret", "PERCEIVE_MAIL_FROM", "feedback@example.org"));
    assertThat(c.mail().host()).contains("smtp.example.org");
    assertThat(c.mail().port()).as("the port follows the security").isEqualTo(465);
    assertThat(c.mail().security()).isEqualTo(PerceiveConfig.Mail.Security.TLS);
    assertThat(c.mail().password()).contains("s3cret");
    assertThat(c.mail().toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_MAIL_SMTP_SECURITY", "ssl")))
        .hasMessage("configuration: PERCEIVE_MAIL_SMTP_SECURITY = 'ssl' must be none, starttls or tls");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_MAIL_SMTP_HOST", "smtp.example.org")))
        .hasMessageContaining("PERCEIVE_MAIL_FROM")
        .hasMessageContaining("when mail.smtp.host is set");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("PERCEIVE_MAIL_SMTP_PASSWORD", "x")))
        .hasMessageContaining("mail.smtp.user is not");
  }
}
