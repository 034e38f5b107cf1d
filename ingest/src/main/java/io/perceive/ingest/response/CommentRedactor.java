package io.perceive.ingest.response;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what a free-text box attracts before a comment is stored: customers write "call me on
 * +44 20 7946 0958", "my pw is hunter2", a card number or an IBAN for a refund, the IP address of
 * their machine. Each becomes a typed placeholder, so the comment still reads as a sentence.
 *
 * <ul>
 *   <li>{@code [email]}: an e-mail address;
 *   <li>{@code [iban]}: an IBAN whose check digits hold (ISO 13616 mod 97), with or without spaces;
 *   <li>{@code [card]}: 13 to 19 digits, spaces or dashes between, that pass the Luhn check;
 *   <li>{@code [ip]}: an IPv4 address, or an IPv6 address with at least three groups;
 *   <li>{@code [password]}: what follows "password", "pw", "PIN", "passcode" (also German,
 *       French and Spanish) and ":", "=" or "is"; the keyword stays;
 *   <li>{@code [phone]}: 7 to 15 digits, optionally led by '+', with spaces, dots, dashes,
 *       slashes or brackets between them; dates (2026-01-31, 31.01.2026) and digits glued to
 *       letters (INC0012345) are left alone.
 * </ul>
 */
final class CommentRedactor {

  public static final String EMAIL_MARK = "[email]";
  public static final String PHONE_MARK = "[phone]";
  public static final String PASSWORD_MARK = "[password]";
  public static final String CARD_MARK = "[card]";
  public static final String IBAN_MARK = "[iban]";
  public static final String IP_MARK = "[ip]";

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
  private static final Pattern CARD = Pattern.compile("(?<![\\w+.-])\\d(?:[ -]?\\d){12,18}(?![\\w])");
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\w]|\\.\\d)");
  private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?![\\w:])");
  private static final Pattern PASSWORD =
      Pattern.compile(
          "(?iu)\\b(?:password|passwort|kennwort|passcode|passphrase|passwd|pwd|pw|pin(?: ?code)?|mot de passe|contrase[ñn]a)"
              + "(?:\\s*[:=]\\s*|\\s+(?:is|was|ist|war|est|es|era)\\s*:?\\s+|\\s+(?=\\d{4,8}\\b))"
              + "(\\S+?)(?=[,.;:)\"']*(?:\\s|$))");
  /** What follows "password is" in a complaint rather than a secret: "my password is not accepted". */
  private static final Set<String> NOT_SECRETS =
      Set.of(
          "not", "never", "wrong", "expired", "incorrect", "invalid", "still", "correct", "working", "now", "being",
          "the", "a", "an", "too", "very", "always", "locked", "reset", "changed", "blocked", "fine", "ok", "okay",
          "same", "different", "new", "old", "required", "needed", "empty", "case", "gone", "lost", "no", "nicht");
  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w+])(?:\\+|00)?\\(?\\d[\\d ().\\-/]{5,}\\d(?![\\w])");
  private static final Pattern DATE =
      Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");

  /** The comment without personal data and secrets; null stays null. */
  public String redact(String comment) {
    if (comment == null || comment.isEmpty()) {
      return comment;
    }
    String text = EMAIL.matcher(comment).replaceAll(EMAIL_MARK);
    text = replaceIban(text);
    text = replace(text, CARD, m -> luhn(digits(m.group())), m -> CARD_MARK);
    text = replace(text, IPV4, m -> true, m -> IP_MARK);
    text = replace(text, IPV6, m -> isIpv6(m.group()), m -> IP_MARK);
    text =
        replace(
            text,
            PASSWORD,
            m -> !NOT_SECRETS.contains(m.group(1).toLowerCase(Locale.ROOT)) && !m.group(1).startsWith("["),
            m -> m.group().substring(0, m.start(1) - m.start()) + PASSWORD_MARK);
    return replace(
        text,
        PHONE,
        m -> {
          long digits = m.group().chars().filter(Character::isDigit).count();
          return digits >= 7 && digits <= 15 && !DATE.matcher(m.group().strip()).matches();
        },
        m -> PHONE_MARK);
  }

  private static String replace(
      String text, Pattern pattern, Predicate<Matcher> accept, java.util.function.Function<Matcher, String> replacement) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(accept.test(m) ? replacement.apply(m) : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * An IBAN written with spaces may run on into a following word of capitals ("... 00 THANKS"):
   * the longest prefix whose check digits hold is the IBAN.
   */
  private static String replaceIban(String text) {
    Matcher m = IBAN.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      String candidate = m.group();
      for (int end = candidate.length(); end >= 15; end--) {
        if (Character.isLetterOrDigit(candidate.charAt(end - 1)) && ibanValid(candidate.substring(0, end))) {
          out.append(text, last, m.start()).append(IBAN_MARK);
          last = m.start() + end;
          break;
        }
      }
    }
    return out.append(text, last, text.length()).toString();
  }

  static boolean ibanValid(String written) {
    String iban = written.replace(" ", "");
    if (iban.length() < 15 || iban.length() > 34) {
      return false;
    }
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder numeric = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static String digits(String s) {
    return s.replaceAll("\\D", "");
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Eight groups of 1-4 hex digits, or fewer around one "::"; at least three groups written. */
  static boolean isIpv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] groups = (gap >= 0 ? s.replace("::", ":x:") : s).split(":", -1);
    int written = 0;
    for (String g : groups) {
      if (g.equals("x") || (g.isEmpty() && gap >= 0)) {
        continue;
      }
      if (!g.matches("[0-9A-Fa-f]{1,4}")) {
        return false;
      }
      written++;
    }
    return written >= 3 && (gap >= 0 ? written < 8 : written == 8);
  }

  /** The response with its comment redacted (the same instance when nothing changed). */
  public SurveyResponse redact(SurveyResponse r) {
    String comment = redact(r.comment());
    if (comment == null || comment.equals(r.comment())) {
      return r;
    }
    // Everything but the comment kept: building a new response here once dropped the lost time.
    return r.withComment(comment);
  }
}
