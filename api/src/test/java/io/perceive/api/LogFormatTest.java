package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log's two formats: text lines by default, one JSON object per line with log.format=json. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogFormatTest {

  private static final Logger LOG = LoggerFactory.getLogger(LogFormatTest.class);

  @AfterEach
  void backToTheDefault() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonGivesOneObjectPerLineWithTheFormattedMessageAndTheThrowable() {
    List<String> lines =
        captured(() -> {
          LogFormat.use("json");
          LOG.info("store ready [port: {}]", 27017);
          LOG.warn("pass failed", new IllegalStateException("busy"));
        });
    assertThat(lines).hasSize(2);
    JsonObject info = new JsonObject(lines.get(0));
    assertThat(info.getString("level")).isEqualTo("INFO");
    assertThat(info.getString("loggerName")).isEqualTo(LogFormatTest.class.getName());
    assertThat(info.getString("formattedMessage")).isEqualTo("store ready [port: 27017]");
    assertThat(info.getLong("timestamp")).isPositive();
    assertThat(info.fieldNames()).as("the message once, formatted").doesNotContain("message", "arguments");
    JsonObject warn = new JsonObject(lines.get(1));
    assertThat(warn.getString("level")).isEqualTo("WARN");
    assertThat(warn.getJsonObject("throwable").encode()).contains(IllegalStateException.class.getName()).contains("busy");
  }

  @Test
  void textIsTheDefaultAndStaysSo() {
    List<String> lines =
        captured(() -> {
          LogFormat.use("text");
          LOG.info("store ready [port: {}]", 27017);
          LOG.debug("below the level");
        });
    assertThat(lines).singleElement().asString()
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO LogFormatTest - store ready \\[port: 27017\\]");
  }

  private static List<String> captured(Runnable logging) {
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setErr(err);
    }
    return buffer.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
