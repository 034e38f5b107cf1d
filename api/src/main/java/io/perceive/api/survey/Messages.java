package io.perceive.api.survey;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The survey's words in one language, from {@code messages*.properties} (UTF-8). English is the
 * root bundle; a language without a bundle falls back to it, never to the server's own locale.
 */
final class Messages {

  static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");
  private static final String BUNDLE = "io.perceive.api.survey.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final int MAX_ACCEPT_LANGUAGE_CHARS = 512;

  private final String language;
  private final ResourceBundle bundle;

  private Messages(String language) {
    this.language = language;
    this.bundle = ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language), NO_FALLBACK);
  }

  private static final Messages[] ALL = LANGUAGES.stream().map(Messages::new).toArray(Messages[]::new);

  /** The language of the invitation if we speak it, else the browser's best match, else English. */
  static Messages choose(String invitationLocale, String acceptLanguage) {
    if (invitationLocale != null) {
      int i = LANGUAGES.indexOf(Locale.forLanguageTag(invitationLocale).getLanguage());
      if (i >= 0) {
        return ALL[i];
      }
    }
    if (acceptLanguage != null && !acceptLanguage.isBlank() && acceptLanguage.length() <= MAX_ACCEPT_LANGUAGE_CHARS) {
      try {
        List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
        String tag = Locale.lookupTag(ranges, LANGUAGES);
        if (tag != null) {
          return ALL[LANGUAGES.indexOf(tag)];
        }
      } catch (IllegalArgumentException e) {
        // a malformed header: English
      }
    }
    return ALL[0];
  }

  static Messages english() {
    return ALL[0];
  }

  String language() {
    return language;
  }

  /** The text for a key, with {@code {0}} replaced by {@code arg} when given. */
  String get(String key, String... args) {
    String text;
    try {
      text = bundle.getString(key);
    } catch (MissingResourceException e) {
      text = key;
    }
    return args.length == 0 ? text : text.replace("{0}", args[0]);
  }
}
