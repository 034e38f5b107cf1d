package io.perceive.dashboards;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Evaluates PromQL with Prometheus' own engine: {@code promtool test rules} runs an expression over
 * input series and reports what it got. The series come from a scrape of a healthy Perceive, each
 * counter rising and each gauge steady for half an hour, as Prometheus would have stored them.
 */
final class PromQlEvaluation {

  /** Minutes of history the series cover; expressions are evaluated at the end. */
  static final int MINUTES = 30;

  private static final Pattern SAMPLE = Pattern.compile("\\{[^}]*} ([-+0-9.eE]+|NaN|[-+]?Inf)");

  private final Path promtool;
  private final Path dir;
  private final List<String> series;

  PromQlEvaluation(Path promtool, Path dir, String scrape, String job) {
    this.promtool = promtool;
    this.dir = dir;
    this.series = series(scrape, job);
  }

  /** promtool on the PATH, else where {@code .ci/run} extracts it. */
  static Optional<Path> findPromtool() {
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(s -> !s.isEmpty())
            .map(dir -> Path.of(dir, "promtool"));
    Path cached = Path.of(System.getProperty("user.home"), ".cache/perceive-ci/prometheus/usr/bin/promtool");
    return Stream.concat(onPath, Stream.of(cached)).filter(Files::isExecutable).findFirst();
  }

  /** Exposition lines to promtool input series with the scrape job's labels added. */
  private static List<String> series(String scrape, String job) {
    List<String> out = new ArrayList<>();
    for (String line : scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
      if (line.contains("code=\"5")) {
        continue; // healthy: nothing answered 5xx so far
      }
      int valueAt = line.lastIndexOf(' ');
      String name = line.substring(0, valueAt);
      String labels = "job=\"" + job + "\",instance=\"perceive:8080\"";
      String selector =
          name.contains("{")
              ? name.replaceFirst("\\{", "{" + labels + (name.contains("{}") ? "" : ","))
              : name + "{" + labels + "}";
      boolean counter = name.matches("^[a-z0-9_:]+(_total|_count|_sum|_bucket)\\b.*");
      out.add("      - series: '" + selector.replace("'", "''") + "'\n"
          + "        values: '" + (counter ? "0+1x" : "1+0x") + MINUTES + "'\n");
    }
    return out;
  }

  /**
   * The values of the samples an instant query returns at the end of the series; an empty list is
   * an empty vector (what Grafana calls NoData).
   */
  List<Double> evaluate(String expr) throws IOException, InterruptedException {
    Path file = Files.createTempFile(dir, "promql", ".yaml");
    StringBuilder yaml = new StringBuilder("rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
    series.forEach(yaml::append);
    yaml.append("    promql_expr_test:\n      - expr: '").append(expr.replace("'", "''")).append("'\n")
        .append("        eval_time: ").append(MINUTES).append("m\n")
        .append("        exp_samples: []\n");
    Files.writeString(file, yaml);
    Process p = new ProcessBuilder(promtool.toString(), "test", "rules", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish on " + expr);
    }
    if (p.exitValue() == 0) {
      return List.of();
    }
    int got = output.indexOf("got:");
    if (got < 0) {
      throw new AssertionError("promtool could not evaluate " + expr + ":\n" + output);
    }
    List<Double> values = new ArrayList<>();
    Matcher m = SAMPLE.matcher(output.substring(got));
    while (m.find()) {
      values.add(Double.valueOf(m.group(1).replace("Inf", "Infinity")));
    }
    return values;
  }
}
