package io.perceive.analytics.sentiment;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells English comments from others, so that other languages are marked and not scored with
 * English models. Writing systems decide for non-Latin scripts; for Latin script, frequent
 * function words (and thank-you words, for one-word comments) of English and of the common
 * European languages are counted (words that are also common English words, like "as", "con",
 * "die", "was", are left out). English wins ties and texts without evidence ("ok", "A+"),
 * since the product's surveys are English unless told otherwise.
 */
final class LanguageDetector {

  /** ISO 639-1 code of English, the only language scored. */
  public static final String ENGLISH = "en";

  private static final Pattern WORD = Pattern.compile("[\\p{L}']+");

  private static final Map<String, Set<String>> STOPWORDS =
      Map.of(
          "en",
          Set.of(
              "the", "and", "is", "was", "to", "of", "it", "in", "for", "that", "with", "you",
              "very", "not", "my", "me", "they", "this", "be", "have", "had", "are", "were",
              "thanks", "thank", "good", "great", "but", "on", "at", "so", "i", "we", "a",
              "helpful", "nothing", "no", "ok", "staff", "service", "an", "or", "all", "he",
              "she", "been", "by", "did", "do", "what", "would", "could"),
          "fr",
          Set.of(
              "le", "la", "les", "et", "est", "une", "des", "du", "pour", "pas", "je", "vous",
              "avec", "très", "merci", "bien", "mais", "que", "qui", "dans", "sur", "ce",
              "c'est", "j'ai", "été", "au", "aux", "nous", "il", "elle", "rien", "tout",
              "était", "ne", "problème", "bonjour"),
          "de",
          Set.of(
              "der", "das", "und", "ist", "nicht", "ich", "sie", "mit", "sehr", "danke",
              "ein", "eine", "zu", "den", "dem", "auf", "für", "es", "wir", "aber",
              "auch", "wurde", "schnell", "gut", "vielen", "nichts", "immer", "noch"),
          "es",
          Set.of(
              "el", "los", "las", "y", "es", "una", "por", "para", "muy", "gracias",
              "pero", "que", "del", "fue", "lo", "se", "su", "bien", "todo", "nada",
              "está", "problema", "servicio", "rápido"),
          "it",
          Set.of(
              "il", "gli", "è", "della", "di", "che", "per", "molto", "grazie",
              "non", "sono", "stato", "un", "una", "del", "ma", "tutto", "niente", "bene",
              "servizio", "problema"),
          "nl",
          Set.of(
              "de", "het", "een", "en", "niet", "ik", "met", "zeer", "bedankt", "dank",
              "van", "voor", "maar", "ook", "goed", "snel", "niets",
              "geholpen", "wel"),
          "pt",
          Set.of(
              "os", "é", "um", "uma", "da", "para", "com", "muito",
              "obrigado", "obrigada", "não", "foi", "mas", "que", "bom", "nada", "tudo",
              "atendimento", "problema"));

  private LanguageDetector() {}

  /** ISO 639-1 code of the language, {@link #ENGLISH} when nothing speaks against it. */
  public static String detect(String text) {
    if (text == null || text.isBlank()) {
      return ENGLISH;
    }
    String script = dominantScript(text);
    if (script != null) {
      return script;
    }
    Map<String, Integer> hits = new HashMap<>();
    var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    int words = 0;
    while (m.find() && words < 400) {
      words++;
      String w = m.group();
      for (var e : STOPWORDS.entrySet()) {
        if (e.getValue().contains(w)) {
          hits.merge(e.getKey(), 1, Integer::sum);
        }
      }
    }
    int english = hits.getOrDefault(ENGLISH, 0);
    String best = ENGLISH;
    int bestHits = english;
    for (var e : hits.entrySet()) {
      if (e.getValue() > bestHits) {
        best = e.getKey();
        bestHits = e.getValue();
      }
    }
    if (best.equals(ENGLISH)) {
      return ENGLISH;
    }
    // One foreign function word in a long English-looking text is not evidence.
    boolean clear = bestHits >= 2 && bestHits >= 1.5 * english || english == 0 && words <= 3;
    return clear ? best : ENGLISH;
  }

  /** The language of a non-Latin script that makes up most letters, or null. */
  private static String dominantScript(String text) {
    Map<String, Integer> counts = new HashMap<>();
    int letters = 0;
    for (int i = 0; i < text.length() && letters < 2000; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      String lang = scriptLanguage(Character.UnicodeScript.of(cp));
      if (lang != null) {
        counts.merge(lang, 1, Integer::sum);
      }
    }
    if (letters == 0) {
      return null;
    }
    // Japanese mixes kana with Han characters; any kana in a mostly East Asian text decides.
    int kana = counts.getOrDefault("ja", 0);
    if (kana > 0 && (kana + counts.getOrDefault("zh", 0)) * 2 > letters) {
      return "ja";
    }
    for (var e : counts.entrySet()) {
      if (e.getValue() * 2 > letters) {
        return e.getKey();
      }
    }
    return null;
  }

  private static String scriptLanguage(Character.UnicodeScript s) {
    return switch (s) {
      case LATIN, COMMON, INHERITED -> null;
      case CYRILLIC -> "ru";
      case GREEK -> "el";
      case ARABIC -> "ar";
      case HEBREW -> "he";
      case HAN -> "zh";
      case HIRAGANA, KATAKANA -> "ja";
      case HANGUL -> "ko";
      case THAI -> "th";
      case DEVANAGARI -> "hi";
      default -> s.name().toLowerCase(Locale.ROOT);
    };
  }
}
