package io.sweepstream.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;

/**
 * The page in real headless Chromium against a real broker: what it shows matches what was published,
 * new epochs appear without a reload, and a sweep named like markup stays text.
 */
@ExtendWith(KafkaExtension.class)
class DashboardBrowserIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final SweepFixture SWEEP = SweepFixture.of("browser-sweep", "browser sweep", 8, 4);
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    private static final SweepFixture XSS = SweepFixture.of("xss-sweep", XSS_NAME, 1, 1);
    private static final int RUNNING = 7;
    private static final List<RunResult> RESULTS = new ArrayList<>();
    private static BrowserDashboard fixture;
    private static Publisher publish;
    private static Browser browser;
    private static ChromeDriver page;

    @BeforeAll
    static void start(KafkaBackend kafka) {
        fixture = BrowserDashboard.start(DashboardBrowserIntegrationTest.class, kafka, WAIT, publish -> {
            publish.definition(SWEEP.definition());
            for (int i = 0; i < SWEEP.runs(); i++) {
                publish.request(SWEEP.request(i));
            }
            for (int i = 0; i < RUNNING; i++) {
                for (int e = 1; e <= SWEEP.epochs(); e++) {
                    publish.metric(SWEEP.metric(i, e, 1, "w1"));
                }
                RESULTS.add(SWEEP.result(i, "w1"));
                publish.result(RESULTS.get(i));
            }
            publish.metric(SWEEP.metric(RUNNING, 1, 1, "w2")).metric(SWEEP.metric(RUNNING, 2, 1, "w2"));
            publish.summary(SWEEP.summary(RESULTS, 5));
            long now = System.currentTimeMillis();
            publish.worker(SweepFixture.worker("w2", WorkerState.TRAINING, SWEEP.sweepId(), SWEEP.runId(RUNNING), 2, 4, now));
            publish.definition(XSS.definition()).request(XSS.request(0));
        });
        publish = fixture.publish();
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
    void theSweepsListShowsThePublishedSweep() {
        open("");

        WebElement row = browser.await(d -> first(d, By.cssSelector("#sweeps-table tr[data-sweep='" + SWEEP.sweepId() + "']")), WAIT);

        assertEquals("browser sweep", row.findElement(By.cssSelector("td.name")).getText());
        assertTrue(row.getText().contains("7 finished"), row.getText());
        assertTrue(row.getText().contains("1 running"), row.getText());
        String best = RESULTS.stream().max(Comparator.comparingDouble(RunResult::getBestValAccuracy)).orElseThrow().getBestValAccuracy().toString();
        assertEquals(fmt(Double.parseDouble(best)), row.findElement(By.cssSelector("td.best")).getText());
    }

    @Test
    void theRunsTableAndTheLeaderboardMatchTheResults() {
        openSweep(SWEEP);

        browser.await(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == SWEEP.runs(), WAIT);
        browser.settled(() -> {
            for (RunResult r : RESULTS) {
                WebElement row = page.findElement(By.cssSelector("#runs-table tr[data-run='" + r.getRunId() + "']"));
                assertEquals("FINISHED", cell(row, "status"));
                assertEquals(fmt(r.getBestValAccuracy()), cell(row, "metric"));
                assertEquals(fmt(r.getTestAccuracy()), cell(row, "test"));
                assertEquals(r.getHyperparameters().getOptimizer().name().toLowerCase(Locale.ROOT), cell(row, "hp:optimizer"));
                assertEquals("w1", cell(row, "worker"));
            }
            WebElement running = page.findElement(By.cssSelector("#runs-table tr[data-run='" + SWEEP.runId(RUNNING) + "']"));
            assertEquals("RUNNING", cell(running, "status"));
            assertEquals("2/4", cell(running, "epochs"));

            List<RunResult> ranked = RESULTS.stream().sorted(Comparator.comparingDouble(RunResult::getBestValAccuracy).reversed()).toList();
            List<WebElement> board = page.findElements(By.cssSelector("#leaderboard tbody tr"));
            assertEquals(5, board.size());
            for (int k = 0; k < 5; k++) {
                assertEquals(String.valueOf(k + 1), cell(board.get(k), "rank"));
                assertEquals(ranked.get(k).getRunId(), cell(board.get(k), "run"));
                assertEquals(fmt(ranked.get(k).getBestValAccuracy()), cell(board.get(k), "metric"));
            }
        }, WAIT);
    }

    @Test
    void theRunsTableSortsAndFilters() {
        openSweep(SWEEP);
        browser.await(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == SWEEP.runs(), WAIT);

        page.findElement(By.cssSelector("#runs-table th[data-col='metric']")).click(); // best first
        String best = RESULTS.stream().max(Comparator.comparingDouble(RunResult::getBestValAccuracy)).orElseThrow().getRunId();
        browser.await(d -> best.equals(d.findElement(By.cssSelector("#runs-table tbody tr")).getAttribute("data-run")), WAIT);

        page.findElement(By.id("runs-filter")).sendKeys("optimizer=adam");
        // each keystroke filters again: wait for the whole filter's rows (an earlier keystroke's may be 4 too)
        browser.await(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#runs-table tbody tr"));
            return rows.size() == 4 && rows.stream().allMatch(r -> "adam".equals(cell(r, "hp:optimizer")));
        }, WAIT);
        browser.settled(() -> {
            List<WebElement> adam = page.findElements(By.cssSelector("#runs-table tbody tr"));
            assertEquals(4, adam.size(), "runs 0, 2, 4, 6 use adam");
            for (WebElement row : adam) {
                assertEquals("adam", cell(row, "hp:optimizer"));
            }
        }, WAIT);
    }

    @Test
    void parameterImportanceIsShownAsTheEvaluatorRankedIt() {
        openSweep(SWEEP);

        browser.await(d -> first(d, By.cssSelector("#importance tr[data-param='hidden_size']")), WAIT);
        browser.settled(() -> {
            List<WebElement> rows = page.findElements(By.cssSelector("#importance tbody tr"));
            assertEquals(SweepFixture.IMPORTANCE.stream().map(ParameterImportance::getParameter).toList(),
                    rows.stream().map(r -> r.getAttribute("data-param")).toList());
            assertEquals("0.60", cell(rows.get(0), "importance"));
            assertEquals("-0.50", cell(rows.get(0), "correlation"));
            assertEquals("0.42", cell(rows.get(1), "correlation"));
            assertEquals("", cell(rows.get(2), "correlation"));
        }, WAIT);
    }

    @Test
    void theConfusionMatrixCellsMatchTheBestRun() {
        openSweep(SWEEP);

        browser.await(d -> first(d, By.cssSelector("#confusion td[data-true='9'][data-pred='9']")), WAIT);
        RunResult best = RESULTS.stream().max(Comparator.comparingDouble(RunResult::getBestValAccuracy)).orElseThrow();
        browser.settled(() -> {
            for (int t = 0; t < 10; t++) {
                for (int p = 0; p < 10; p++) {
                    WebElement td = page.findElement(By.cssSelector("#confusion td[data-true='" + t + "'][data-pred='" + p + "']"));
                    assertEquals(String.valueOf(best.getConfusionMatrix().get(t).get(p)), td.getText(), "cell " + t + "," + p);
                }
            }
            List<String> rowHeads = page.findElements(By.cssSelector("#confusion tbody th")).stream().map(WebElement::getText).toList();
            assertEquals(best.getClassNames(), rowHeads);
        }, WAIT);
    }

    @Test
    void aNewMetricAppearsOnTheOpenPageWithoutReload() {
        openSweep(SWEEP);
        String running = SWEEP.runId(RUNNING);
        WebElement box = browser.await(d -> first(d, By.cssSelector("#runs-table tr[data-run='" + running + "'] input[type=checkbox]")), WAIT);
        box.click(); // chart it
        browser.await(d -> String.valueOf(d.findElement(By.id("chart-acc")).getAttribute("data-points")).contains(running + ":2"), WAIT);
        page.executeScript("window.__sameDocument = true;");

        long sent = System.nanoTime();
        publish.metric(SWEEP.metric(RUNNING, 3, 1, "w2")).flush();

        browser.await(d -> "3/4".equals(cellOrNull(d, running, "epochs"))
                && String.valueOf(d.findElement(By.id("chart-acc")).getAttribute("data-points")).contains(running + ":3"), Duration.ofSeconds(5));
        assertTrue(System.nanoTime() - sent < Duration.ofSeconds(5).toNanos());
        assertEquals(Boolean.TRUE, page.executeScript("return window.__sameDocument === true;"), "the page was not reloaded");
    }

    @Test
    void reconnectsByItselfAfterAServerRestartAndResynchronises() {
        SweepFixture restart = SweepFixture.of("restart-sweep", "restart sweep", 2, 3);
        publish.definition(restart.definition()).request(restart.request(0)).request(restart.request(1))
                .metric(restart.metric(1, 1, 1, "w3")).flush();
        new Api(fixture.port()).await("/api/sweeps/restart-sweep/runs", runs -> runs.toString().contains("RUNNING"), WAIT);
        openSweep(restart);
        browser.await(d -> "1/3".equals(cellOrNull(d, restart.runId(1), "epochs")), WAIT);
        page.executeScript("window.__sameDocument = true;");

        fixture.restartServer(() -> publish.metric(restart.metric(1, 2, 1, "w3")).flush());

        browser.await(d -> "2/3".equals(cellOrNull(d, restart.runId(1), "epochs")), Duration.ofSeconds(30));
        assertEquals(Boolean.TRUE, page.executeScript("return window.__sameDocument === true;"), "the page was not reloaded");
    }

    @Test
    void thePauseAndResumeButtonsPublishTheCommandsAndShowTheStatus() {
        SweepFixture paused = SweepFixture.of("pause-sweep", "pause sweep", 2, 2);
        publish.definition(paused.definition()).request(paused.request(0)).request(paused.request(1)).flush();
        new Api(fixture.port()).await("/api/sweeps/" + paused.sweepId(), d -> d.has("sweep"), WAIT);
        openSweep(paused);

        clickWhenShown(By.id("pause-sweep"));
        browser.await(d -> {
            d.switchTo().alert().accept(); // it asks first; no dialog yet is "not yet"
            return true;
        }, WAIT);

        assertEquals(1, TopicReader.read(fixture.bootstrap(), Topics.RUNS_CONTROL,
                c -> c.getType() == ControlType.PAUSE_SWEEP && paused.sweepId().equals(c.getSweepId()), 1, WAIT).size());
        browser.await(d -> first(d, By.id("resume-sweep")), WAIT);
        assertTrue(first(page, By.id("pause-sweep")) == null, "a paused sweep offers resume, not pause");

        clickWhenShown(By.id("resume-sweep")); // no question: resuming loses nothing

        assertEquals(1, TopicReader.read(fixture.bootstrap(), Topics.RUNS_CONTROL,
                c -> c.getType() == ControlType.RESUME_SWEEP && paused.sweepId().equals(c.getSweepId()), 1, WAIT).size());
        browser.await(d -> first(d, By.id("pause-sweep")), WAIT);
        new Api(fixture.port()).await("/api/sweeps/" + paused.sweepId(), d -> d.get("sweep").get("status").asText().equals("ACTIVE"), WAIT);
    }

    /** Clicks the element once it is on the page; a row re-rendered under the click is tried again. */
    private static void clickWhenShown(By by) {
        browser.await(d -> {
            WebElement e = first(d, by);
            if (e == null) {
                return null;
            }
            e.click();
            return true;
        }, WAIT);
    }

    @Test
    void aSweepNamedLikeMarkupShowsAsTextAndRunsNoScript() {
        open("");

        WebElement row = browser.await(d -> first(d, By.cssSelector("#sweeps-table tr[data-sweep='" + XSS.sweepId() + "']")), WAIT);

        assertEquals(XSS_NAME, row.findElement(By.cssSelector("td.name")).getText());
        assertEquals(0L, page.executeScript("return document.querySelectorAll('img').length;"));
        assertThrows(NoAlertPresentException.class, () -> page.switchTo().alert());

        openSweep(XSS);
        WebElement title = browser.await(d -> first(d, By.id("sweep-name")), WAIT);
        assertEquals(XSS_NAME, title.getText());
        assertEquals(0L, page.executeScript("return document.querySelectorAll('img').length;"));
        assertThrows(NoAlertPresentException.class, () -> page.switchTo().alert());
    }

    @Test
    void thePageBreaksNoContentSecurityRule() {
        openSweep(SWEEP);
        browser.await(d -> first(d, By.cssSelector("#confusion td")), WAIT);
        browser.await(d -> first(d, By.cssSelector("canvas#scatter[data-points]")), WAIT);

        List<String> problems = browser.console().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught")).toList();

        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void theWorkersPanelShowsEachWorkerAndASilentOneAsLost() {
        long now = System.currentTimeMillis(); // heartbeats age: publish them fresh here
        publish.worker(SweepFixture.worker("w2", WorkerState.TRAINING, SWEEP.sweepId(), SWEEP.runId(RUNNING), 2, 4, now));
        publish.worker(SweepFixture.worker("w-silent", WorkerState.TRAINING, SWEEP.sweepId(), SWEEP.runId(0), 1, 4, now - 60_000)).flush();
        new Api(fixture.port()).await("/api/workers", ws -> ws.toString().contains("w-silent")
                && ws.toString().contains("\"heartbeatAtMs\":" + now), WAIT);
        openSweep(SWEEP);

        WebElement silent = browser.await(d -> first(d, By.cssSelector("#workers tr[data-worker='w-silent']")), WAIT);
        WebElement row = page.findElement(By.cssSelector("#workers tr[data-worker='w2']"));

        assertEquals("TRAINING", row.findElement(By.cssSelector("[data-col='state']")).getText());
        assertTrue(row.getText().contains(SWEEP.runId(RUNNING)), row.getText());
        assertEquals("LOST (run being retried)", silent.findElement(By.cssSelector("[data-col='state']")).getText());
    }

    @Test
    void followsTheSystemColorScheme() {
        try {
            page.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            open("");
            browser.await(d -> first(d, By.id("sweeps-table")), WAIT);
            assertEquals("rgb(15, 18, 22)", page.executeScript("return getComputedStyle(document.body).backgroundColor;"));

            page.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
            assertEquals("rgb(246, 247, 249)", page.executeScript("return getComputedStyle(document.body).backgroundColor;"));
        } finally {
            page.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void fitsAPhoneScreen() {
        try {
            page.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            openSweep(SWEEP);
            browser.await(d -> first(d, By.cssSelector("#confusion td")), WAIT);

            Object overflow = page.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");

            Object wide = page.executeScript("return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > "
                    + "document.documentElement.clientWidth + 1 && !e.closest('.scroll')).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className);");
            assertEquals(0L, ((Number) overflow).longValue(), () -> "the page scrolls sideways; only wide tables may, inside their card: " + wide);
        } finally {
            page.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    private static void open(String hash) {
        fixture.open(hash);
    }

    private static void openSweep(SweepFixture sweep) {
        open("sweep/" + sweep.sweepId());
        browser.await(d -> first(d, By.cssSelector("#runs-table")), WAIT);
    }

    private static WebElement first(WebDriver d, By by) {
        List<WebElement> found = d.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String cell(WebElement row, String col) {
        return row.findElement(By.cssSelector("td[data-col='" + col + "']")).getText();
    }

    private static String cellOrNull(WebDriver d, String runId, String col) {
        List<WebElement> found = d.findElements(By.cssSelector("#runs-table tr[data-run='" + runId + "'] td[data-col='" + col + "']"));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    private static String fmt(Double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
