package io.perceive.ingest.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class CommentRedactorTest {

  private final CommentRedactor redactor = new CommentRedactor();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mail me at jane.doe+it@example.co.uk please | mail me at [email] please",
        "call +44 20 7946 0958 after 5               | call [phone] after 5",
        "call (030) 1234-5678.                       | call [phone].",
        "my number: 0049 170 1234567, thanks         | my number: [phone], thanks",
        "ring 555-0100 ext 12                        | ring [phone] ext 12",
      })
  void removesEmailsAndPhoneNumbers(String comment, String expected) {
    assertThat(redactor.redact(comment)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "fixed on 2026-01-31 at 10:30",
        "waited until 31.01.2026",
        "ticket INC0012345 took 3 days",
        "rated 5 out of 5, 100% happy",
        "order 123456 arrived",
      })
  void leavesDatesTicketNumbersAndShortNumbersAlone(String comment) {
    assertThat(redactor.redact(comment)).isEqualTo(comment);
  }

  @Test
  void nullAndEmptyStayAsTheyAre() {
    assertThat(redactor.redact((String) null)).isNull();
    assertThat(redactor.redact("")).isEmpty();
  }
}
