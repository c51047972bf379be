package io.sweepstream.dashboard;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import io.sweepstream.dashboard.http.DashboardServer;
import io.sweepstream.dashboard.kafka.DashboardFeed;
import io.sweepstream.dashboard.kafka.KafkaCommands;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.client.KafkaConnection;

/**
 * {@code sweep dashboard}: the Kafka feed fills the view, the web server shows it.
 *
 * <p>Call order: {@link #start(Settings)}, then {@link #url()} to tell the user, then {@link #close()}.
 */
public final class Dashboard implements AutoCloseable {

    /** Changes are pushed to open pages at most this often. */
    public static final Duration PUSH_INTERVAL = Duration.ofMillis(250);

    /**
     * @param kafka Kafka's address and the client properties of every client the dashboard creates
     * @param host  address to bind (loopback by default)
     * @param port  port to bind; 0 for a free one
     * @param token the commands' token; null for none on loopback, a random one beyond it
     */
    public record Settings(KafkaConnection kafka, String host, int port, String token) {

        public Settings {
            if (kafka == null) {
                throw new IllegalArgumentException("kafka must be set");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be set, e.g. 127.0.0.1");
            }
        }

        /** On a plaintext connection (the embedded broker, tests). */
        public Settings(String bootstrapServers, String host, int port, String token) {
            this(KafkaConnection.plaintext(bootstrapServers), host, port, token);
        }

        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }
    }

    private final DashboardView view;
    private final DashboardFeed feed;
    private final KafkaCommands commands;
    private final DashboardServer server;
    private final String host;
    private final String token;

    private Dashboard(DashboardView view, DashboardFeed feed, KafkaCommands commands, DashboardServer server, String host, String token) {
        this.view = view;
        this.feed = feed;
        this.commands = commands;
        this.server = server;
        this.host = host;
        this.token = token;
    }

    public static Dashboard start(Settings settings) {
        String token = settings.token();
        if ((token == null || token.isBlank()) && !DashboardServer.isLoopback(settings.host())) {
            token = randomToken();
        }
        DashboardView view = new DashboardView();
        KafkaCommands commands = new KafkaCommands(settings.kafka());
        DashboardServer server = new DashboardServer(view, commands, settings.host(), settings.port(), token, PUSH_INTERVAL);
        try {
            server.start();
        } catch (RuntimeException e) {
            commands.close();
            throw new IllegalStateException("the dashboard cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + rootMessage(e), e);
        }
        DashboardFeed feed = new DashboardFeed(settings.kafka(), view).start();
        return new Dashboard(view, feed, commands, server, settings.host(), token);
    }

    /** The page's address; with {@code ?token=} when commands need one (the page keeps it and hides it). */
    public String url() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + server.port() + "/" + (token == null ? "" : "?token=" + token);
    }

    public int port() {
        return server.port();
    }

    /** The commands' token, or null when none is needed. */
    public String token() {
        return token;
    }

    public DashboardView view() {
        return view;
    }

    /** The error that stopped the Kafka feed, or null while it runs. */
    public Throwable failure() {
        return feed.failure();
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                feed.close();
            } finally {
                commands.close();
            }
        }
    }
}
