package io.perceive.analytics.text;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what customers type into text the sentiment models were trained on: links, e-mail
 * addresses and ticket numbers carry no sentiment and confuse the tokenizer; emojis carry a lot
 * and the models do not know them; shouting changes CoreNLP's answers ("Worst support ever."
 * neutral, "worst support ever." very negative); a stray capital I inside words ("wIth", an
 * export artefact seen in real feedback) splits tokens. Length is bounded so that a rant has a
 * bounded cost.
 */
public final class TextNormalizer {

  /** Characters kept for scoring; the rest of a longer comment is not read. */
  public static final int MAX_CHARS = 5_000;

  private static final Pattern URL =
      Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"]+");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
  private static final Pattern TICKET =
      Pattern.compile(
          "(?i)\\b(?:(?:INC|REQ|RITM|CHG|PRB|TASK|SR|CS|TKT)[- ]?\\d{3,}|[A-Z]{2,10}-\\d{1,7}"
              + "|#\\d{3,})\\b|(?<!\\w)#\\d{3,}\\b");
  private static final Pattern INNER_CAPITAL_I = Pattern.compile("\\b[a-zA-Z]*[a-z]I[a-zI]*\\b");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");

  /** Common emojis mapped to words the lexicons and CoreNLP know. */
  private static final Map<String, String> EMOJI =
      Map.ofEntries(
          Map.entry("\uD83D\uDE00", " happy "),
          Map.entry("\uD83D\uDE03", " happy "),
          Map.entry("\uD83D\uDE04", " happy "),
          Map.entry("\uD83D\uDE01", " happy "),
          Map.entry("\uD83D\uDE0A", " happy "),
          Map.entry("\uD83D\uDE42", " happy "),
          Map.entry("\u263A", " happy "),
          Map.entry("\uD83D\uDE0D", " love "),
          Map.entry("\u2764", " love "),
          Map.entry("\uD83D\uDC4D", " good "),
          Map.entry("\uD83D\uDC4F", " great "),
          Map.entry("\uD83D\uDE4F", " thanks "),
          Map.entry("\uD83C\uDF89", " great "),
          Map.entry("\u2B50", " great "),
          Map.entry("\uD83D\uDE22", " sad "),
          Map.entry("\uD83D\uDE2D", " sad "),
          Map.entry("\uD83D\uDE1E", " sad "),
          Map.entry("\uD83D\uDE41", " sad "),
          Map.entry("\u2639", " sad "),
          Map.entry("\uD83D\uDE20", " angry "),
          Map.entry("\uD83D\uDE21", " angry "),
          Map.entry("\uD83E\uDD2C", " angry "),
          Map.entry("\uD83D\uDC4E", " bad "),
          Map.entry("\uD83D\uDE12", " annoyed "),
          Map.entry("\uD83D\uDE24", " annoyed "),
          Map.entry("\uD83D\uDE44", " annoyed "));

  private TextNormalizer() {}

  /** The text to score: never null, at most {@link #MAX_CHARS} characters. */
  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String s = text.length() > MAX_CHARS * 2 ? text.substring(0, MAX_CHARS * 2) : text;
    s = URL.matcher(s).replaceAll(" ");
    s = EMAIL.matcher(s).replaceAll(" ");
    s = TICKET.matcher(s).replaceAll(" ticket ");
    s = replaceEmojis(s);
    // Phones type typographic apostrophes ("weren\u2019t"); negations are found by "n't".
    s = s.replace('\u2019', '\'').replace('\u2018', '\'');
    s = fixInnerCapitalI(s);
    if (isShouting(s)) {
      s = s.toLowerCase(java.util.Locale.ROOT);
    }
    s = SPACES.matcher(s).replaceAll(" ").strip();
    if (s.length() > MAX_CHARS) {
      int cut = s.lastIndexOf(' ', MAX_CHARS);
      s = s.substring(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS);
    }
    return s;
  }

  /** Whether most letters are capitals in a text long enough to shout. */
  static boolean isShouting(String s) {
    int upper = 0;
    int letters = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters >= 4 && upper >= 0.7 * letters;
  }

  private static String replaceEmojis(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      String key = s.substring(i, i + len);
      String word = EMOJI.get(key);
      boolean symbol = word == null && isPictograph(cp);
      if (word != null || symbol || cp == 0xFE0F) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        out.append(word != null ? word : " ");
      } else if (out != null) {
        out.append(key);
      }
      i += len;
    }
    return out == null ? s : out.toString();
  }

  private static boolean isPictograph(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
  }

  private static String fixInnerCapitalI(String s) {
    if (s.indexOf('I') < 0) {
      return s;
    }
    Matcher m = INNER_CAPITAL_I.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String w = m.group();
      // "wIth", "famIly": a lower-case word whose i's became capitals; leave "iPhone", "PhD".
      String fixed = w.substring(0, 1) + w.substring(1).replace('I', 'i');
      m.appendReplacement(out, Matcher.quoteReplacement(fixed));
    }
    m.appendTail(out);
    return out.toString();
  }
}
