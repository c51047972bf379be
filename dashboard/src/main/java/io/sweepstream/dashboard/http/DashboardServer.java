package io.sweepstream.dashboard.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.sweepstream.dashboard.metrics.DashboardMetrics;
import io.sweepstream.dashboard.view.Changes;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.avro.SweepDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server (Javalin): the page, the JSON API, one SSE stream, two commands.
 *
 * <ul>
 *   <li>{@code GET /api/status}: whether the view is current (caught up, Kafka answering).</li>
 *   <li>{@code GET /api/sweeps}, {@code /api/sweeps/{id}}, {@code /api/sweeps/{id}/runs},
 *       {@code /api/runs/{id}}, {@code /api/runs/{id}/metrics}, {@code /api/workers}: the view, as JSON;
 *       503 while the replay has not caught up, so nothing stale is served as current.</li>
 *   <li>{@code GET /api/events}: Server-Sent Events. {@code status} on connect; then {@code changes},
 *       coalesced to one every push interval (a few per second), however busy the sweep. Clients that
 *       went away are dropped at the next send or keep-alive; a browser's EventSource reconnects by
 *       itself and the page resynchronises on reconnect.</li>
 *   <li>{@code GET /metrics}: Prometheus text format ({@link DashboardMetrics}); served while the replay
 *       catches up too (what is not known yet is NaN), and never waits on Kafka.</li>
 *   <li>{@code POST /api/runs/{id}/stop}, {@code POST /api/sweeps/{id}/cancel}: publish to
 *       {@code runs.control}. They need the header {@value #COMMAND_HEADER} (a cross-site form cannot
 *       send it) and, when a token is set (always when bound beyond loopback), {@value #TOKEN_HEADER}.</li>
 * </ul>
 *
 * <p>Every response carries a Content-Security-Policy that allows scripts, styles and connections
 * from this origin only: with the page writing user text as text, a sweep named like markup stays text.
 * Bound to loopback, requests must name a loopback host (a DNS-rebinding page cannot read the API).
 *
 * <p>Limits, so that one client cannot exhaust the server: a request body over {@value #MAX_BODY_BYTES}
 * bytes is refused with 413 (the commands take none), a URL or headers over Jetty's 8 KiB with 414 or
 * 431, and an event stream beyond {@value #MAX_STREAMS} open ones with 429.
 */
public final class DashboardServer implements AutoCloseable {

    public static final String COMMAND_HEADER = "X-Sweepstream-Command";
    public static final String TOKEN_HEADER = "X-Sweepstream-Token";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");
    private static final String WEB_ROOT = "/io/sweepstream/dashboard/web";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Largest request body accepted; the commands send none. */
    public static final long MAX_BODY_BYTES = 16 * 1024;
    /** Open event streams at most: one per browser tab is plenty for a team. */
    public static final int MAX_STREAMS = 32;
    private static final int MAX_RUNS_PER_PUSH = 2_000;
    private static final int MAX_POINTS_PER_PUSH = 20_000;
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    private final DashboardView view;
    private final DashboardMetrics metrics;
    private final Commands commands;
    private final String host;
    private final int requestedPort;
    private final String token;
    private final boolean loopback;
    private final Duration pushInterval;
    // absent rather than null: a 10,000-run table is a sixth smaller
    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-push");
        t.setDaemon(true);
        return t;
    });
    private Javalin app;
    private long nextKeepAliveMs;

    /**
     * @param host         address to bind; a loopback address unless the user asked otherwise
     * @param port         port to bind; 0 for any free one
     * @param token        required by the commands when not null; must be set when {@code host} is not loopback
     * @param pushInterval how often changes are pushed at most
     */
    public DashboardServer(DashboardView view, DashboardMetrics metrics, Commands commands, String host, int port, String token,
                           Duration pushInterval) {
        this.loopback = isLoopback(host);
        if (!loopback && (token == null || token.isBlank())) {
            throw new IllegalArgumentException("a dashboard bound to " + host + " (beyond loopback) needs a token for its commands");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0 and 65535, found " + port);
        }
        this.view = view;
        this.metrics = metrics;
        this.commands = commands;
        this.host = host;
        this.requestedPort = port;
        this.token = token == null || token.isBlank() ? null : token;
        this.pushInterval = pushInterval;
    }

    /** Whether {@code host} names this machine's loopback interface only. */
    public static boolean isLoopback(String host) {
        if (LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + ": unknown host", e);
        }
    }

    public DashboardServer start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = WEB_ROOT;
                files.location = Location.CLASSPATH;
                files.headers = SECURITY_HEADERS;
            });
            config.routes.before(this::guard);
            config.routes.get("/api/status", ctx -> send(ctx, view.status(now())));
            config.routes.get("/api/sweeps", ctx -> current(ctx, () -> Optional.of(view.sweeps(now()))));
            config.routes.get("/api/sweeps/{id}", ctx -> current(ctx, () -> view.sweep(ctx.pathParam("id"), now())));
            config.routes.get("/api/sweeps/{id}/runs", ctx -> current(ctx, () -> view.runs(ctx.pathParam("id"), now())));
            config.routes.get("/api/runs/{id}", ctx -> current(ctx, () -> view.run(ctx.pathParam("id"), now())));
            config.routes.get("/api/runs/{id}/metrics", ctx -> current(ctx, () -> view.run(ctx.pathParam("id"), now())));
            config.routes.get("/api/workers", ctx -> current(ctx, () -> Optional.of(view.workers(now()))));
            config.routes.sse("/api/events", this::subscribe);
            config.routes.get("/metrics", ctx -> ctx.contentType(DashboardMetrics.CONTENT_TYPE).result(metrics.scrape(now())));
            config.routes.post("/api/runs/{id}/stop", this::stopRun);
            config.routes.post("/api/sweeps/{id}/cancel", ctx -> sweepCommand(ctx, commands::cancelSweep, "cancelled",
                    "cancelled sweep %s: its runs stop, queued ones are skipped"));
            config.routes.post("/api/sweeps/{id}/pause", ctx -> sweepCommand(ctx, commands::pauseSweep, "paused",
                    "paused sweep %s: running runs finish, no new run starts"));
            config.routes.post("/api/sweeps/{id}/resume", ctx -> sweepCommand(ctx, commands::resumeSweep, "resumed",
                    "resumed sweep %s: its queued runs start again"));
            config.routes.exception(Commands.CommandFailedException.class, (e, ctx) -> {
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
                send(ctx, Map.of("error", e.getMessage()));
            });
        });
        app.start(host, requestedPort);
        pusher.scheduleWithFixedDelay(this::push, pushInterval.toMillis(), pushInterval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** Open SSE streams. */
    public int clients() {
        return clients.size();
    }

    private void guard(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
        if (loopback && !LOOPBACK_NAMES.contains(hostName(ctx.host()))) {
            // A page on another site that rebinds its name to 127.0.0.1 sends its own name here.
            ctx.status(HttpStatus.FORBIDDEN);
            send(ctx, Map.of("error", "this dashboard answers to localhost only"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            ctx.status(HttpStatus.CONTENT_TOO_LARGE);
            send(ctx, Map.of("error", "request body over " + MAX_BODY_BYTES + " bytes"));
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.path().equals("/api/events") && clients.size() >= MAX_STREAMS) {
            // refused before the stream starts: an EventSource retries by itself later
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", "10");
            send(ctx, Map.of("error", MAX_STREAMS + " event streams are open already"));
            ctx.skipRemainingHandlers();
        }
    }

    private static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String h = hostHeader.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Serves the value, 404 when there is none, or 503 while the view is not current yet. */
    private void current(Context ctx, java.util.function.Supplier<Optional<?>> value) {
        if (!view.caughtUp()) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
            ctx.header("Retry-After", "1");
            send(ctx, Map.of("error", "catching up with the topics", "status", view.status(now())));
            return;
        }
        Optional<?> v = value.get();
        if (v.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND);
            send(ctx, Map.of("error", "not found: " + ctx.path()));
            return;
        }
        send(ctx, v.get());
    }

    private void send(Context ctx, Object body) {
        ctx.contentType("application/json; charset=utf-8").result(toJson(body));
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        client.sendEvent("status", toJson(view.status(now())));
        clients.add(client);
    }

    /** Sends what changed to every open stream; drops the streams whose browser went away. */
    private void push() {
        try {
            long now = now();
            Changes changes = view.drain(now, MAX_RUNS_PER_PUSH, MAX_POINTS_PER_PUSH);
            if (!changes.isEmpty()) {
                String data = toJson(changes);
                for (SseClient c : clients) {
                    c.sendEvent("changes", data);
                }
            } else if (now >= nextKeepAliveMs) {
                for (SseClient c : clients) {
                    c.sendComment("keep-alive");
                }
            } else {
                return;
            }
            nextKeepAliveMs = now + KEEP_ALIVE.toMillis();
            clients.removeIf(SseClient::terminated);
        } catch (RuntimeException e) {
            log.warn("dashboard push failed: {}", e.toString()); // the next push tries again
        }
    }

    private void stopRun(Context ctx) {
        if (!commandAllowed(ctx)) {
            return;
        }
        String runId = ctx.pathParam("id");
        Optional<String> sweepId = view.sweepOf(runId);
        if (sweepId.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND);
            send(ctx, Map.of("error", "no run " + runId));
            return;
        }
        commands.stopRun(runId, sweepId.get(), "stopped from the dashboard");
        log.info("dashboard asked the trainers to stop run {}", runId);
        send(ctx, Map.of("ok", true, "message", "asked the trainers to stop run " + runId));
    }

    /** Cancel, pause or resume: the command checks, then {@code command} on the sweep's latest definition. */
    private void sweepCommand(Context ctx, java.util.function.BiConsumer<SweepDefinition, String> command, String done, String message) {
        if (!commandAllowed(ctx)) {
            return;
        }
        String sweepId = ctx.pathParam("id");
        Optional<SweepDefinition> definition = view.definition(sweepId);
        if (definition.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND);
            send(ctx, Map.of("error", "no sweep " + sweepId));
            return;
        }
        try {
            command.accept(definition.get(), done + " from the dashboard");
        } catch (IllegalArgumentException e) { // a cancelled sweep
            ctx.status(HttpStatus.CONFLICT);
            send(ctx, Map.of("error", e.getMessage()));
            return;
        }
        log.info("dashboard {} sweep {}", done, sweepId);
        send(ctx, Map.of("ok", true, "message", String.format(message, sweepId)));
    }

    /** A command comes from this page (custom header, same origin) and carries the token when one is set. */
    private boolean commandAllowed(Context ctx) {
        String origin = ctx.header("Origin");
        if (ctx.header(COMMAND_HEADER) == null
                || (origin != null && !origin.equalsIgnoreCase("http://" + ctx.host()))) {
            ctx.status(HttpStatus.FORBIDDEN);
            send(ctx, Map.of("error", "commands are accepted from the dashboard page only"));
            return false;
        }
        if (token != null) {
            String given = ctx.header(TOKEN_HEADER);
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                ctx.status(HttpStatus.UNAUTHORIZED);
                send(ctx, Map.of("error", "this dashboard needs its token for commands (printed when it started)"));
                return false;
            }
        }
        return true;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // the browser is gone already
            }
        }
        clients.clear();
        if (app != null) {
            app.stop();
        }
    }
}
