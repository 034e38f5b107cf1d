package io.perceive.ingest.response;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes e-mail addresses and phone numbers from comments before they are stored: customers
 * write "call me on +44 20 7946 0958" in a free-text box, and nobody analysing perception needs
 * that. A phone number here is 7 to 15 digits, optionally led by '+', with spaces, dots, dashes,
 * slashes or brackets between them; dates (2026-01-31, 31.01.2026) and digits glued to letters
 * (INC0012345) are left alone.
 */
final class CommentRedactor {

  public static final String EMAIL_MARK = "[email]";
  public static final String PHONE_MARK = "[phone]";

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w+])(?:\\+|00)?\\(?\\d[\\d ().\\-/]{5,}\\d(?![\\w])");
  private static final Pattern DATE =
      Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");

  /** The comment without e-mail addresses and phone numbers; null stays null. */
  public String redact(String comment) {
    if (comment == null || comment.isEmpty()) {
      return comment;
    }
    String withoutEmail = EMAIL.matcher(comment).replaceAll(EMAIL_MARK);
    Matcher m = PHONE.matcher(withoutEmail);
    StringBuilder out = new StringBuilder(withoutEmail.length());
    while (m.find()) {
      String candidate = m.group();
      long digits = candidate.chars().filter(Character::isDigit).count();
      boolean phone = digits >= 7 && digits <= 15 && !DATE.matcher(candidate.strip()).matches();
      m.appendReplacement(out, Matcher.quoteReplacement(phone ? PHONE_MARK : candidate));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The response with its comment redacted (the same instance when nothing changed). */
  public SurveyResponse redact(SurveyResponse r) {
    String comment = redact(r.comment());
    if (comment == null || comment.equals(r.comment())) {
      return r;
    }
    return new SurveyResponse(
        r.id(), r.source(), r.sourceId(), r.service(), r.rating(), r.nps(), r.ces(), comment,
        r.ticketId(), r.supportGroup(), r.agent(), r.slaMet(), r.openedAt(), r.resolvedAt(),
        r.respondedAt());
  }
}
