package io.perceive.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The webhook mappings by tool name: {@code servicenow} and {@code jsm} built in, plus any from a
 * YAML file (which may also replace a built-in one, e.g. for a site's own Jira custom field ids):
 * <pre>
 * generic:
 *   source: my-itsm
 *   fields:
 *     sourceId: survey.id
 *     service: [ticket.service.name, ticket.category]
 *     rating: /survey/score
 * </pre>
 */
public final class WebhookMappings {

  public static final List<String> BUILT_IN = List.of("servicenow", "jsm");

  private final Map<String, WebhookMapping> byName;

  private WebhookMappings(Map<String, WebhookMapping> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** The built-in mappings, then those of {@code file}. Throws IllegalArgumentException naming the problem. */
  public static WebhookMappings load(Optional<Path> file) {
    Map<String, WebhookMapping> all = new TreeMap<>();
    for (String name : BUILT_IN) {
      try (InputStream in = WebhookMappings.class.getResourceAsStream(name + ".yaml")) {
        if (in == null) {
          throw new IllegalStateException("built-in mapping " + name + " is missing");
        }
        Object root = yaml().load(in);
        all.put(name, parse(name, root, "built-in " + name));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read built-in mapping " + name, e);
      }
    }
    if (file.isPresent()) {
      Object root;
      try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        root = yaml().load(reader);
      } catch (IOException | YAMLException e) {
        throw new IllegalArgumentException("cannot read webhook mappings " + file.get() + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (!(root instanceof Map<?, ?> tools)) {
        throw new IllegalArgumentException(file.get() + " must map tool names to mappings, such as 'generic: {source: x, fields: {...}}'");
      }
      for (Map.Entry<?, ?> e : tools.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (!name.matches("[a-z0-9-]{1,40}")) {
          throw new IllegalArgumentException("webhook tool name '" + name + "' in " + file.get() + " must be 1-40 lower-case letters, digits or '-'");
        }
        all.put(name, parse(name, e.getValue(), name + " in " + file.get()));
      }
    }
    return new WebhookMappings(all);
  }

  public Optional<WebhookMapping> get(String tool) {
    return Optional.ofNullable(byName.get(tool));
  }

  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  private static WebhookMapping parse(String name, Object node, String where) {
    if (!(node instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + ": must have 'source' and 'fields'");
    }
    Object source = map.get("source");
    if (!(source instanceof String s) || s.isBlank() || s.length() > 200) {
      throw new IllegalArgumentException(where + ": 'source' must be a name (1-200 characters)");
    }
    for (Object key : map.keySet()) {
      if (!key.equals("source") && !key.equals("fields")) {
        throw new IllegalArgumentException(where + ": unknown key '" + key + "'; allowed: source, fields");
      }
    }
    if (!(map.get("fields") instanceof Map<?, ?> fieldsNode) || fieldsNode.isEmpty()) {
      throw new IllegalArgumentException(where + ": 'fields' must map response fields to payload paths");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : fieldsNode.entrySet()) {
      String target = String.valueOf(e.getKey());
      if (!WebhookMapping.TARGETS.contains(target)) {
        throw new IllegalArgumentException(
            where + ": unknown response field '" + target + "'; allowed: " + String.join(", ", WebhookMapping.TARGETS.stream().sorted().toList()));
      }
      List<String> paths = new ArrayList<>();
      if (e.getValue() instanceof List<?> list) {
        list.forEach(p -> paths.add(String.valueOf(p)));
      } else if (e.getValue() != null) {
        paths.add(String.valueOf(e.getValue()));
      }
      if (paths.isEmpty() || paths.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException(where + ": field '" + target + "' needs one or more payload paths");
      }
      fields.put(target, List.copyOf(paths));
    }
    for (String required : List.of("service", "rating")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException(where + ": a mapping must give '" + required + "'");
      }
    }
    return new WebhookMapping(name, s.strip(), fields);
  }
}
