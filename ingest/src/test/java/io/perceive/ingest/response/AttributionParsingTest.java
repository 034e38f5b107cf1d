package io.perceive.ingest.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.perceive.ingest.BadInputException;
import io.perceive.ingest.survey.InvitationRequest;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ticketType} is read from the tools' names into a closed vocabulary; {@code provider} is a bounded name. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AttributionParsingTest {

  private static final Instant NOW = Instant.parse("2027-04-15T10:00:00Z");
  private final ResponseParser parser = new ResponseParser(Clock.fixed(NOW, ZoneOffset.UTC));

  private static JsonObject answer() {
    return new JsonObject().put("service", "VPN").put("rating", 4);
  }

  @Test
  void theToolsNamesForAKindAreThatKind() {
    assertThat(parser.parse(answer().put("ticketType", "Incident")).ticketType()).isEqualTo("incident");
    assertThat(parser.parse(answer().put("ticketType", "sc_req_item")).ticketType()).isEqualTo("request");
    assertThat(parser.parse(answer().put("ticketType", " Service Request ")).ticketType()).isEqualTo("request");
    assertThat(parser.parse(answer().put("ticketType", "change_request")).ticketType()).isEqualTo("change");
    assertThat(parser.parse(answer().put("ticketType", "question")).ticketType()).isEqualTo("question");
    SurveyResponse plain = parser.parse(answer());
    assertThat(plain.ticketType()).isNull();
    assertThat(plain.provider()).isNull();
  }

  @Test
  void aProviderIsATrimmedName() {
    SurveyResponse r = parser.parse(answer().put("provider", "  Nordic Field Services ").put("ticketType", "request"));
    assertThat(r.provider()).isEqualTo("Nordic Field Services");
    assertThat(r.attributions().ticketType()).isEqualTo("request");
    assertThat(r.attributions().provider()).isEqualTo("Nordic Field Services");
  }

  @Test
  void aBadValueNamesTheField() {
    assertThatThrownBy(() -> parser.parse(answer().put("ticketType", "outage")))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("ticketType"))
        .hasMessageContaining("incident, request, change, problem, question");
    assertThatThrownBy(() -> parser.parse(answer().put("ticketType", 3)))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("ticketType"));
    assertThatThrownBy(() -> parser.parse(answer().put("provider", "x".repeat(201))))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("provider"));
    assertThatThrownBy(() -> parser.parse(answer().put("provider", " ")))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("provider"));
  }

  @Test
  void anInvitationTakesThemAsAResponseDoes() {
    JsonObject ticket = new JsonObject().put("ticketId", "INC1").put("customerId", "c1").put("service", "VPN");
    InvitationRequest r = InvitationRequest.parse(ticket.copy().put("ticketType", "RITM").put("provider", "Cloud Co"), NOW);
    assertThat(r.ticketType()).isEqualTo("request");
    assertThat(r.provider()).isEqualTo("Cloud Co");
    assertThatThrownBy(() -> InvitationRequest.parse(ticket.copy().put("ticketType", "bug"), NOW))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("ticketType"));
  }

  @Test
  void aRedactedCommentKeepsEverythingElse() {
    SurveyResponse r =
        parser.parse(answer().put("comment", "mail me at a@example.org").put("lostMinutes", 60).put("ticketType", "change").put("provider", "P"));
    SurveyResponse clean = new CommentRedactor().redact(r);
    assertThat(clean.comment()).doesNotContain("a@example.org");
    assertThat(clean.lostMinutes()).as("once dropped by the redaction").isEqualTo(60);
    assertThat(clean.ticketType()).isEqualTo("change");
    assertThat(clean.provider()).isEqualTo("P");
  }
}
