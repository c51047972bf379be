package io.sweepstream.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;

/**
 * Every payload of {@link XssPayloads} in every free-text field a publisher controls (sweep name,
 * spec, metric name, dataset, parameter names and values, run id, worker id and host, error text,
 * class names, importance names), published to the topics and opened in headless Chromium: the
 * page shows each payload as text, no script of theirs runs, no element of theirs appears, and the
 * Content Security Policy never had to block anything.
 */
@ExtendWith(KafkaExtension.class)
class DashboardXssBrowserIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> PAYLOADS = XssPayloads.ALL;
    private static BrowserDashboard fixture;
    private static Browser browser;
    private static ChromeDriver page;

    @BeforeAll
    static void publishAPayloadInEveryField(KafkaBackend kafka) {
        fixture = BrowserDashboard.start(DashboardXssBrowserIntegrationTest.class, kafka, WAIT, publish -> {
            long now = System.currentTimeMillis();
            for (int i = 0; i < PAYLOADS.size(); i++) {
                XssSweep sweep = XssSweep.of(sweepId(i), PAYLOADS.get(i), now);
                publish.definition(sweep.definition());
                sweep.requests().forEach(publish::request);
                sweep.metrics().forEach(publish::metric);
                sweep.results().forEach(publish::result);
                publish.summary(sweep.summary()).worker(sweep.worker());
            }
        });
        browser = fixture.browser();
        page = fixture.page();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theSweepListShowsEveryPayloadAsTextAndRunsNone() {
        open("");
        browser.await(d -> d.findElements(By.cssSelector("#sweeps-table tr[data-sweep^='xss-']")).size() == PAYLOADS.size(), WAIT);

        Set<String> names = page.findElements(By.cssSelector("#sweeps-table tr[data-sweep^='xss-'] td.name")).stream()
                .map(WebElement::getText).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(PAYLOADS), names, "each sweep name shown literally");
        browser.await(d -> d.findElements(By.cssSelector("#workers tbody tr")).size() >= PAYLOADS.size(), WAIT);
        String workers = page.findElement(By.id("workers")).getText();
        for (String p : PAYLOADS) {
            assertTrue(workers.contains(p), () -> "worker id and host shown literally: " + p);
        }
        assertNothingRan();
    }

    @Test
    void eachSweepPageShowsItsPayloadsAsTextAndRunsNone() {
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String p = PAYLOADS.get(i);
            open("sweep/" + sweepId(i));
            WebElement title = browser.await(d -> {
                List<WebElement> found = d.findElements(By.id("sweep-name"));
                return found.isEmpty() || !found.get(0).getText().equals(p) ? null : found.get(0);
            }, WAIT);
            assertEquals(p, title.getText());
            browser.await(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 2, WAIT);
            browser.await(d -> !d.findElements(By.cssSelector("#confusion td")).isEmpty(), WAIT);
            String body = page.findElement(By.tagName("body")).getText();
            assertTrue(body.contains("0" + p), () -> "class names shown literally: " + p);
            assertNothingRan();
        }
    }

    @Test
    void theContentSecurityPolicyNeverHadToBlockAnything() {
        open("sweep/" + sweepId(1));
        browser.await(d -> !d.findElements(By.cssSelector("#confusion td")).isEmpty(), WAIT);
        assertNothingRan(); // which reads the console for CSP reports
    }

    private static void assertNothingRan() {
        assertNull(page.executeScript("return window.__xss === undefined ? null : String(window.__xss);"), "a payload's script ran");
        assertEquals(0L, page.executeScript("return document.querySelectorAll(arguments[0]).length;", XssPayloads.INJECTED_SELECTOR),
                "a payload's element or attribute is in the page");
        assertThrows(NoAlertPresentException.class, () -> page.switchTo().alert());
        List<String> blocked = browser.console().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught") || m.contains("Refused"))
                .toList();
        assertTrue(blocked.isEmpty(), () -> "the browser blocked or failed on injected markup: " + blocked);
    }

    private static String sweepId(int i) {
        return String.format("xss-%02d", i);
    }

    private static void open(String hash) {
        fixture.open(hash);
    }
}
