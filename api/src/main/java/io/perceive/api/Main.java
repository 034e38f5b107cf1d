package io.perceive.api;

import io.perceive.api.config.ConfigException;
import io.perceive.api.config.ConfigLoader;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.analytics.cli.EvaluateCommand;
import io.perceive.analytics.cli.ScoreCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code perceive} command line: {@code serve} (the default), {@code demo}, and tools. */
@Command(
    name = "perceive",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Measures how the customers of an IT department perceive its services.",
    subcommands = {Main.Serve.class, Main.Demo.class})
public final class Main implements Callable<Integer> {

  @Option(names = "--config", description = "YAML configuration file (environment variables win)")
  Path config;

  @Option(names = "--port", description = "HTTP port (overrides PERCEIVE_HTTP_PORT)")
  Integer port;

  public static void main(String[] args) {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    // The analytics tools run without a server: they are plain commands of the analytics module.
    CommandLine cli =
        new CommandLine(new Main()).addSubcommand(new ScoreCommand()).addSubcommand(new EvaluateCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof ConfigException) {
            err.println(e.getMessage());
            return 2;
          }
          err.println("perceive: " + e.getMessage());
          return 1;
        });
    return cli;
  }

  /** No subcommand: serve. */
  @Override
  public Integer call() throws Exception {
    return run(Optional.empty());
  }

  PerceiveConfig loadConfig() {
    PerceiveConfig c = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
    return port == null ? c : c.withHttpPort(port);
  }

  int run(Optional<PerceiveApp.Demo> demo) throws Exception {
    PerceiveConfig c = loadConfig();
    if (demo.isPresent()) {
      System.out.println("perceive: loading demo data if the store is empty...");
    }
    PerceiveApp app = PerceiveApp.start(c, demo);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    app.close();
                  } catch (Exception e) {
                    System.err.println("perceive: error while stopping: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "perceive-shutdown"));
    String where = c.store().mongoUri().isPresent() ? "MongoDB at the configured URI" : "embedded store in " + c.store().dataDir().toAbsolutePath().normalize();
    System.out.println("perceive: listening on http://localhost:" + app.port() + "/ (" + where + ")");
    System.out.println("perceive: try http://localhost:" + app.port() + "/api/v1/trends?metric=csat&interval=week");
    stopped.await();
    return 0;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run Perceive (the default).")
  static final class Serve implements Callable<Integer> {
    @CommandLine.ParentCommand Main parent;

    @Override
    public Integer call() throws Exception {
      return parent.run(Optional.empty());
    }
  }

  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description = "Run Perceive with a year of generated demo data (loaded only into an empty store).")
  static final class Demo implements Callable<Integer> {
    @CommandLine.ParentCommand Main parent;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (same seed, same data); default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--responses", defaultValue = "12000", description = "How many responses; default ${DEFAULT-VALUE}")
    int responses;

    @Override
    public Integer call() throws Exception {
      if (responses < 1 || responses > 1_000_000) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--responses must be from 1 to 1000000");
      }
      return parent.run(Optional.of(new PerceiveApp.Demo(seed, responses)));
    }
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"perceive " + (v == null ? "development build" : v)};
    }
  }
}
