package io.perceive.api.survey;

import io.perceive.api.Browsers;
import io.perceive.api.TestTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.perceive.api.PerceiveApp;
import io.perceive.api.config.PerceiveConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The survey in a real browser (Debian's chromium): loading a link records nothing, with or
 * without scripts, however long the page stays open and however many links are opened; a
 * person's one click on the button records the link's rating and the comment form follows.
 * Screenshots at phone and desktop width go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class SurveyBrowserIT {

  private static final Path TARGET = Path.of("target");
  private static final AtomicInteger PROFILES = new AtomicInteger();

  @TempDir static Path dataDir;
  private MongoServer mongo;
  private PerceiveApp app;
  private MongoClient direct;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int ticket;

  @BeforeAll
  void start() throws Exception {
    Browsers.requireInstalled();
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
    PerceiveConfig config =
        new PerceiveConfig(
            new PerceiveConfig.Http("127.0.0.1", 0, 64 * 1024),
            new PerceiveConfig.Store(Optional.of(uri), "perceive", dataDir),
            new PerceiveConfig.Analytics(1, 0.95, ZoneOffset.UTC),
            new PerceiveConfig.Survey(Optional.empty(), Optional.empty(), 14, 60, 0, 1.0, true));
    app = PerceiveApp.start(config, Optional.empty(), TestTime.clock());
    direct = MongoClient.create(app.vertx(), new JsonObject().put("connection_string", uri).put("db_name", "perceive"));
    Files.createDirectories(TARGET.resolve("screenshots"));
  }

  @AfterAll
  void stop() throws Exception {
    if (direct != null) {
      await(direct.close());
    }
    if (app != null) {
      app.close();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
  }

  private WebDriver browser(boolean scripts) {
    return Browsers.chromium(TARGET.resolve("chrome-profile-" + PROFILES.incrementAndGet()), scripts);
  }

  private static void viewport(WebDriver driver, int width, int height) {
    Browsers.viewport(driver, width, height);
  }

  private static void screenshot(WebDriver driver, String name) throws Exception {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), TARGET.resolve("screenshots").resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private JsonObject invite(String locale) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("ticketId", "INC-" + (4711 + ++ticket))
            .put("customerEmail", "customer" + ticket + "@example.org")
            .put("service", "Browser")
            .put("supportGroup", "Service Desk")
            .put("agent", "Omar F.")
            .put("resolvedAt", TestTime.now().minusSeconds(60).toString())
            .put("slaMet", true);
    if (locale != null) {
      body.put("locale", locale);
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/invitations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  private static String link(JsonObject invitation, int rating) {
    return invitation.getJsonArray("links").getJsonObject(rating - 1).getString("url");
  }

  private List<JsonObject> stored(JsonObject invitation) throws Exception {
    return await(direct.find("responses", new JsonObject().put("sourceId", invitation.getString("id"))));
  }

  /** The page a person sees who opens the printed URL: what this is, its state, where to go. */
  @Test
  void theStartPageShowsInABrowserWithoutOutsideAssets() throws Exception {
    WebDriver driver = browser(false);
    try {
      viewport(driver, 1024, 700);
      driver.get("http://127.0.0.1:" + app.port() + "/");
      assertThat(driver.getTitle()).isEqualTo("Perceive");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Perceive");
      assertThat(driver.findElement(By.id("store")).getText()).isEqualTo("ready");
      assertThat(driver.findElement(By.id("scorer")).getText()).startsWith("off");
      // Nothing loaded from anywhere: no scripts, images, style sheets or frames at all.
      assertThat(driver.findElements(By.cssSelector("script, img, link, iframe, object, embed"))).isEmpty();
      List<String> links = driver.findElements(By.tagName("a")).stream().map(a -> a.getAttribute("href")).toList();
      assertThat(links).isNotEmpty().allSatisfy(href -> assertThat(href).startsWith("http://127.0.0.1:" + app.port() + "/"));
      screenshot(driver, "start-page.png");
      driver.findElement(By.linkText("readiness")).click();
      assertThat(driver.getPageSource()).contains("READY");
    } finally {
      driver.quit();
    }
  }

  /** How long a script-running scanner keeps each page open in the test. */
  private static final Duration SCANNER_WAIT = Duration.ofSeconds(10);

  /** Waits {@code SCANNER_WAIT} for the condition that must not happen: an answer stored. */
  private void nothingStoredWhileOpen(WebDriver driver, JsonObject invitation) {
    try {
      new WebDriverWait(driver, SCANNER_WAIT, Duration.ofMillis(500))
          .until(d -> {
            try {
              return !stored(invitation).isEmpty();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      fail("an answer was stored while a scanner had the page open");
    } catch (org.openqa.selenium.TimeoutException expected) {
      // nothing stored within the wait: what a scanner must achieve
    }
  }

  private long scannerVisits() throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^perceive_survey_scanner_visits_total(?:\\{[^}]*\\})? ([0-9.E]+)$").matcher(r.body());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * Acceptance: a scanner running scripts opens all five links, one after the other in one
   * browser and then each in a fresh profile, keeping each open for 10 s: nothing is recorded.
   * Then a person opens the "2" link and makes one gesture, a click on the button: exactly one
   * answer, rating 2.
   */
  @Test
  void scannersRunningScriptsRecordNothingAndThePersonsOneClickRecordsTheirRating() throws Exception {
    JsonObject invitation = invite(null);
    long visitsBefore = scannerVisits();
    WebDriver scanner = browser(true);
    try {
      for (int r = 1; r <= 5; r++) {
        scanner.get(link(invitation, r));
        nothingStoredWhileOpen(scanner, invitation);
      }
    } finally {
      scanner.quit();
    }
    assertThat(scannerVisits() - visitsBefore).as("the scanner's visits are counted").isGreaterThanOrEqualTo(5);
    for (int r = 1; r <= 5; r++) {
      WebDriver fresh = browser(true);
      try {
        fresh.get(link(invitation, r));
        nothingStoredWhileOpen(fresh, invitation);
      } finally {
        fresh.quit();
      }
    }
    assertThat(stored(invitation)).as("nothing recorded by any scanner").isEmpty();

    WebDriver person = browser(true);
    int gestures = 0;
    try {
      viewport(person, 360, 740);
      person.get(link(invitation, 2));
      assertThat(person.findElement(By.cssSelector("input[name=r][value='2']")).isSelected()).isTrue();
      assertThat(person.findElement(By.id("c")).isDisplayed()).as("the comment form follows the rating").isFalse();
      screenshot(person, "survey-phone.png");
      person.findElement(By.id("send")).click();
      gestures++;
      WebDriverWait wait = new WebDriverWait(person, Duration.ofSeconds(15));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("c")));
      assertThat(person.findElement(By.id("status")).getText()).contains("your rating has been saved");
      screenshot(person, "survey-phone-saved.png");
      viewport(person, 1280, 800);
      screenshot(person, "survey-desktop-saved.png");
    } finally {
      person.quit();
    }
    assertThat(gestures).as("taps or clicks after the click in the email").isEqualTo(1);
    List<JsonObject> responses = stored(invitation);
    assertThat(responses).as("exactly one answer").hasSize(1);
    assertThat(responses.get(0).getInteger("rating")).isEqualTo(2);
  }

  @Test
  void withScriptsOneClickSavesTheLinksRatingAndTheCommentFollows() throws Exception {
    JsonObject invitation = invite(null);
    WebDriver driver = browser(true);
    try {
      viewport(driver, 360, 740);
      driver.get(link(invitation, 4));
      assertThat(driver.findElement(By.cssSelector("input[name=r][value='4']")).isSelected()).isTrue();
      assertThat(driver.findElements(By.cssSelector("input[name=r]:checked"))).hasSize(1);
      // A script's click is no person's: nothing is sent.
      ((JavascriptExecutor) driver).executeScript("document.getElementById('send').click()");
      driver.findElement(By.id("send")).click();
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("c")));
      assertThat(driver.findElement(By.id("status")).getText()).contains("your rating has been saved");

      driver.findElement(By.id("c")).sendKeys("Quick fix, friendly agent.");
      driver.findElement(By.cssSelector("#comment button[type=submit]")).click();
      wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Thank you!"));
      screenshot(driver, "survey-phone-thanks.png");

      // Once answered, another link (a scanner that runs scripts, or a second look) shows the
      // stored answer and changes nothing by itself.
      viewport(driver, 1280, 800);
      driver.get(link(invitation, 1));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("c")));
      assertThat(driver.findElement(By.cssSelector("input[name=r][value='4']")).isSelected()).isTrue();
      assertThat(driver.findElement(By.id("c")).getAttribute("value")).isEqualTo("Quick fix, friendly agent.");
      screenshot(driver, "survey-desktop.png");
    } finally {
      driver.quit();
    }
    List<JsonObject> responses = stored(invitation);
    assertThat(responses).as("stored once").hasSize(1);
    assertThat(responses.get(0).getInteger("rating")).isEqualTo(4);
    assertThat(responses.get(0).getString("comment")).isEqualTo("Quick fix, friendly agent.");
    assertThat(responses.get(0).getString("source")).isEqualTo("survey");
  }

  @Test
  void withoutScriptsTheButtonSavesTheRatingAndThenTheComment() throws Exception {
    JsonObject invitation = invite("de-DE");
    WebDriver driver = browser(false);
    try {
      viewport(driver, 360, 740);
      driver.get(link(invitation, 2));
      assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
      assertThat(driver.findElement(By.cssSelector("input[name=r][value='2']")).isSelected()).isTrue();
      WebElement send = driver.findElement(By.id("send"));
      assertThat(send.isDisplayed()).isTrue();
      assertThat(driver.findElement(By.id("c")).isDisplayed()).as("no comment form before the rating is saved").isFalse();
      assertThat(stored(invitation)).as("nothing stored by showing the page").isEmpty();
      screenshot(driver, "survey-phone-noscript.png");
      send.click();

      new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id("c")));
      assertThat(driver.findElement(By.tagName("body")).getText()).contains("2 – Unzufrieden");
      screenshot(driver, "survey-phone-noscript-comment.png");
      driver.findElement(By.id("c")).sendKeys("Hat drei Tage gedauert.");
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("l"))).selectByValue("240");
      driver.findElement(By.cssSelector("#comment button[type=submit]")).click();
      new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.tagName("h1"), "Vielen Dank!"));
    } finally {
      driver.quit();
    }
    List<JsonObject> responses = stored(invitation);
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).getInteger("rating")).isEqualTo(2);
    assertThat(responses.get(0).getString("comment")).isEqualTo("Hat drei Tage gedauert.");
    assertThat(responses.get(0).getInteger("lostMinutes")).isEqualTo(240);
  }

  @Test
  void aMailScannerOpeningEveryLinkStoresNothing() throws Exception {
    JsonObject invitation = invite(null);
    JsonArray links = invitation.getJsonArray("links");
    for (int i = 0; i < links.size(); i++) {
      String url = links.getJsonObject(i).getString("url");
      for (String method : new String[] {"GET", "HEAD"}) {
        HttpResponse<String> r =
            http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    // A scanner that renders pages without running scripts.
    WebDriver driver = browser(false);
    try {
      for (int i = 0; i < links.size(); i++) {
        driver.get(links.getJsonObject(i).getString("url"));
        assertThat(driver.findElement(By.cssSelector("input[name=r][value='" + (i + 1) + "']")).isSelected()).isTrue();
      }
    } finally {
      driver.quit();
    }
    assertThat(stored(invitation)).isEmpty();
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
