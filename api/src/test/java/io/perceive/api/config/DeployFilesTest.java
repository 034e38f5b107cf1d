package io.perceive.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
