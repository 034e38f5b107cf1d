package io.perceive.api;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium for the browser tests, driven through its own chromedriver: nothing is downloaded. */
public final class Browsers {

  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private Browsers() {}

  /** Skips the test when the browser is not installed, and fails it in CI, where it must be. */
  public static void requireInstalled() {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
      String message = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
          + "); .ci/run installs them: apt-get install -y chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
  }

  /**
   * A headless Chromium at 1280 by 800 with its profile in {@code profile} (keep it under
   * {@code target/}: quitting leaves it), resolving no host but this machine; {@code scripts}
   * false runs pages with scripts off.
   */
  public static WebDriver chromium(Path profile, boolean scripts) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,800",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost");
    if (!scripts) {
      o.addArguments("--blink-settings=scriptEnabled=false");
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  /** Sets the page area (not the outer window) to exactly {@code width} by {@code height}; needs scripts on. */
  public static void viewport(WebDriver driver, int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    JavascriptExecutor js = (JavascriptExecutor) driver;
    long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
    long innerHeight = ((Number) js.executeScript("return window.innerHeight")).longValue();
    driver.manage().window().setSize(new Dimension((int) (2L * width - innerWidth), (int) (2L * height - innerHeight)));
  }
}
