package io.perceive.analytics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perceive.analytics.sentiment.CommentScore;
import io.perceive.analytics.sentiment.CoreNlpCommentScorer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perceive score --input FILE --output FILE}: reads JSON Lines {@code {"id", "text",
 * "rating"?, "question"?}} and writes one line per input line: {@code {"id", "sentiment":
 * {"score", "label", "probabilities"}, "competency", "language", "sentences"}}. A line that is not
 * valid input gets {@code {"id", "line", "error"}} instead and the command exits with 1 after
 * writing every line.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Scores comments (JSON Lines) for sentiment and perceived competency.")
public class ScoreCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreCommand.class);
  private static final int BATCH = 256;

  @Option(names = "--input", required = true, description = "JSON Lines file to read, - for stdin")
  Path input;

  @Option(names = "--output", required = true, description = "JSON Lines file to write, - for stdout")
  Path output;

  @Option(
      names = "--threads",
      description = "worker threads (default: the number of cores)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--no-progress", description = "no progress bar on the terminal")
  boolean noProgress;

  private final Supplier<CoreNlpCommentScorer> scorers;

  public ScoreCommand() {
    this(null);
  }

  /** With a scorer supplier (tests share one loaded scorer); null loads the models. */
  ScoreCommand(Supplier<CoreNlpCommentScorer> scorers) {
    this.scorers = scorers;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScoreCommand()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    ObjectMapper json = new ObjectMapper();
    long total = "-".equals(input.toString()) ? -1 : countLines(input);
    Progress progress = new Progress(noProgress ? null : System.console() == null ? null : System.err, total);
    CoreNlpCommentScorer scorer = scorers != null ? scorers.get() : CoreNlpCommentScorer.load(threads);
    int errors = 0;
    long lines = 0;
    try (BufferedReader in = open(input);
        BufferedWriter out = create(output)) {
      List<Parsed> batch = new ArrayList<>(BATCH);
      for (String line; (line = in.readLine()) != null; ) {
        lines++;
        batch.add(parse(json, line, lines));
        if (batch.size() == BATCH) {
          errors += write(json, scorer, batch, out);
          progress.advance(batch.size());
          batch.clear();
        }
      }
      errors += write(json, scorer, batch, out);
      progress.advance(batch.size());
    } finally {
      progress.done();
      if (scorers == null) {
        scorer.close();
      }
    }
    LOG.info("scored comments [lines: {}, errors: {}]", lines, errors);
    return errors == 0 ? 0 : 1;
  }

  private record Parsed(JsonNode id, long line, CoreNlpCommentScorer.Comment comment, String error) {}

  static Parsed parse(ObjectMapper json, String line, long number) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (IOException e) {
      return new Parsed(null, number, null, "not a JSON object");
    }
    if (node == null || !node.isObject()) {
      return new Parsed(null, number, null, "not a JSON object");
    }
    JsonNode id = node.get("id");
    JsonNode text = node.get("text");
    if (text != null && !text.isNull() && !text.isTextual()) {
      return new Parsed(id, number, null, "text must be a string");
    }
    JsonNode rating = node.get("rating");
    Integer r = null;
    if (rating != null && !rating.isNull()) {
      if (!rating.isIntegralNumber() || rating.asInt() < 1 || rating.asInt() > 5) {
        return new Parsed(id, number, null, "rating must be an integer 1-5");
      }
      r = rating.asInt();
    }
    JsonNode question = node.get("question");
    if (question != null && !question.isNull() && !question.isTextual()) {
      return new Parsed(id, number, null, "question must be a string");
    }
    String t = text == null || text.isNull() ? "" : text.asText();
    String q = question == null || question.isNull() ? null : question.asText();
    return new Parsed(id, number, new CoreNlpCommentScorer.Comment(t, r, q), null);
  }

  private static int write(ObjectMapper json, CoreNlpCommentScorer scorer, List<Parsed> batch, BufferedWriter out)
      throws IOException {
    List<CoreNlpCommentScorer.Comment> comments = new ArrayList<>();
    for (Parsed p : batch) {
      if (p.comment() != null) {
        comments.add(p.comment());
      }
    }
    List<CommentScore> scores = scorer.scoreAll(comments);
    int next = 0;
    int errors = 0;
    for (Parsed p : batch) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("id", p.id());
      if (p.comment() == null) {
        line.put("line", p.line());
        line.put("error", p.error());
        errors++;
      } else {
        line.putAll(scores.get(next++).toContract());
      }
      out.write(json.writeValueAsString(line));
      out.write('\n');
    }
    return errors;
  }

  private static long countLines(Path p) throws IOException {
    try (var lines = Files.lines(p, StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }

  private static BufferedReader open(Path p) throws IOException {
    return "-".equals(p.toString())
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(p, StandardCharsets.UTF_8);
  }

  private static BufferedWriter create(Path p) throws IOException {
    return "-".equals(p.toString())
        ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
        : Files.newBufferedWriter(p, StandardCharsets.UTF_8);
  }

  /** A one-line progress bar on the terminal; silent when output is not a terminal. */
  static final class Progress {
    private final PrintStream terminal;
    private final long total;
    private long done;
    private final long start = System.nanoTime();

    Progress(PrintStream terminal, long total) {
      this.terminal = terminal;
      this.total = total;
    }

    void advance(int n) {
      done += n;
      if (terminal == null) {
        return;
      }
      double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
      String rate = String.format("%.0f/s", done / seconds);
      if (total > 0) {
        int width = 30;
        int filled = (int) Math.min(width, width * done / total);
        terminal.print(
            "\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + rate);
      } else {
        terminal.print("\r" + done + " " + rate);
      }
      terminal.flush();
    }

    void done() {
      if (terminal != null) {
        terminal.println();
      }
    }
  }
}
