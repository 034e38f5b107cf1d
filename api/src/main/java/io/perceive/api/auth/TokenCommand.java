package io.perceive.api.auth;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perceive token --name NAME --roles viewer,manager}: a new random token, printed once,
 * and the entry for the tokens file (which holds only its hash).
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Create an API token: prints the token once (give it to the client) and the entry to add to the tokens file",
      "(auth.tokens-file), which holds only its SHA-256. Roles: ingest, viewer, manager, admin, metrics."
    })
public final class TokenCommand implements Callable<Integer> {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--name", required = true, description = "who holds the token, shown in logs and audit records")
  String name;

  @Option(names = "--roles", required = true, split = ",", description = "comma-separated roles, such as viewer,manager")
  List<String> roles;

  @Override
  public Integer call() {
    if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--name must be 1-100 letters, digits, '.', '_' or '-'");
    }
    Set<String> labels = new LinkedHashSet<>();
    for (String role : roles) {
      String label = role.strip();
      if (Role.of(label).isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--roles: unknown role '" + label + "'; known: " + Role.labels());
      }
      labels.add(label);
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = "pcv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    PrintWriter out = spec.commandLine().getOut();
    out.println("token (shown only now; give it to " + name + "): " + token);
    out.println("add to the tokens file under 'tokens:':");
    for (String line : entry(name, AccessTokens.hashHex(token), new ArrayList<>(labels))) {
      out.println(line);
    }
    out.flush();
    return 0;
  }

  /** The lines of one entry of the tokens file. */
  static List<String> entry(String name, String sha256, List<String> roles) {
    return List.of(
        "  - name: " + name, "    sha256: " + sha256, "    roles: [" + String.join(", ", roles) + "]");
  }
}
