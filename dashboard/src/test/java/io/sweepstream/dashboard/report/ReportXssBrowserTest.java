package io.sweepstream.dashboard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import io.sweepstream.dashboard.Browser;
import io.sweepstream.dashboard.XssPayloads;
import io.sweepstream.dashboard.XssSweep;
import io.sweepstream.dashboard.view.DashboardView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;

/**
 * {@code sweep report --format html} for a sweep with one XSS payload in every free-text field, for
 * each payload of {@link XssPayloads}: the file holds no payload's markup unescaped, and opened in
 * headless Chromium it shows the payload as text, runs nothing and injects nothing.
 */
class ReportXssBrowserTest {

    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start(ReportXssBrowserTest.class.getSimpleName(), 1200, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyPayloadInEveryFieldIsEscapedAndShownAsText(@TempDir Path tmp) throws Exception {
        ChromeDriver page = browser.driver();
        for (int i = 0; i < XssPayloads.ALL.size(); i++) {
            String p = XssPayloads.ALL.get(i);
            String html = ReportFormat.HTML.render(report(XssSweep.of("xss-" + i, p, 1_000_000)));
            if (p.contains("<")) {
                assertFalse(html.contains(p), () -> "payload unescaped in the HTML: " + p);
            }
            Path file = tmp.resolve("report-" + i + ".html");
            Files.writeString(file, html, StandardCharsets.UTF_8);

            page.get(file.toUri().toString());

            assertEquals("Sweep report: " + p, page.findElement(By.tagName("h1")).getText());
            String body = page.findElement(By.tagName("body")).getText();
            assertTrue(body.contains("0" + p), () -> "class names shown as text: " + p);
            assertNull(page.executeScript("return window.__xss === undefined ? null : String(window.__xss);"), p);
            assertEquals(0L, page.executeScript("return document.querySelectorAll(arguments[0]).length;", XssPayloads.INJECTED_SELECTOR), p);
            assertEquals(0L, page.executeScript("return document.scripts.length;"), p);
            List<String> problems = browser.console().stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .map(LogEntry::getMessage).toList();
            assertEquals(List.of(), problems, p);
        }
    }

    private static SweepReport report(XssSweep s) {
        DashboardView view = new DashboardView();
        view.onDefinition(s.definition());
        s.requests().forEach(view::onRequest);
        s.metrics().forEach(view::onMetric);
        s.results().forEach(view::onResult);
        view.onSummary(s.summary());
        view.markCaughtUp(0);
        return SweepReport.of(view, s.fixture().sweepId(), s.fixture().t0() + 1_000_000).orElseThrow();
    }
}
