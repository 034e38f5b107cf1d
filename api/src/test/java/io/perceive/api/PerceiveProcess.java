package io.perceive.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Perceive started from the packaged jar as a separate process, for crash tests. */
final class PerceiveProcess implements AutoCloseable {

  private final Process process;
  final int port;

  private PerceiveProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Starts {@code target/perceive.jar} and waits until {@code /ready} answers 200. */
  static PerceiveProcess start(Path jar, int port, Map<String, String> env, Path log) throws Exception {
    return start(jar, port, env, log, "-Xmx512m", Duration.ofSeconds(90));
  }

  /** As above with a heap option (the scorer's models want about 1.5 GB) and a limit on the start. */
  static PerceiveProcess start(Path jar, int port, Map<String, String> env, Path log, String heap, Duration limit) throws Exception {
    PerceiveProcess p = new PerceiveProcess(launch(jar, port, env, log, heap), port);
    p.awaitReady(limit);
    return p;
  }

  /** Starts the jar without waiting for anything (for a start that is meant to fail). */
  static Process launch(Path jar, int port, Map<String, String> env, Path log, String heap) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, heap, "-jar", jar.toString(), "--port", String.valueOf(port), "serve"));
    // The process runs on the tests' clock too, so the times the tests send are not in its future.
    command.addAll(List.of("--as-of", TestTime.now().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("PERCEIVE_"));
    // The kill and outage tests are about storage: no 1.3 GB model load in a 512 MB process.
    builder.environment().put("PERCEIVE_ANALYTICS_SCORING", "false");
    builder.environment().putAll(env);
    return builder.start();
  }

  /** SIGTERM, then the exit status once the process has ended (the shutdown hook ran). */
  int terminate(Duration limit) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("perceive did not stop within " + limit + " of SIGTERM");
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code millis} for the process to end: a pause that ends early when it does. */
  void pause(long millis) throws InterruptedException {
    process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  private void awaitReady(Duration limit) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("perceive exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> r =
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException("perceive did not become ready within " + limit);
  }

  /** SIGKILL: no shutdown hook, no final commit. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the shutdown hook closes the store. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
