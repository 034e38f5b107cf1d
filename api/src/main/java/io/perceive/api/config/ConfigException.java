package io.perceive.api.config;

/** A configuration value that stops the start; the message names the key and what is allowed. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
