package io.perceive.api.config;

import io.perceive.analytics.rollup.Metric;
import io.perceive.analytics.rollup.Targets;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the targets file ({@code analytics.targets}):
 * <pre>
 * organisation:        # every service, unless it has its own
 *   csat: 0.80
 *   nps: 20
 * services:
 *   VPN:
 *     csat: 0.85
 * </pre>
 * Metrics are {@code csat} (share, 0-1), {@code rating} (1-5), {@code nps} (-100..100) and
 * {@code ces} (1-7). Every problem stops the start with a message naming the file and the key.
 */
final class TargetsFile {

  private TargetsFile() {}

  public static Targets load(Path file) {
    Object root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException e) {
      throw problem(file, "cannot be read: " + e.getMessage());
    } catch (YAMLException e) {
      throw problem(file, "is not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    if (root == null) {
      return new Targets(Map.of(), Map.of());
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw problem(file, "must hold 'organisation' and/or 'services', such as 'organisation: {csat: 0.8}'");
    }
    Map<Metric, Double> organisation = Map.of();
    Map<String, Map<Metric, Double>> services = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String key = String.valueOf(e.getKey());
      switch (key) {
        case "organisation" -> organisation = metrics(file, "organisation", e.getValue());
        case "services" -> {
          if (!(e.getValue() instanceof Map<?, ?> byService)) {
            throw problem(file, "services must map service names to their targets, such as 'VPN: {csat: 0.85}'");
          }
          for (Map.Entry<?, ?> s : byService.entrySet()) {
            String service = String.valueOf(s.getKey());
            if (service.isBlank() || service.length() > 200) {
              throw problem(file, "services: '" + service + "' must be a service name of 1-200 characters");
            }
            services.put(service, metrics(file, "services." + service, s.getValue()));
          }
        }
        default -> throw problem(file, "unknown key '" + key + "'; allowed: organisation, services");
      }
    }
    try {
      return new Targets(organisation, services);
    } catch (IllegalArgumentException e) {
      throw problem(file, e.getMessage());
    }
  }

  private static Map<Metric, Double> metrics(Path file, String where, Object node) {
    if (!(node instanceof Map<?, ?> map)) {
      throw problem(file, where + " must map metrics to targets, such as '{csat: 0.8, nps: 20}'");
    }
    Map<Metric, Double> out = new EnumMap<>(Metric.class);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = String.valueOf(e.getKey());
      Metric metric =
          Metric.parse(name)
              .orElseThrow(() -> problem(file, where + ": unknown metric '" + name + "'; allowed: " + Metric.allowed()));
      if (!(e.getValue() instanceof Number n)) {
        throw problem(file, where + "." + name + " = '" + e.getValue() + "' must be a number");
      }
      try {
        Targets.checkScale(where + "." + name, metric, n.doubleValue());
      } catch (IllegalArgumentException ex) {
        throw problem(file, ex.getMessage());
      }
      out.put(metric, n.doubleValue());
    }
    return out;
  }

  private static ConfigException problem(Path file, String message) {
    return new ConfigException("configuration: analytics.targets: " + file + ": " + message);
  }
}
