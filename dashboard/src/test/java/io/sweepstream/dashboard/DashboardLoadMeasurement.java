package io.sweepstream.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.topic.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Measures the dashboard with a 10,000-run sweep of 10 epochs each: the replay, the server's memory,
 * and the sweep page's load time in real Chromium; then takes the README's screenshot of a live sweep.
 * Not part of {@code verify} (its name ends in Measurement); run it with
 * {@code ./mvnw -B verify -pl dashboard -am -Dtest=DashboardLoadMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 * Results go to {@code dashboard/target/measurement.txt}; the screenshot to {@code docs/dashboard.png}
 * with {@code -Dsweep.screenshot=../docs/dashboard.png}.
 *
 * <p>Memory: used heap after a full GC, before the dashboard starts and after it caught up, in this
 * JVM (the embedded broker lives here too, so the difference is the dashboard's: view, consumer,
 * Jetty). The same figure for a separate {@code sweep dashboard} process: see the README.
 */
@ExtendWith(KafkaExtension.class)
class DashboardLoadMeasurement {

    private static final int RUNS = Integer.getInteger("sweep.measure.runs", 10_000);
    private static final int EPOCHS = Integer.getInteger("sweep.measure.epochs", 10);
    private static final int LOADS = 5;

    @Test
    void tenThousandRunsLoadInUnderTwoSeconds(KafkaBackend kafka) throws Exception {
        String servers = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
        List<String> report = new ArrayList<>();
        long now = System.currentTimeMillis();
        SweepFixture large = new SweepFixture("large", "fashion-mnist grid, " + RUNS + " runs", RUNS, EPOCHS, now - 1000L * (RUNS + EPOCHS));
        long t0 = System.nanoTime();
        try (Publisher publish = new Publisher(servers)) {
            LargeSweep.publish(publish, large, RUNS, 0, now);
        }
        report.add(String.format(Locale.ROOT, "published %d runs x %d epochs (%d records) in %.1f s", RUNS, EPOCHS,
                RUNS * (EPOCHS + 2) + 2, (System.nanoTime() - t0) / 1e9));

        long before = usedHeapAfterGc();
        t0 = System.nanoTime();
        try (Dashboard dashboard = Dashboard.start(new Dashboard.Settings(servers, "127.0.0.1", 0, null))) {
            Api api = new Api(dashboard.port());
            api.await("/api/status", s -> s.get("caughtUp").asBoolean(), Duration.ofMinutes(3));
            double replay = (System.nanoTime() - t0) / 1e9;
            long after = usedHeapAfterGc();
            report.add(String.format(Locale.ROOT, "dashboard replayed the topics in %.1f s", replay));
            report.add(String.format(Locale.ROOT, "dashboard heap after full GC: %.1f MB (used heap %.1f MB before start, %.1f MB after catch-up)",
                    (after - before) / 1e6, before / 1e6, after / 1e6));
            Api.Reply runs = api.get("/api/sweeps/large/runs");
            report.add(String.format(Locale.ROOT, "GET /api/sweeps/large/runs: %.1f MB of JSON", runs.body().length() / 1e6));

            try (Browser browser = Browser.start(getClass().getSimpleName(), 1280, 1000)) {
                String url = "http://127.0.0.1:" + dashboard.port() + "/#/sweep/large";
                List<Double> loads = new ArrayList<>();
                for (int i = 0; i < LOADS; i++) {
                    browser.driver().get("about:blank");
                    browser.driver().get(url);
                    Object ms = browser.await(d -> browser.driver().executeScript("return window.__dash && window.__dash.sweepRenderedMs;"),
                            Duration.ofSeconds(30));
                    loads.add(((Number) ms).doubleValue());
                    assertTrue(browser.driver().findElements(By.cssSelector("#runs-table tbody tr")).size() == 50);
                }
                List<Double> sorted = new ArrayList<>(loads);
                Collections.sort(sorted);
                report.add(String.format(Locale.ROOT, "sweep page load in Chromium (navigation start to everything rendered: "
                        + "table, leaderboard, confusion matrix, parallel coordinates of %d runs, scatter, curves), %d loads: median %.0f ms, all %s",
                        RUNS, LOADS, sorted.get(LOADS / 2), loads.stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList()));
                report.add("last load, API requests (ms): " + browser.driver().executeScript(
                        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))"
                        + ".map(e => e.name.replace(/^.*\\/api/, '/api') + ' ' + Math.round(e.duration) + ' ms, ' + e.transferSize + ' B').join('; ');"));
                report.add("last load, page timeline (ms since navigation start): "
                        + browser.driver().executeScript("return JSON.stringify(window.__dash.timings);"));
                assertTrue(sorted.get(LOADS / 2) < 2000, "median load " + sorted.get(LOADS / 2) + " ms");
            }
            Runtime.getRuntime().gc();
            report.add(String.format(Locale.ROOT, "this JVM (broker, dashboard, test): %.0f MB resident", rssMb()));
        }
        String text = String.join("\n", report) + "\n";
        Files.writeString(Path.of("target", "measurement.txt"), text);
        System.out.print(text);

        String screenshot = System.getProperty("sweep.screenshot");
        if (screenshot != null) {
            screenshot(servers, Path.of(screenshot));
        }
    }

    /** A live sweep of 240 runs: 180 finished, 6 training on 6 workers, the rest queued. */
    private static void screenshot(String servers, Path file) throws IOException {
        long now = System.currentTimeMillis();
        SweepFixture live = new SweepFixture("live-demo", "fashion-mnist grid", 240, 10, now - 1000L * 200);
        try (Publisher publish = new Publisher(servers)) {
            LargeSweep.publish(publish, live, 180, 6, now);
        }
        try (Dashboard dashboard = Dashboard.start(new Dashboard.Settings(servers, "127.0.0.1", 0, null));
             Browser browser = Browser.start("screenshot", 1280, 1000)) {
            new Api(dashboard.port()).await("/api/status", s -> s.get("caughtUp").asBoolean(), Duration.ofMinutes(3));
            browser.driver().get("http://127.0.0.1:" + dashboard.port() + "/#/sweep/live-demo");
            browser.await(d -> browser.driver().executeScript("return window.__dash && window.__dash.sweepRenderedMs;"), Duration.ofSeconds(30));
            browser.driver().manage().window().setSize(new Dimension(1280, 2500));
            sleep(1500);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, browser.driver().getScreenshotAs(OutputType.BYTES));
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
