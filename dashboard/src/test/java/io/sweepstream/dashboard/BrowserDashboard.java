package io.sweepstream.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.schemas.topic.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The setup the dashboard's browser tests share: headless Chromium at 1280 x 1000 (started first, so that a machine
 * without it skips the class before anything else), the topics on a real broker holding what the test published,
 * and the dashboard reading them on a free port, caught up. Start it in {@code @BeforeAll}, close it in
 * {@code @AfterAll}.
 */
final class BrowserDashboard implements AutoCloseable {

    private final Browser browser;
    private final String bootstrap;
    private Publisher publish;
    private Dashboard dashboard;

    private BrowserDashboard(Browser browser, String bootstrap) {
        this.browser = browser;
        this.bootstrap = bootstrap;
    }

    /** Starts Chromium, creates the topics, lets {@code publishing} fill them, then starts the dashboard and waits up to {@code catchUp} for it to read them. */
    static BrowserDashboard start(Class<?> testClass, KafkaBackend kafka, Duration catchUp, Consumer<Publisher> publishing) {
        BrowserDashboard fixture = new BrowserDashboard(Browser.start(testClass.getSimpleName(), 1280, 1000), kafka.bootstrapServers());
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap))) {
                TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
            }
            fixture.publish = new Publisher(fixture.bootstrap);
            publishing.accept(fixture.publish);
            fixture.publish.flush();
            fixture.dashboard = Dashboard.start(new Dashboard.Settings(fixture.bootstrap, "127.0.0.1", 0, null));
            new Api(fixture.dashboard.port()).await("/api/status", s -> s.get("caughtUp").asBoolean(), catchUp);
            return fixture;
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
    }

    Browser browser() {
        return browser;
    }

    ChromeDriver page() {
        return browser.driver();
    }

    /** Publishes to the broker the dashboard reads. */
    Publisher publish() {
        return publish;
    }

    String bootstrap() {
        return bootstrap;
    }

    int port() {
        return dashboard.port();
    }

    /** Opens the page at {@code #/hash} as a new document (a hash change alone keeps the document). */
    void open(String hash) {
        page().get("http://127.0.0.1:" + port() + "/#/" + hash);
        page().navigate().refresh();
    }

    /** Stops the dashboard, runs {@code meanwhile} while no server is there, and starts it again on the same port. */
    void restartServer(Runnable meanwhile) {
        int port = dashboard.port();
        dashboard.close();
        meanwhile.run();
        dashboard = Dashboard.start(new Dashboard.Settings(bootstrap, "127.0.0.1", port, null));
    }

    /** Closes the browser, the dashboard and the publisher, whichever started. */
    @Override
    public void close() {
        browser.close();
        if (dashboard != null) {
            dashboard.close();
        }
        if (publish != null) {
            publish.close();
        }
    }
}
