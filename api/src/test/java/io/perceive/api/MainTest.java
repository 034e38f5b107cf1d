package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("serve").contains("demo").contains("score").contains("evaluate").contains("--version");
  }

  @Test
  void versionAnswers() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("perceive ");
  }

  @Test
  void aBadConfigurationStopsTheStartWithOneLineNamingTheKey() throws Exception {
    Path file = dir.resolve("perceive.yaml");
    Files.writeString(file, "http:\n  port: 99999\n");
    Run r = run("--config", file.toString(), "serve");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("configuration: http.port in " + file + " = '99999' must be an integer from 0 to 65535");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Run r = run("--frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--frobnicate");
  }

  @Test
  void aBadAsOfIsAUsageErrorNamingTheOption() {
    Run r = run("demo", "--as-of", "next tuesday");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--as-of must be an ISO 8601 instant");
  }

  @Test
  void tokenPrintsANewTokenOnceAndTheEntryThatAcceptsIt() throws Exception {
    Run r = run("token", "--name", "grafana", "--roles", "viewer,manager");
    assertThat(r.exit()).isZero();
    String token = r.out().lines().findFirst().orElseThrow().replaceAll(".*: ", "");
    assertThat(token).startsWith("pcv_").hasSizeGreaterThan(40);
    String entry = r.out().lines().skip(2).collect(java.util.stream.Collectors.joining("\n"));
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(file, "tokens:\n" + entry + "\n");
    io.perceive.api.auth.AccessTokens tokens = io.perceive.api.auth.AccessTokens.load(file);
    assertThat(tokens.find(token)).get().extracting(io.perceive.api.auth.AccessTokens.Entry::name).isEqualTo("grafana");
    assertThat(tokens.find(token).get().has(io.perceive.api.auth.Role.MANAGER)).isTrue();
    assertThat(r.out()).doesNotContain("sha256: " + token);
    assertThat(run("token", "--name", "grafana", "--roles", "viewer").out()).doesNotContain(token);
    Run bad = run("token", "--name", "x", "--roles", "root");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown role 'root'");
  }
}
