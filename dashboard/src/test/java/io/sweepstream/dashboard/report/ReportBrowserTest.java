package io.sweepstream.dashboard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import io.sweepstream.dashboard.Browser;
import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.avro.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;

/**
 * The HTML report opened from a file in headless Chromium, as a user opens it offline: it draws its charts,
 * shows a hostile sweep name as text, and the console stays clean (no blocked load, no script).
 * Skipped, saying why, where no Chromium is installed.
 */
class ReportBrowserTest {

    private static final SweepFixture SWEEP = SweepFixture.of("browser-report", "<script>alert(1)</script>", 6, 3);
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start(ReportBrowserTest.class.getSimpleName(), 1200, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void opensOfflineWithItsChartsAndNoConsoleError(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("report.html");
        Files.writeString(file, ReportFormat.HTML.render(report()), StandardCharsets.UTF_8);

        browser.driver().get(file.toUri().toString());

        assertEquals("Sweep report: <script>alert(1)</script>", browser.driver().getTitle(), "the name is text");
        assertEquals("Sweep report: <script>alert(1)</script>", browser.driver().findElement(By.tagName("h1")).getText());
        assertEquals(0, browser.driver().findElements(By.tagName("script")).size());
        assertEquals(3, browser.driver().findElements(By.cssSelector("svg.chart")).size(), "two curve charts and the parallel coordinates");
        assertEquals(6, browser.driver().findElements(By.cssSelector("svg.parallel polyline")).size());
        assertTrue(browser.driver().findElement(By.cssSelector("svg.parallel")).getSize().getWidth() > 500, "the chart has its size");
        List<LogEntry> errors = browser.console().stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList());
    }

    private static SweepReport report() {
        DashboardView view = new DashboardView();
        view.onDefinition(SWEEP.definition());
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < SWEEP.runs(); i++) {
            view.onRequest(SWEEP.request(i));
            for (int e = 1; e <= SWEEP.epochs(); e++) {
                view.onMetric(SWEEP.metric(i, e, 1, "w1"));
            }
            results.add(SWEEP.result(i, "w1"));
            view.onResult(results.get(i));
        }
        view.onSummary(SWEEP.summary(results, 5));
        view.markCaughtUp(0);
        return SweepReport.of(view, SWEEP.sweepId(), SWEEP.t0() + 1_000_000).orElseThrow();
    }
}
