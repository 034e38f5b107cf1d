package io.perceive.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * {@code log.format=json}: the log's lines become one JSON object each (timestamp in epoch
 * milliseconds, level, thread, logger, the formatted message, a throwable's frames), for log
 * shippers that would otherwise split a stack trace into lines. Text (logback.xml) is the default.
 */
final class LogFormat {

  private LogFormat() {}

  /** Applies {@code format} ({@code text} or {@code json}) to the root logger's output. */
  static void use(String format) {
    if (!"json".equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender("JSON") != null) {
      return;
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    // The message once, formatted; its arguments are in it already.
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
    json.setContext(context);
    json.setName("JSON");
    json.setTarget("System.err");
    json.setEncoder(encoder);
    json.start();
    root.detachAndStopAllAppenders();
    root.addAppender(json);
  }
}
