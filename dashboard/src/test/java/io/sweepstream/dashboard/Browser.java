package io.sweepstream.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium,
 * offline: the binary and the driver are given explicitly, so Selenium Manager never looks them up.
 * Where no Chromium is installed, {@link #start} skips the test class and says why on stderr.
 */
public final class Browser implements AutoCloseable {

    static final List<String> BINARIES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium at {@code width} x {@code height}, or skips the calling test class when there is none. */
    public static Browser start(String testClass, int width, int height) {
        String binary = BINARIES.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        String driverPath = DRIVERS.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        if (binary == null || driverPath == null) {
            String reason = "skipped: no Chromium found (looked for " + BINARIES + " and " + DRIVERS
                    + "); install it with: apt-get install -y chromium chromium-driver";
            System.err.println(testClass + " " + reason); // a class skipped before its first test shows as 0 tests
            Assumptions.abort(reason);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("sweepstream-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverPath)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Waits for the condition; the page re-renders rows while it updates, so an element gone stale between find and read means "not yet". */
    public <T> T await(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * Runs {@code reads} (finds, reads and assertions) again from the start when the page re-rendered an element
     * under it (the live page redraws rows as events arrive), up to {@code timeout}; assertion failures count.
     */
    public void settled(Runnable reads, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                reads.run();
                return;
            } catch (StaleElementReferenceException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** The browser console since the last call (errors, CSP violations). */
    public List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
