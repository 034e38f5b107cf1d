package io.perceive.api;

import io.perceive.analytics.cli.ScoreCommand;
import io.perceive.analytics.evaluation.EvaluateCommand;
import io.perceive.api.config.AsOf;
import io.perceive.api.config.ConfigException;
import io.perceive.api.config.ConfigLoader;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.scoring.CommentScoring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeParseException;
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
    subcommands = {
      Main.Serve.class, Main.Demo.class, Main.Import.class, io.perceive.api.auth.TokenCommand.class
    })
public final class Main implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final java.time.Duration READINESS_GRACE = java.time.Duration.ofSeconds(1);

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
          // An error without a message (OutOfMemoryError) is named by its kind, not printed as "null".
          err.println("perceive: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
          return 1;
        });
    return cli;
  }

  /** No subcommand: serve. */
  @Override
  public Integer call() throws Exception {
    return run(Optional.empty(), null);
  }

  /** Whether the log is JSON lines (log.format=json), set by {@link #loadConfig}. */
  private boolean jsonLog;

  PerceiveConfig loadConfig() {
    PerceiveConfig c = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
    jsonLog = "json".equals(ConfigLoader.logFormat(Optional.ofNullable(config), System.getenv()));
    LogFormat.use(jsonLog ? "json" : "text");
    return port == null ? c : c.withHttpPort(port);
  }

  int run(Optional<PerceiveApp.Demo> demo, String asOf) throws Exception {
    PerceiveConfig c = loadConfig();
    Clock clock = clock(asOf);
    if (asOf != null) {
      System.out.println("perceive: running as of " + clock.instant() + " (--as-of)");
    }
    Optional<CommentScoring> scoring = c.analytics().scoring() ? Optional.of(CoreNlpScoring.loadInBackground()) : Optional.empty();
    FileImport.Progress bar =
        // No bar between JSON log lines: a log shipper reads standard error.
        new FileImport.Progress(System.err, demo.map(PerceiveApp.Demo::responses).orElse(1), demo.isPresent() && !jsonLog);
    PerceiveApp app = PerceiveApp.launch(c, demo, clock, scoring, n -> bar.update(n, n));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    // A second of 503s on readiness before the port closes: a balancer takes this instance out first.
                    app.stop(READINESS_GRACE);
                  } catch (Exception e) {
                    System.err.println("perceive: error while stopping: " + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "perceive-shutdown"));
    String where = c.store().mongoUri().isPresent() ? "MongoDB at the configured URI" : "embedded store in " + c.store().dataDir().toAbsolutePath().normalize();
    System.out.println("perceive: listening on http://localhost:" + app.port() + "/ (" + where + ")");
    if (demo.isPresent()) {
      System.out.println("perceive: loading demo data if the store is empty (/ready answers 503 until it is loaded)...");
    }
    try {
      app.ready().toCompletionStage().toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      // Not a busy store (that is waited out): a fault worth stopping for, as before.
      app.close();
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    if (demo.isPresent()) {
      bar.done(demo.get().responses(), demo.get().responses());
    }
    System.out.println("perceive: ready; try http://localhost:" + app.port() + "/api/v1/trends?metric=csat&interval=week");
    stopped.await();
    return 0;
  }

  /** The system clock, or one that starts at {@code --as-of} and runs from there. */
  Clock clock(String asOf) {
    try {
      return AsOf.clock(asOf);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--as-of must be an ISO 8601 instant such as 2027-04-15T10:00:00Z, or a date such as 2027-04-15");
    }
  }

  /** {@code --as-of}, for serve and demo. */
  static final class AsOfOption {
    @Option(
        names = "--as-of",
        paramLabel = "INSTANT",
        description = {
          "Run as if this instant were now (e.g. 2027-04-15T10:00:00Z, or a date): the demo data, default query ranges",
          "and relative times such as now-90d follow a clock that starts there. For reproducible demos and checks."
        })
    String value;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run Perceive (the default).")
  static final class Serve implements Callable<Integer> {
    @CommandLine.ParentCommand Main parent;

    @CommandLine.Mixin AsOfOption asOf;

    @Override
    public Integer call() throws Exception {
      return parent.run(Optional.empty(), asOf.value);
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

    @CommandLine.Mixin AsOfOption asOf;

    @Override
    public Integer call() throws Exception {
      if (responses < 1 || responses > 1_000_000) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--responses must be from 1 to 1000000");
      }
      return parent.run(Optional.of(new PerceiveApp.Demo(seed, responses)), asOf.value);
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import survey responses from a CSV or JSON Lines file of any size, streaming.",
        "Bad rows are listed with their line and field; good rows are kept. Re-importing a file stores nothing twice.",
        "With --server, the token in PERCEIVE_TOKEN is sent (a server with a tokens file wants the ingest role).",
        "Exit status: 0 all rows stored, 3 some rows rejected, 4 the embedded store is in use (use --server)."
      })
  static final class Import implements Callable<Integer> {
    @CommandLine.ParentCommand Main parent;

    @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "a .csv file (header of response fields) or a .jsonl file")
    Path file;

    @Option(names = "--format", description = "csv or jsonl; default from the file name")
    String format;

    @Option(names = "--source", defaultValue = "import", description = "source of rows that name none; default ${DEFAULT-VALUE}")
    String source;

    @Option(names = "--server", description = "post the file to a running Perceive at this URL (e.g. http://localhost:8080) instead of opening its store")
    java.net.URI server;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
      CommandLine cli = new CommandLine(this);
      if (!java.nio.file.Files.isReadable(file)) {
        throw new CommandLine.ParameterException(cli, "cannot read " + file);
      }
      io.perceive.ingest.importer.ImportFormat chosen;
      if (format == null) {
        chosen =
            io.perceive.ingest.importer.ImportFormat.ofFileName(file.getFileName().toString())
                .orElseThrow(() -> new CommandLine.ParameterException(cli, "cannot tell the format from the file name: give --format csv or --format jsonl"));
      } else if (format.equalsIgnoreCase("csv")) {
        chosen = io.perceive.ingest.importer.ImportFormat.CSV;
      } else if (format.equalsIgnoreCase("jsonl") || format.equalsIgnoreCase("ndjson")) {
        chosen = io.perceive.ingest.importer.ImportFormat.JSON_LINES;
      } else {
        throw new CommandLine.ParameterException(cli, "--format must be csv or jsonl");
      }
      if (source.isBlank() || source.length() > 200) {
        throw new CommandLine.ParameterException(cli, "--source must be 1 to 200 characters");
      }
      return FileImport.run(
          parent.loadConfig(),
          new FileImport.Options(
              file, chosen, source.strip(), Optional.ofNullable(server), !noProgress,
              Optional.ofNullable(System.getenv("PERCEIVE_TOKEN")).filter(t -> !t.isBlank())),
          System.out,
          System.err);
    }
  }

  // The store tools, as methods: each only hands the configuration to the class that does the work.

  @Command(
      name = "recount",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuild every rollup (ratings and comment scores, per service, support group and agent) from the stored responses.",
        "For a store written by an older version, or to check the rollups. Safe beside serving instances on MongoDB;",
        "the embedded store must not be in use. Exit status: 0 all recounted, 4 the embedded store is in use,",
        "5 some buckets had writes in flight (run it again), 6 another recount is running on the store."
      })
  int recount() throws Exception {
    return StoreRecount.run(loadConfig(), System.out, System.err);
  }

  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description = {
        "Copy the embedded store (every collection, as JSON Lines) into an empty directory, while serve runs or not.",
        "On MongoDB use mongodump. Exit status: 0 done, 2 not possible (MongoDB, or the directory holds a backup)."
      })
  int backup(@Option(names = "--to", required = true, paramLabel = "DIR", description = "an empty or new directory") Path to)
      throws Exception {
    return StoreBackup.backup(loadConfig(), to, System.out, System.err);
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = {
        "Replace the embedded store's data with a backup, then recount every rollup. Stop serve first.",
        "On MongoDB use mongorestore. Exit status: 0 done, 2 not possible, 4 the embedded store is in use."
      })
  int restore(@Option(names = "--from", required = true, paramLabel = "DIR", description = "a directory written by perceive backup") Path from)
      throws Exception {
    return StoreBackup.restore(loadConfig(), from, System.out, System.err);
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = {
        "Bring the store to this release's schema version (serve and demo also do it when they start).",
        "A store written by a newer Perceive is refused. Exit status: 0 done, 1 refused, 4 the embedded store is in use."
      })
  int migrate() throws Exception {
    return StoreRecount.migrate(loadConfig(), System.out, System.err);
  }

  /** The version from the jar manifest. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"perceive " + version()};
    }
  }
}
