package io.perceive.api.config;

import io.perceive.analytics.rollup.Targets;
import io.perceive.api.auth.AccessTokens;
import io.perceive.ingest.survey.SurveyKeys;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the configuration once: defaults, then an optional YAML file, then the environment,
 * which wins. Every key has one spelling in the file ({@code http.port}, nested or dotted) and
 * one in the environment ({@code PERCEIVE_HTTP_PORT}). A bad value stops the start with a
 * message that names the key as the user wrote it and what is allowed.
 */
public final class ConfigLoader {

  /** The keys, their defaults and what each one is. */
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("http.host", "0.0.0.0");
    DEFAULTS.put("http.port", "8080");
    DEFAULTS.put("http.max-body-bytes", String.valueOf(4 * 1024 * 1024));
    DEFAULTS.put("data.dir", "./data");
    DEFAULTS.put("mongo.uri", "");
    DEFAULTS.put("mongo.database", "perceive");
    DEFAULTS.put("analytics.min-n", "5");
    DEFAULTS.put("analytics.confidence", "0.95");
    DEFAULTS.put("analytics.timezone", "UTC");
    DEFAULTS.put("analytics.scoring", "true");
    DEFAULTS.put("analytics.targets", "");
    DEFAULTS.put("survey.key", "");
    DEFAULTS.put("survey.base-url", "");
    DEFAULTS.put("survey.token-days", "14");
    DEFAULTS.put("survey.edit-window-minutes", "60");
    DEFAULTS.put("survey.fatigue-days", "30");
    DEFAULTS.put("survey.sampling-rate", "1.0");
    DEFAULTS.put("survey.lost-time-question", "false");
    DEFAULTS.put("ingest.max-in-flight", "5000");
    DEFAULTS.put("ingest.webhook-mappings", "");
    DEFAULTS.put("auth.tokens-file", "");
    DEFAULTS.put("privacy.comment-retention-days", "");
    DEFAULTS.put("mail.smtp.host", "");
    DEFAULTS.put("mail.smtp.port", "");
    DEFAULTS.put("mail.smtp.security", "starttls");
    DEFAULTS.put("mail.smtp.user", "");
    DEFAULTS.put("mail.smtp.password", "");
    DEFAULTS.put("mail.from", "");
    DEFAULTS.put("log.format", "text");
    DEFAULTS.put("followups.max-age-days", "30");
    DEFAULTS.put("followups.webhook-url", "");
    DEFAULTS.put("followups.webhook-secret", "");
    DEFAULTS.put("followups.webhook-retries", "8");
    DEFAULTS.put("followups.webhook-backoff-ms", "10000");
  }

  private ConfigLoader() {}

  /** The environment variable for a key: {@code http.max-body-bytes} is {@code PERCEIVE_HTTP_MAX_BODY_BYTES}. */
  public static String envName(String key) {
    return "PERCEIVE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Loads from an optional file and the given environment. {@code PERCEIVE_CONFIG} in the
   * environment names the file when {@code file} is empty.
   */
  public static PerceiveConfig load(Optional<Path> file, Map<String, String> env) {
    return build(values(file, env));
  }

  /**
   * {@code log.format} from the same sources as {@link #load}: {@code text} (the default) or
   * {@code json} (one JSON object per line, for log shippers).
   */
  public static String logFormat(Optional<Path> file, Map<String, String> env) {
    return logFormat(values(file, env).get("log.format"));
  }

  private static String logFormat(Source source) {
    String format = text(source).toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw invalid(source, "must be text or json");
    }
    return format;
  }

  private static Map<String, Source> values(Optional<Path> file, Map<String, String> env) {
    Map<String, Source> values = new TreeMap<>();
    DEFAULTS.forEach((k, v) -> values.put(k, new Source(v, k + " (default)")));
    Optional<Path> configFile = file.or(() -> Optional.ofNullable(env.get("PERCEIVE_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
    configFile.ifPresent(path -> readFile(path).forEach((k, v) -> values.put(k, new Source(v, k + " in " + path))));
    for (String key : DEFAULTS.keySet()) {
      String value = env.get(envName(key));
      if (value != null) {
        values.put(key, new Source(value, envName(key)));
      }
    }
    return values;
  }

  private record Source(String value, String name) {}

  private static PerceiveConfig build(Map<String, Source> v) {
    logFormat(v.get("log.format"));
    String host = text(v.get("http.host"));
    int port = integer(v.get("http.port"), 0, 65535);
    long maxBody = integer(v.get("http.max-body-bytes"), 1024, 256 * 1024 * 1024);
    Path dataDir = Path.of(text(v.get("data.dir")));
    Source uriSource = v.get("mongo.uri");
    Optional<String> uri = Optional.of(uriSource.value().strip()).filter(s -> !s.isEmpty());
    if (uri.isPresent() && !uri.get().startsWith("mongodb://") && !uri.get().startsWith("mongodb+srv://")) {
      throw invalid(uriSource, "must start with mongodb:// or mongodb+srv://");
    }
    String database = text(v.get("mongo.database"));
    if (!database.matches("[A-Za-z0-9_-]{1,63}")) {
      throw invalid(v.get("mongo.database"), "must be 1-63 letters, digits, '_' or '-'");
    }
    int minN = integer(v.get("analytics.min-n"), 1, 1000);
    double confidence = decimal(v.get("analytics.confidence"));
    if (!(confidence >= 0.5 && confidence < 1)) {
      throw invalid(v.get("analytics.confidence"), "must be a number from 0.5 to below 1, such as 0.95");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(text(v.get("analytics.timezone")));
    } catch (DateTimeException e) {
      throw invalid(v.get("analytics.timezone"), "must be a time zone id such as UTC or Europe/Berlin");
    }
    Source targetsSource = v.get("analytics.targets");
    Optional<Path> targetsFile = Optional.of(targetsSource.value().strip()).filter(s -> !s.isEmpty()).map(Path::of);
    if (targetsFile.isPresent() && !Files.isReadable(targetsFile.get())) {
      throw invalid(targetsSource, "must name a readable YAML file of targets");
    }
    Targets targets = targetsFile.map(TargetsFile::load).orElse(Targets.DEFAULT);
    int maxInFlight = integer(v.get("ingest.max-in-flight"), 1000, 1_000_000);
    Source mappingsSource = v.get("ingest.webhook-mappings");
    Optional<Path> mappings = Optional.of(mappingsSource.value().strip()).filter(s -> !s.isEmpty()).map(Path::of);
    if (mappings.isPresent() && !Files.isReadable(mappings.get())) {
      throw invalid(mappingsSource, "must name a readable YAML file of webhook mappings");
    }
    return new PerceiveConfig(
        new PerceiveConfig.Http(host, port, maxBody),
        new PerceiveConfig.Store(uri, database, dataDir),
        new PerceiveConfig.Analytics(minN, confidence, zone, bool(v.get("analytics.scoring")), targets),
        new PerceiveConfig.Ingest(maxInFlight, mappings),
        survey(v),
        auth(v.get("auth.tokens-file")),
        privacy(v.get("privacy.comment-retention-days")),
        mail(v),
        followUps(v));
  }

  private static PerceiveConfig.FollowUps followUps(Map<String, Source> v) {
    int maxAge = integer(v.get("followups.max-age-days"), 1, 3660);
    Source urlSource = v.get("followups.webhook-url");
    Optional<URI> url = optional(urlSource).map(text -> {
      try {
        URI uri = new URI(text);
        if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw invalid(urlSource, "must be an http(s) URL such as https://itsm.example.org/perceive");
    });
    Source secretSource = v.get("followups.webhook-secret");
    Optional<String> secret = Optional.of(secretSource.value()).filter(s -> !s.isBlank());
    if (url.isPresent() && (secret.isEmpty() || secret.get().length() < 16)) {
      // Named, never shown: the value is a secret.
      String name = secret.isEmpty() ? "followups.webhook-secret (" + envName("followups.webhook-secret") + ")" : secretSource.name();
      throw new ConfigException("configuration: " + name + " must be set, at least 16 characters, when followups.webhook-url is set");
    }
    int retries = integer(v.get("followups.webhook-retries"), 0, 20);
    int backoff = integer(v.get("followups.webhook-backoff-ms"), 1, 3_600_000);
    return new PerceiveConfig.FollowUps(maxAge, url, secret, retries, backoff);
  }

  private static PerceiveConfig.Privacy privacy(Source source) {
    if (source.value().strip().isEmpty()) {
      return PerceiveConfig.Privacy.KEEP;
    }
    return new PerceiveConfig.Privacy(Optional.of(java.time.Duration.ofDays(integer(source, 1, 36_500))));
  }

  private static PerceiveConfig.Auth auth(Source source) {
    Optional<Path> file = Optional.of(source.value().strip()).filter(s -> !s.isEmpty()).map(Path::of);
    if (file.isEmpty()) {
      return PerceiveConfig.Auth.LOCAL_ONLY;
    }
    if (!Files.isReadable(file.get())) {
      throw invalid(source, "must name a readable YAML file of API tokens");
    }
    try {
      return new PerceiveConfig.Auth(Optional.of(AccessTokens.load(file.get())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("configuration: " + source.name() + " = '" + source.value() + "': " + e.getMessage());
    }
  }

  private static PerceiveConfig.Mail mail(Map<String, Source> v) {
    Optional<String> host = optional(v.get("mail.smtp.host"));
    Source securitySource = v.get("mail.smtp.security");
    PerceiveConfig.Mail.Security security;
    try {
      security = PerceiveConfig.Mail.Security.valueOf(securitySource.value().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(securitySource, "must be none, starttls or tls");
    }
    Source portSource = v.get("mail.smtp.port");
    int port =
        portSource.value().isBlank()
            ? switch (security) {
              case NONE -> 25;
              case STARTTLS -> 587;
              case TLS -> 465;
            }
            : integer(portSource, 1, 65535);
    Optional<String> user = optional(v.get("mail.smtp.user"));
    Optional<String> password = Optional.of(v.get("mail.smtp.password").value()).filter(s -> !s.isEmpty());
    if (password.isPresent() && user.isEmpty()) {
      throw new ConfigException("configuration: " + v.get("mail.smtp.password").name() + " is set but mail.smtp.user is not");
    }
    Source fromSource = v.get("mail.from");
    String from = fromSource.value().strip();
    if (host.isPresent() && from.isEmpty()) {
      throw new ConfigException("configuration: mail.from (" + envName("mail.from") + ") must be set when mail.smtp.host is set");
    }
    if (host.isPresent() && !from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
      throw invalid(fromSource, "must be the sender's email address (such as feedback@example.org) when mail.smtp.host is set");
    }
    return new PerceiveConfig.Mail(host, port, security, user, password, from);
  }

  private static Optional<String> optional(Source s) {
    return Optional.of(s.value().strip()).filter(t -> !t.isEmpty());
  }

  private static PerceiveConfig.Survey survey(Map<String, Source> v) {
    Source keySource = v.get("survey.key");
    Optional<byte[]> key = Optional.empty();
    String keyText = keySource.value().strip();
    if (!keyText.isEmpty()) {
      byte[] bytes;
      try {
        bytes = keyText.contains("-") || keyText.contains("_")
            ? Base64.getUrlDecoder().decode(keyText)
            : Base64.getDecoder().decode(keyText);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("configuration: " + keySource.name() + " must be base64 (such as the output of 'openssl rand -base64 32')");
      }
      if (bytes.length < SurveyKeys.MIN_KEY_BYTES) {
        throw new ConfigException(
            "configuration: " + keySource.name() + " must hold at least " + SurveyKeys.MIN_KEY_BYTES + " bytes, got " + bytes.length);
      }
      key = Optional.of(bytes);
    }
    Source urlSource = v.get("survey.base-url");
    Optional<String> baseUrl = Optional.of(urlSource.value().strip()).filter(s -> !s.isEmpty());
    if (baseUrl.isPresent()) {
      URI uri;
      try {
        uri = new URI(baseUrl.get());
      } catch (URISyntaxException e) {
        throw invalid(urlSource, "must be an http(s) URL such as https://feedback.example.org");
      }
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null) {
        throw invalid(urlSource, "must be an http(s) URL without query or fragment, such as https://feedback.example.org");
      }
      baseUrl = Optional.of(baseUrl.get().replaceAll("/+$", ""));
    }
    int tokenDays = integer(v.get("survey.token-days"), 1, 365);
    int editMinutes = integer(v.get("survey.edit-window-minutes"), 0, 7 * 24 * 60);
    int fatigueDays = integer(v.get("survey.fatigue-days"), 0, 365);
    double sampling = decimal(v.get("survey.sampling-rate"));
    if (!(sampling >= 0 && sampling <= 1)) {
      throw invalid(v.get("survey.sampling-rate"), "must be a number from 0 to 1, such as 0.5");
    }
    Source lostSource = v.get("survey.lost-time-question");
    String lost = lostSource.value().strip().toLowerCase(Locale.ROOT);
    if (!lost.equals("true") && !lost.equals("false")) {
      throw invalid(lostSource, "must be true or false");
    }
    return new PerceiveConfig.Survey(key, baseUrl, tokenDays, editMinutes, fatigueDays, sampling, lost.equals("true"));
  }

  private static boolean bool(Source s) {
    String value = s.value().strip().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw invalid(s, "must be true or false");
    }
    return value.equals("true");
  }

  private static String text(Source s) {
    String value = s.value().strip();
    if (value.isEmpty()) {
      throw invalid(s, "must not be empty");
    }
    return value;
  }

  private static int integer(Source s, int min, int max) {
    try {
      int value = Integer.parseInt(s.value().strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw invalid(s, "must be an integer from " + min + " to " + max);
  }

  private static double decimal(Source s) {
    try {
      return Double.parseDouble(s.value().strip());
    } catch (NumberFormatException e) {
      throw invalid(s, "must be a number");
    }
  }

  private static ConfigException invalid(Source s, String allowed) {
    return new ConfigException("configuration: " + s.name() + " = '" + s.value() + "' " + allowed);
  }

  private static Map<String, String> readFile(Path path) {
    Object root;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException e) {
      throw new ConfigException("configuration: cannot read " + path + ": " + e.getMessage());
    } catch (YAMLException e) {
      throw new ConfigException("configuration: " + path + " is not valid YAML: " + firstLine(e.getMessage()));
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (root == null) {
      return flat;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("configuration: " + path + " must hold a mapping of keys, such as 'http: {port: 8080}'");
    }
    flatten("", map, flat, path);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, Path path) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out, path);
      } else if (e.getValue() instanceof List<?>) {
        throw new ConfigException("configuration: " + key + " in " + path + " must be a single value");
      } else if (!DEFAULTS.containsKey(key)) {
        throw new ConfigException(
            "configuration: unknown key '" + key + "' in " + path + "; known keys: " + String.join(", ", DEFAULTS.keySet()));
      } else {
        out.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()));
      }
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
