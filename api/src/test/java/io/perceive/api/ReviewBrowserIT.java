package io.perceive.api;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.ingest.response.MongoResponseRepository;
import io.perceive.ingest.scoring.CommentScoring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import java.io.File;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;

/**
 * The review page in Debian's Chromium with scripts off, on demo data: every section is there,
 * every number on it equals the JSON answer at the path the number names, the page loads
 * nothing from elsewhere, and the VPN pack is written to {@code target/} as a desktop
 * screenshot and as an A4 PDF.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class ReviewBrowserIT {

  private static final Path TARGET = Path.of("target");
  private static final List<String> SECTIONS =
      List.of("targets", "trend", "competency", "key-drivers", "response-rate", "lost-time", "improvement-actions", "follow-ups",
          "weak-groups", "weak-agents", "verbatims");
  /** Sections whose numbers the demo fills. */
  private static final List<String> WITH_NUMBERS =
      List.of("targets", "trend", "competency", "key-drivers", "response-rate", "lost-time", "follow-ups", "weak-groups", "weak-agents",
          "verbatims");

  /** Sentiment from the rating, and two dimensions, so every comment section has numbers. */
  private static final CommentScoring SCORER = (comment, rating) -> {
    double s = (rating - 3) / 2.0 * 0.9;
    return new JsonObject().put("language", "en").put("sentiment", new JsonObject().put("score", s))
        .put("competency", new JsonObject().put("timeliness", s).put("courtesy", Math.max(-1, s - 0.1)));
  };

  @TempDir static Path dataDir;
  private MongoServer mongo;
  private PerceiveApp app;
  private WebDriver driver;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String period;

  @BeforeAll
  void start() throws Exception {
    Browsers.requireInstalled();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    app = PerceiveApp.start(
        TestApps.config(dataDir, Optional.of(uri), 5), Optional.of(new PerceiveApp.Demo(42, 4000)), TestTime.clock(), Optional.of(SCORER));
    MongoClient direct = MongoClient.create(app.vertx(), new JsonObject().put("connection_string", uri).put("db_name", "perceive"));
    TestApps.until(app.vertx(), Duration.ofSeconds(240), "every demo comment scored", () -> ApiTest.await(direct.count(
        MongoResponseRepository.COLLECTION, new JsonObject().put("scored", false).put("comment", new JsonObject().put("$exists", true)))) == 0);
    ApiTest.await(direct.close());
    // Fixed instants, so the page and the JSON answer the same period.
    Instant to = TestTime.now().truncatedTo(ChronoUnit.HOURS);
    period = "from=" + to.minus(Duration.ofDays(365)) + "&to=" + to;
    Files.createDirectories(TARGET);
    driver = browser(false);
  }

  private static WebDriver browser(boolean scripts) {
    return Browsers.chromium(TARGET.resolve("chrome-profile-review-" + scripts), scripts);
  }

  @AfterAll
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.close();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
  }

  @Test
  void theVpnPackShowsEverySectionWithTheNumbersOfTheJsonAnswer() throws Exception {
    JsonObject json = json("/api/v1/review?service=VPN&" + period);
    driver.get(base() + "/review?service=VPN&" + period);
    assertThat(driver.getTitle()).startsWith("Service review: VPN");
    for (String id : SECTIONS) {
      assertThat(driver.findElements(By.id(id))).as("section " + id).hasSize(1);
    }
    for (String id : WITH_NUMBERS) {
      assertThat(driver.findElements(By.cssSelector("#" + id + " data[data-field]"))).as("numbers in " + id).isNotEmpty();
    }
    assertThat(driver.findElements(By.cssSelector("#trend svg#csat-trend .point"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#competency svg#competency-profile rect.bar"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#services"))).as("the ranking is the organisation's").isEmpty();
    assertNumbersMatch(json);
    String source = driver.getPageSource();
    Files.writeString(TARGET.resolve("review-VPN.html"), source);
    assertThat(source).doesNotContain("<script").doesNotContain("https://").doesNotContain("src=");
    assertThat(source.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://");

    // The pictures with a driver that may run the viewport's measuring script (the page has none).
    WebDriver pictures = browser(true);
    try {
      pictures.get(base() + "/review?service=VPN&" + period);
      Browsers.viewport(pictures, 1280, 800);
      File shot = ((TakesScreenshot) pictures).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), TARGET.resolve("review-VPN-desktop.png"), StandardCopyOption.REPLACE_EXISTING);
      PrintOptions print = new PrintOptions();
      print.setPageSize(new PageSize(29.7, 21.0));
      print.setBackground(true);
      byte[] pdf = Base64.getDecoder().decode(((org.openqa.selenium.PrintsPage) pictures).print(print).getContent());
      Files.write(TARGET.resolve("review-VPN.pdf"), pdf);
      assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
      assertThat(Files.size(TARGET.resolve("review-VPN-desktop.png"))).isGreaterThan(10_000);
    } finally {
      pictures.quit();
    }
  }

  @Test
  void theOrganisationsPackRanksItsServices() throws Exception {
    JsonObject json = json("/api/v1/review?" + period);
    driver.get(base() + "/review?" + period);
    assertThat(driver.findElements(By.cssSelector("#services tbody tr"))).hasSize(json.getJsonArray("services").size()).hasSizeGreaterThan(5);
    JsonArray ranked = json.getJsonArray("services");
    for (int i = 0; i < ranked.size(); i++) {
      assertThat(ranked.getJsonObject(i).getInteger("rank")).isEqualTo(i + 1);
    }
    assertThat(driver.findElements(By.id("services"))).hasSize(1);
    // The demo's improvements and incidents, each with its measured effect.
    assertThat(driver.findElements(By.cssSelector("#improvement-actions tbody tr"))).hasSize(json.getJsonArray("improvementActions").size())
        .hasSizeGreaterThanOrEqualTo(4);
    assertThat(driver.findElements(By.cssSelector("#improvement-actions data[data-field$='.pValue']"))).isNotEmpty();
    assertNumbersMatch(json);
  }

  /** Every number on the page equals the JSON answer's at the path it names. */
  private void assertNumbersMatch(JsonObject json) {
    List<String> wrong = new ArrayList<>();
    List<WebElement> numbers = driver.findElements(By.cssSelector("data[data-field]"));
    assertThat(numbers).hasSizeGreaterThan(20);
    for (WebElement e : numbers) {
      String path = e.getDomAttribute("data-field");
      Object expected = at(json, path);
      if (expected == null || !String.valueOf(expected).equals(e.getDomAttribute("value"))) {
        wrong.add(path + ": page " + e.getDomAttribute("value") + ", json " + expected);
      }
    }
    assertThat(wrong).as("numbers that differ from the JSON answer").isEmpty();
  }

  private static Object at(JsonObject json, String path) {
    Object node = json;
    for (String part : path.split("\\.")) {
      if (node instanceof JsonObject o) {
        node = o.getValue(part);
      } else if (node instanceof JsonArray a && part.matches("\\d+") && Integer.parseInt(part) < a.size()) {
        node = a.getValue(Integer.parseInt(part));
      } else {
        return null;
      }
    }
    return node;
  }

  private JsonObject json(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private String base() {
    return "http://127.0.0.1:" + app.port();
  }
}
