package dev.archgov.cli;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's Chromium driven headless through Selenium and Debian's chromedriver ({@code .ci/run} installs both). Without
 * them the test is skipped on a developer's machine and fails in CI ({@code CI} set), so CI can never pass by skipping.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static HeadlessChromium start(Path profile) throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver";
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError(missing + " (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, missing);
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the machine has no network: keep Chromium from trying (its refused connections are not the page's errors)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1100,1500");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    /** Opens the page and returns the console errors and uncaught exceptions it logged. */
    List<String> consoleErrors(String url) {
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        driver.get(url);
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    String title() {
        return driver.getTitle();
    }

    /** The visible text of the first element {@code css} selects. */
    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** The text content of the first element {@code css} selects, shown or not (inside a closed details element). */
    String content(String css) {
        return driver.findElement(By.cssSelector(css)).getDomProperty("textContent");
    }

    /** Resizes the window to {@code width} × {@code height} CSS pixels and reloads {@code url} there. */
    void open(String url, int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        driver.get(url);
    }

    /** Opens every {@code <details>} element {@code css} selects (as a reader clicking them would). */
    void expand(String css) {
        driver.executeScript("document.querySelectorAll(arguments[0]).forEach(d => d.open = true);", css);
    }

    /** How many CSS pixels the page is wider than the window (0 or less: nothing overflows sideways). */
    long horizontalOverflow() {
        Object px = driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        return ((Number) px).longValue();
    }

    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    List<String> texts(String css, String attribute) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    String attribute(String css, String attribute) {
        return driver.findElement(By.cssSelector(css)).getDomAttribute(attribute);
    }

    int visibleWidth(String css) {
        WebElement e = driver.findElement(By.cssSelector(css));
        Dimension size = e.getSize();
        return e.isDisplayed() ? size.getWidth() : 0;
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
