package io.sweepstream.dashboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sweepstream.dashboard.Api;
import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.dashboard.metrics.DashboardMetrics;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.avro.SweepDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's rules, without Kafka: a view fed by hand and commands that only record. */
class DashboardServerTest {

    private final SweepFixture sweep = SweepFixture.of("s1", "first", 2, 2);
    private final DashboardView view = new DashboardView();
    private final List<String> commands = new ArrayList<>();
    private final Commands recording = new Commands() {
        @Override
        public void stopRun(String runId, String sweepId, String reason) {
            commands.add("stop " + runId + " of " + sweepId);
        }

        @Override
        public void cancelSweep(SweepDefinition latest, String reason) {
            commands.add("cancel " + latest.getSweepId());
        }
    };
    private DashboardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesNoDataAsCurrentWhileCatchingUp() {
        view.onDefinition(sweep.definition());
        view.replayProgress(10, 90);
        Api api = start("127.0.0.1", null);

        Api.Reply sweeps = api.get("/api/sweeps");
        Api.Reply status = api.get("/api/status");

        assertEquals(503, sweeps.status());
        assertEquals("1", sweeps.header("Retry-After"));
        assertEquals(200, status.status());
        assertFalse(status.json().get("caughtUp").asBoolean());
        assertEquals(90, status.json().get("recordsBehind").asLong());

        view.markCaughtUp(100);
        assertEquals(200, api.get("/api/sweeps").status());
    }

    @Test
    void refusesToBindBeyondLoopbackWithoutAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DashboardServer(view, new DashboardMetrics(view, () -> null), recording, "0.0.0.0", 0, null, Duration.ofMillis(250)));

        assertTrue(e.getMessage().contains("needs a token"), e.getMessage());
    }

    @Test
    void commandsNeedTheTokenWhenBoundBeyondLoopback() {
        view.onDefinition(sweep.definition());
        view.onRequest(sweep.request(0));
        view.markCaughtUp(2);
        Api api = start("0.0.0.0", "s3cret");
        String stop = "/api/runs/" + sweep.runId(0) + "/stop";

        assertEquals(401, api.post(stop, DashboardServer.COMMAND_HEADER, "1").status());
        assertEquals(401, api.post(stop, DashboardServer.COMMAND_HEADER, "1", DashboardServer.TOKEN_HEADER, "guess").status());
        assertTrue(commands.isEmpty());

        Api.Reply ok = api.post(stop, DashboardServer.COMMAND_HEADER, "1", DashboardServer.TOKEN_HEADER, "s3cret");
        Api.Reply cancel = api.post("/api/sweeps/s1/cancel", DashboardServer.COMMAND_HEADER, "1", DashboardServer.TOKEN_HEADER, "s3cret");

        assertEquals(200, ok.status(), ok.body());
        assertEquals(200, cancel.status(), cancel.body());
        assertEquals(List.of("stop " + sweep.runId(0) + " of s1", "cancel s1"), commands);
    }

    @Test
    void onLoopbackCommandsNeedNoTokenButTheirHeader() {
        view.onDefinition(sweep.definition());
        view.markCaughtUp(1);
        Api api = start("127.0.0.1", null);

        assertEquals(403, api.post("/api/sweeps/s1/cancel").status());
        assertEquals(200, api.post("/api/sweeps/s1/cancel", DashboardServer.COMMAND_HEADER, "1").status());
        assertEquals(List.of("cancel s1"), commands);
    }

    @Test
    void onLoopbackAnswersOnlyToLoopbackNames() throws IOException {
        view.markCaughtUp(0);
        start("127.0.0.1", null);

        assertTrue(rawGet("localhost:" + server.port()).startsWith("HTTP/1.1 200"));
        assertTrue(rawGet("127.0.0.1:" + server.port()).startsWith("HTTP/1.1 200"));
        // a page whose own name was rebound to 127.0.0.1 still sends that name
        assertTrue(rawGet("rebound.example:" + server.port()).startsWith("HTTP/1.1 403"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        view.markCaughtUp(0);
        Api api = start("127.0.0.1", null);

        for (String path : List.of("/", "/app.js", "/api/status", "/api/sweeps", "/api/sweeps/none")) {
            Api.Reply r = api.get(path);
            assertEquals(DashboardServer.CSP, r.header("Content-Security-Policy"), path);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
        }
        assertEquals("no-store", api.get("/api/sweeps").header("Cache-Control"));
    }

    @Test
    void anOversizedCommandIsRefusedWith413AndTheServerKeepsServing() {
        view.onDefinition(sweep.definition());
        view.markCaughtUp(1);
        Api api = start("127.0.0.1", null);
        byte[] body = new byte[(int) DashboardServer.MAX_BODY_BYTES + 1];

        Api.Reply big = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/sweeps/s1/cancel"))
                .header(DashboardServer.COMMAND_HEADER, "1").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertEquals(413, big.status(), big.body());
        assertTrue(commands.isEmpty(), "an oversized command does nothing");
        assertEquals(200, api.get("/api/status").status());
        assertEquals(200, api.post("/api/sweeps/s1/cancel", DashboardServer.COMMAND_HEADER, "1").status(), "a normal command still works");
    }

    @Test
    void aTooLongUrlIsRefusedAndTheServerKeepsServing() throws IOException {
        view.markCaughtUp(0);
        Api api = start("127.0.0.1", null);

        String reply = rawRequest("GET /api/runs/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertTrue(reply.startsWith("HTTP/1.1 414") || reply.startsWith("HTTP/1.1 431"), reply.lines().findFirst().orElse(reply));
        assertEquals(200, api.get("/api/status").status());
    }

    @Test
    void eventStreamsBeyondTheCapAreRefusedWith429() throws Exception {
        view.markCaughtUp(0);
        Api api = start("127.0.0.1", null);
        HttpRequest events = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/events"))
                .header("Accept", "text/event-stream").build();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < DashboardServer.MAX_STREAMS; i++) {
                HttpResponse<InputStream> r = api.http().send(events, HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode());
                open.add(r);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.clients() < DashboardServer.MAX_STREAMS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(DashboardServer.MAX_STREAMS, server.clients());

            HttpResponse<String> refused = api.http().send(events, HttpResponse.BodyHandlers.ofString());

            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals(200, api.get("/api/status").status(), "the API still answers");
        } finally {
            for (HttpResponse<InputStream> r : open) {
                r.body().close();
            }
        }
    }

    private Api start(String host, String token) {
        server = new DashboardServer(view, new DashboardMetrics(view, () -> null), recording, host, 0, token, Duration.ofMillis(250)).start();
        return new Api(server.port());
    }

    private String rawGet(String hostHeader) throws IOException {
        return rawRequest("GET /api/status HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n");
    }

    private String rawRequest(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
