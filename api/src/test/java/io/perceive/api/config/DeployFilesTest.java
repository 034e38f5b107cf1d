package io.perceive.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.perceive.api.auth.AccessTokens;
import io.perceive.api.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What can be checked of the container files without a container engine: every {@code PERCEIVE_*}
 * variable that {@code deploy/compose.yaml} and the {@code Dockerfile} give Perceive is a
 * configuration key Perceive knows (a misspelt one would be ignored silently), and every path
 * the stack mounts from this repository exists. CI also runs {@code docker-compose config}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeployFilesTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE = REPO.resolve("deploy/compose.yaml");
  private static final Pattern DOCKER_ENV = Pattern.compile("\\b(PERCEIVE_[A-Z0-9_]+)=");

  private static Set<String> knownVariables() {
    Set<String> known = ConfigLoader.DEFAULTS.keySet().stream().map(ConfigLoader::envName).collect(Collectors.toCollection(TreeSet::new));
    known.add("PERCEIVE_CONFIG");
    return known;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws Exception {
    Map<String, Object> root =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(COMPOSE, StandardCharsets.UTF_8));
    return (Map<String, Map<String, Object>>) root.get("services");
  }

  private static boolean runsPerceive(Map<String, Object> service) {
    return service.containsKey("build") || String.valueOf(service.get("image")).startsWith("perceive");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyPerceiveVariableOfTheComposeFileIsAConfigurationKey() throws Exception {
    List<String> perceiveServices = new ArrayList<>();
    services().forEach((name, service) -> {
      if (runsPerceive(service)) {
        perceiveServices.add(name);
        Map<String, Object> env = (Map<String, Object>) service.get("environment");
        assertThat(env).as("environment of %s", name).isNotNull();
        env.keySet().stream()
            .filter(k -> k.startsWith("PERCEIVE_"))
            .forEach(k -> assertThat(knownVariables()).as("%s in service %s", k, name).contains(k));
        // Several instances on one store must sign survey links with one key, and use the store.
        assertThat(env).as(name).containsKeys("PERCEIVE_SURVEY_KEY", "PERCEIVE_MONGO_URI");
      }
    });
    assertThat(perceiveServices).as("services that run Perceive").hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void everyPerceiveVariableOfTheDockerfileIsAConfigurationKey() throws Exception {
    String dockerfile = Files.readString(REPO.resolve("Dockerfile"), StandardCharsets.UTF_8);
    Matcher m = DOCKER_ENV.matcher(dockerfile);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    assertThat(found).isNotEmpty().allSatisfy(v -> assertThat(knownVariables()).contains(v));
    assertThat(dockerfile).contains("HEALTHCHECK").contains("/ready").contains("USER perceive").contains("JAVA_TOOL_OPTIONS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyPathMountedFromTheRepositoryExists() throws Exception {
    List<Path> mounted = new ArrayList<>();
    for (Map<String, Object> service : services().values()) {
      for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith(".")) {
          mounted.add(COMPOSE.getParent().resolve(source).normalize());
        }
      }
    }
    assertThat(mounted)
        .as("bind mounts of deploy/compose.yaml")
        .contains(REPO.resolve("dashboards/provisioning/datasources"), REPO.resolve("dashboards/grafana"))
        .allSatisfy(p -> assertThat(p).exists());
  }

  /**
   * deploy/init-secrets.sh, run in a copy of deploy/: it writes every secret file the compose
   * file names, Perceive's tokens file loads, and the tokens it hands to Grafana (through .env)
   * and Prometheus (through the secret its scrape config reads) hold the roles they need there;
   * a second run refuses to overwrite them.
   */
  @Test
  @SuppressWarnings("unchecked")
  void initSecretsWritesWhatTheStackReads(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path deploy = tmp.resolve("deploy");
    Files.createDirectories(deploy);
    for (String f : List.of("compose.yaml", "prometheus.yml", "init-secrets.sh")) {
      Files.copy(COMPOSE.getParent().resolve(f), deploy.resolve(f));
    }
    Process run = new ProcessBuilder("sh", deploy.resolve("init-secrets.sh").toString()).redirectErrorStream(true).start();
    String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(printed).isZero();

    Map<String, Object> root =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(COMPOSE, StandardCharsets.UTF_8));
    Map<String, Map<String, Object>> secrets = (Map<String, Map<String, Object>>) root.get("secrets");
    assertThat(secrets).as("top-level secrets").isNotEmpty();
    secrets.forEach((name, secret) ->
        assertThat(deploy.resolve(String.valueOf(secret.get("file"))).normalize()).as("secret %s", name).exists());

    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) root.get("services");
    Map<String, Object> perceive = services.get("perceive1");
    String tokensFile = String.valueOf(((Map<String, Object>) perceive.get("environment")).get("PERCEIVE_AUTH_TOKENS_FILE"));
    AccessTokens tokens = AccessTokens.load(deploy.resolve(secretFile(secrets, perceive, tokensFile)));

    Map<String, String> env = new java.util.HashMap<>();
    for (String line : Files.readAllLines(deploy.resolve(".env"))) {
      String[] kv = line.split("=", 2);
      env.put(kv[0], kv[1]);
    }
    assertThat(java.util.Base64.getDecoder().decode(env.get("PERCEIVE_SURVEY_KEY"))).hasSize(32);
    assertThat(tokens.find(env.get("PERCEIVE_GRAFANA_TOKEN")).orElseThrow().has(Role.MANAGER)).isTrue();
    assertThat(String.valueOf(services.get("grafana").get("environment"))).contains("PERCEIVE_GRAFANA_TOKEN");

    String scrape = Files.readString(deploy.resolve("prometheus.yml"), StandardCharsets.UTF_8);
    Matcher credentials = Pattern.compile("credentials_file:\\s*(\\S+)").matcher(scrape);
    assertThat(credentials.find()).as("prometheus.yml sends a token").isTrue();
    String metrics = Files.readString(deploy.resolve(secretFile(secrets, services.get("prometheus"), credentials.group(1))));
    assertThat(tokens.find(metrics.strip()).orElseThrow().has(Role.METRICS)).isTrue();

    java.util.regex.Matcher ingest = Pattern.compile("(pcv_[A-Za-z0-9_-]{43})").matcher(printed);
    assertThat(ingest.find()).as(printed).isTrue();
    assertThat(tokens.find(ingest.group(1)).orElseThrow().has(Role.INGEST)).isTrue();
    assertThat(tokens.find(ingest.group(1)).orElseThrow().has(Role.VIEWER)).isFalse();

    Process again = new ProcessBuilder("sh", deploy.resolve("init-secrets.sh").toString()).redirectErrorStream(true).start();
    String refused = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor()).isNotZero();
    assertThat(refused).contains("exists already");
  }

  /** The file behind /run/secrets/NAME, where the service is given secret NAME. */
  @SuppressWarnings("unchecked")
  private static String secretFile(Map<String, Map<String, Object>> secrets, Map<String, Object> service, String path) {
    assertThat(path).startsWith("/run/secrets/");
    String name = path.substring("/run/secrets/".length());
    assertThat((List<Object>) service.get("secrets")).as("secrets given to the service").contains(name);
    return String.valueOf(secrets.get(name).get("file"));
  }
}
