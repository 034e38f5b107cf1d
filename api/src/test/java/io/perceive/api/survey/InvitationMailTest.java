package io.perceive.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.api.PerceiveApp;
import io.perceive.api.config.PerceiveConfig;
import io.perceive.ingest.survey.Invitation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Perceive emails invitations itself when an SMTP host is set: against a real SMTP server
 * (GreenMail) on loopback, each created invitation arrives once, in the customer's language,
 * with an HTML and a plain-text part whose links open the survey. A server that never answers
 * puts the message on the dead-letter list after the retries, without the address.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InvitationMailTest {

  private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/s/[A-Za-z0-9_.~-]+)\\?r=(\\d)");
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dataDir;
  private GreenMail smtp;
  private MongoServer mongo;
  private String mongoUri;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
  }

  @AfterEach
  void stop() {
    smtp.stop();
    mongo.shutdownNow();
  }

  private PerceiveConfig config(int smtpPort) {
    return new PerceiveConfig(
            new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
            new PerceiveConfig.Store(Optional.of(mongoUri), "perceive", dataDir),
            new PerceiveConfig.Analytics(1, 0.95, ZoneOffset.UTC))
        .withMail(
            new PerceiveConfig.Mail(
                Optional.of("127.0.0.1"), smtpPort, PerceiveConfig.Mail.Security.NONE, Optional.empty(), Optional.empty(),
                "feedback@example.org"));
  }

  private HttpResponse<String> post(PerceiveApp app, String path, JsonObject body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject ticket(String id, String email, String locale) {
    return new JsonObject()
        .put("ticketId", id)
        .put("customerEmail", email)
        .put("service", "VPN")
        .put("supportGroup", "Network Operations")
        .put("agent", "Omar F.")
        .put("resolvedAt", NOW.minusSeconds(300).toString())
        .put("locale", locale);
  }

  private static String part(MimeMessage message, String type) throws Exception {
    MimeMultipart multipart = (MimeMultipart) message.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType(type)) {
        return (String) part.getContent();
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  @Test
  void eachCreatedInvitationIsEmailedOnceInTheCustomersLanguageWithWorkingLinks() throws Exception {
    try (PerceiveApp app = PerceiveApp.start(config(smtp.getSmtp().getPort()), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC))) {
      HttpResponse<String> de = post(app, "/api/v1/invitations", ticket("INC-DE-1", "ana@example.org", "de-AT"));
      assertThat(de.statusCode()).as(de.body()).isEqualTo(201);
      assertThat(new JsonObject(de.body()).getString("email")).isEqualTo("sending");
      assertThat(post(app, "/api/v1/invitations", ticket("INC-FR-1", "bob@example.org", "fr")).statusCode()).isEqualTo(201);
      // The ITSM sends the same resolved ticket again: the invitation exists, no second email.
      HttpResponse<String> again = post(app, "/api/v1/invitations", ticket("INC-DE-1", "ana@example.org", "de-AT"));
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(again.body()).containsKey("email")).isFalse();

      assertThat(smtp.waitForIncomingEmail(60_000, 2)).as("two emails arrive").isTrue();
      MimeMessage[] received = smtp.getReceivedMessages();
      assertThat(received).hasSize(2);
      MimeMessage german = Arrays.stream(received).filter(m -> recipient(m).equals("ana@example.org")).findFirst().orElseThrow();
      MimeMessage french = Arrays.stream(received).filter(m -> recipient(m).equals("bob@example.org")).findFirst().orElseThrow();

      assertThat(german.getSubject()).isEqualTo("Ticket INC-DE-1 ist gelöst: Wie zufrieden sind Sie?");
      assertThat(german.getFrom()[0].toString()).isEqualTo("feedback@example.org");
      assertThat(part(german, "text/plain")).contains("Wie zufrieden sind Sie mit der Lösung von Ticket INC-DE-1?", "5 - Sehr zufrieden: ");
      assertThat(part(german, "text/html")).contains("lang=\"de\"", "Sehr unzufrieden");
      assertThat(french.getSubject()).isEqualTo("Ticket INC-FR-1 résolu : votre avis nous intéresse");
      assertThat(part(french, "text/plain")).contains("5 - Très satisfait: ");

      List<String> links = links(part(german, "text/plain"));
      assertThat(links).hasSize(5);
      assertThat(links(part(german, "text/html"))).containsExactlyInAnyOrderElementsOf(links);
      // A link opens the survey page in German with that rating chosen (GET records nothing).
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(links.get(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("lang=\"de\"").contains("value=\"4\" checked");
      assertThat(smtp.getReceivedMessages()).as("still one email per invitation").hasSize(2);
    }
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> links(String body) {
    Matcher m = LINK.matcher(body.replace("&amp;", "&"));
    java.util.ArrayList<String> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(m.group(1) + "?r=" + m.group(2));
    }
    return found;
  }

  @Test
  void aServerThatNeverAnswersPutsTheMessageOnTheDeadLetterListWithoutTheAddress() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    try {
      MongoClient store = MongoClient.create(vertx, new JsonObject().put("connection_string", mongoUri).put("db_name", "perceive"));
      InvitationMailer mailer =
          new InvitationMailer(vertx, config(closedPort).mail(), () -> "http://127.0.0.1:8080", store, Clock.fixed(NOW, ZoneOffset.UTC), List.of(20L, 20L));
      Invitation invitation =
          new Invitation(
              "i_0123456789abcdef0123456789abcdef", "servicenow", "INC-9", "hash", "VPN", null, null, null, NOW, null, "es", NOW,
              NOW.plus(Duration.ofDays(14)), Invitation.Status.OPEN, null, null, null);
      assertThat(await(mailer.send("carla@example.org", invitation, "tok"))).isFalse();
      assertThat(mailer.deadLettered()).isEqualTo(1);
      JsonObject letter = await(store.findOne(InvitationMailer.DEAD_LETTERS, new JsonObject().put("_id", invitation.id()), null));
      assertThat(letter.getString("ticketId")).isEqualTo("INC-9");
      assertThat(letter.getInteger("tries")).isEqualTo(3);
      assertThat(letter.encode()).doesNotContain("carla").doesNotContain("@");
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
