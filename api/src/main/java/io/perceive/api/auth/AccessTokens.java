package io.perceive.api.auth;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The API tokens a deployment accepts, as SHA-256 hashes with a name and roles (the tokens
 * themselves are never stored). The file:
 *
 * <pre>
 * tokens:
 *   - name: servicenow-relay
 *     sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
 *     roles: [ingest]
 * </pre>
 */
public final class AccessTokens {

  /** One accepted token: its name (for logs and audit records), its hash and its roles. */
  public record Entry(String name, byte[] sha256, Set<Role> roles) {

    public Entry {
      roles = Set.copyOf(roles);
      sha256 = sha256.clone();
    }

    /** Whether one of the roles allows what {@code needed} allows. */
    public boolean has(Role needed) {
      return roles.stream().anyMatch(r -> r.grants(needed));
    }
  }

  private final List<Entry> entries;

  AccessTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public int size() {
    return entries.size();
  }

  /**
   * The entry whose hash is the token's. Every entry is compared, each in constant time, so the
   * answer's timing says nothing about which hash came close.
   */
  public Optional<Entry> find(String token) {
    byte[] hash = sha256(token);
    Entry found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.sha256(), hash) && found == null) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The hex SHA-256 of a token's UTF-8 bytes, as the file holds it. */
  public static String hashHex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Reads a tokens file; a file that is not in the form above fails with a message naming the
   * entry and the field.
   */
  public static AccessTokens load(Path file) {
    Object root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read it: " + e.getMessage());
    } catch (YAMLException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(root instanceof Map<?, ?> map) || !map.keySet().equals(Set.of("tokens")) || !(map.get("tokens") instanceof List<?> list)) {
      throw new IllegalArgumentException("must hold one key, 'tokens', with a list of {name, sha256, roles}");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Entry entry = entry(list.get(i), "tokens[" + i + "]");
      if (!names.add(entry.name())) {
        throw new IllegalArgumentException("tokens[" + i + "].name '" + entry.name() + "' is used twice");
      }
      if (!hashes.add(HexFormat.of().formatHex(entry.sha256()))) {
        throw new IllegalArgumentException("tokens[" + i + "].sha256 is the same as an earlier entry's");
      }
      entries.add(entry);
    }
    return new AccessTokens(entries);
  }

  private static Entry entry(Object item, String where) {
    if (!(item instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + " must be a mapping with name, sha256 and roles");
    }
    for (Object key : map.keySet()) {
      if (!Set.of("name", "sha256", "roles").contains(String.valueOf(key))) {
        throw new IllegalArgumentException(where + " has an unknown key '" + key + "'; known: name, sha256, roles");
      }
    }
    if (!(map.get("name") instanceof String name) || !name.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(where + ".name must be 1-100 letters, digits, '.', '_' or '-'");
    }
    if (!(map.get("sha256") instanceof String hex) || !hex.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(where + ".sha256 must be 64 hex digits (the SHA-256 of the token)");
    }
    if (!(map.get("roles") instanceof List<?> labels) || labels.isEmpty()) {
      throw new IllegalArgumentException(where + ".roles must be a list such as [viewer, manager]");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object label : labels) {
      roles.add(
          Role.of(String.valueOf(label))
              .orElseThrow(
                  () -> new IllegalArgumentException(where + ".roles: unknown role '" + label + "'; known: " + Role.labels())));
    }
    return new Entry(name, HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)), roles);
  }
}
