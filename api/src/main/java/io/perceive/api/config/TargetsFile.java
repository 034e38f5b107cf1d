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
 *   sentiment: 0.2     # what comments say: every service, support group, agent, type, provider
 * services:
 *   VPN:
 *     csat: 0.85
 * </pre>
 * Metrics are {@code csat} (share, 0-1), {@code rating} (1-5), {@code nps} (-100..100),
 * {@code ces} (1-7) and {@code lostTime} (minutes); the organisation may also have targets on what
 * comments say ({@link Targets#COMMENT_MEASURES}, -1..1), which a service's own in the catalogue
 * replaces. Every problem stops the start with a message naming the file and the key.
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
    Map<String, Double> organisationComments = new LinkedHashMap<>();
    Map<String, Map<Metric, Double>> services = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String key = String.valueOf(e.getKey());
      switch (key) {
        case "organisation" -> organisation = metrics(file, "organisation", e.getValue(), organisationComments);
        case "services" -> {
          if (!(e.getValue() instanceof Map<?, ?> byService)) {
            throw problem(file, "services must map service names to their targets, such as 'VPN: {csat: 0.85}'");
          }
          for (Map.Entry<?, ?> s : byService.entrySet()) {
            String service = String.valueOf(s.getKey());
            if (service.isBlank() || service.length() > 200) {
              throw problem(file, "services: '" + service + "' must be a service name of 1-200 characters");
            }
            services.put(service, metrics(file, "services." + service, s.getValue(), null));
          }
        }
        default -> throw problem(file, "unknown key '" + key + "'; allowed: organisation, services");
      }
    }
    try {
      return new Targets(organisation, services).withOrganisationComments(organisationComments);
    } catch (IllegalArgumentException e) {
      throw problem(file, e.getMessage());
    }
  }

  /**
   * The rating metrics' targets of a section; targets on what comments say go to {@code comments}
   * (the organisation's), or are refused where there is none (a service's are the catalogue's).
   */
  private static Map<Metric, Double> metrics(Path file, String where, Object node, Map<String, Double> comments) {
    if (!(node instanceof Map<?, ?> map)) {
      throw problem(file, where + " must map metrics to targets, such as '{csat: 0.8, nps: 20}'");
    }
    Map<Metric, Double> out = new EnumMap<>(Metric.class);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (Targets.COMMENT_MEASURES.contains(name)) {
        if (comments == null) {
          throw problem(file, where + "." + name + ": a service's target on what its comments say is set in the service catalogue "
              + "(PUT /api/v1/catalogue/services/{service}); here only the organisation's");
        }
        if (!(e.getValue() instanceof Number n)) {
          throw problem(file, where + "." + name + " = '" + e.getValue() + "' must be a number");
        }
        comments.put(name, n.doubleValue());
        continue;
      }
      Metric metric =
          Metric.parse(name)
              .orElseThrow(() -> problem(file, where + ": unknown metric '" + name + "'; allowed: " + Metric.allowed()
                  + (comments == null ? "" : ", " + String.join(", ", Targets.COMMENT_MEASURES))));
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
