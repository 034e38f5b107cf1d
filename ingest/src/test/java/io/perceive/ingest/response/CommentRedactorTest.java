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

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "password: hunter2, please reset it        | password: [password], please reset it",
        "my pw is Tr0ub4dor&3                      | my pw is [password]",
        "Password=abc123!                          | Password=[password]",
        "the passcode was 8812-x.                  | the passcode was [password].",
        "my PIN 4711 did not work                  | my PIN [password] did not work",
        "pin: 0815                                 | pin: [password]",
        "mein Passwort ist Sommer2026              | mein Passwort ist [password]",
        "mot de passe: soleil                      | mot de passe: [password]",
        "mi contraseña es gato99                   | mi contraseña es [password]",
      })
  void replacesPasswordsAndPinsWrittenOut(String comment, String expected) {
    assertThat(redactor.redact(comment)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "my password is not accepted",
        "the password reset took 3 days",
        "password is expired again",
        "I forgot my password",
        "a pin in the map",
      })
  void leavesTalkAboutPasswordsAlone(String comment) {
    assertThat(redactor.redact(comment)).isEqualTo(comment);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "refund to 4111 1111 1111 1111 please      | refund to [card] please",
        "card 5500-0000-0000-0004                  | card [card]",
        "card 378282246310005 (amex)               | card [card] (amex)",
      })
  void replacesLuhnValidCardNumbers(String comment, String expected) {
    assertThat(redactor.redact(comment)).isEqualTo(expected);
  }

  @Test
  void aCardNumberThatFailsLuhnIsNotACard() {
    // 16 digits, Luhn-invalid: too long for a phone number too, so it stays.
    assertThat(redactor.redact("ref 4111 1111 1111 1112")).isEqualTo("ref 4111 1111 1111 1112");
    assertThat(CommentRedactor.luhn("4111111111111111")).isTrue();
    assertThat(CommentRedactor.luhn("4111111111111112")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pay to DE89 3704 0044 0532 0130 00 THANKS | pay to [iban] THANKS",
        "IBAN GB82WEST12345698765432.              | IBAN [iban].",
        "FR1420041010050500013M02606 is mine       | [iban] is mine",
      })
  void replacesIbansWithValidCheckDigits(String comment, String expected) {
    assertThat(redactor.redact(comment)).isEqualTo(expected);
  }

  @Test
  void anIbanWithWrongCheckDigitsIsNotAnIban() {
    assertThat(CommentRedactor.ibanValid("DE89370400440532013000")).isTrue();
    assertThat(CommentRedactor.ibanValid("DE88370400440532013000")).isFalse();
    assertThat(redactor.redact("code DE88370400440532013000")).doesNotContain("[iban]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "my machine is 10.20.30.40, still slow     | my machine is [ip], still slow",
        "VPN gave me 192.168.0.7.                  | VPN gave me [ip].",
        "address fe80::1ff:fe23:4567:890a today    | address [ip] today",
        "address 2001:db8:0:0:0:0:2:1              | address [ip]",
      })
  void replacesIpAddresses(String comment, String expected) {
    assertThat(redactor.redact(comment)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "fixed at 10:30:15 sharp",
        "version 1.2.3 installed",
        "waited 999.1.1.1 hours",
      })
  void leavesTimesAndVersionsAlone(String comment) {
    assertThat(redactor.redact(comment)).isEqualTo(comment);
  }
}
