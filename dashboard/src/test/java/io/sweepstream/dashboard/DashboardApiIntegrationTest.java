package io.sweepstream.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.dashboard.http.DashboardServer;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API over HTTP against a real broker: events published before the dashboard starts are replayed,
 * events published after it are followed and pushed over SSE, commands land on {@code runs.control}.
 */
@ExtendWith(KafkaExtension.class)
class DashboardApiIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SweepFixture SWEEP = SweepFixture.of("api-sweep", "api sweep", 6, 3);
    private static String servers;
    private static Dashboard dashboard;
    private static Api api;
    private static Publisher publish;
    private static final List<RunResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void publishASweepThenStart(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
        publish = new Publisher(servers);
        publish.definition(SWEEP.definition());
        for (int i = 0; i < SWEEP.runs(); i++) {
            publish.request(SWEEP.request(i));
        }
        // runs 0-4 finished; run 5 is in its second epoch on worker w2
        for (int i = 0; i < 5; i++) {
            for (int e = 1; e <= SWEEP.epochs(); e++) {
                publish.metric(SWEEP.metric(i, e, 1, "w1"));
            }
            RESULTS.add(SWEEP.result(i, "w1"));
            publish.result(RESULTS.get(i));
        }
        publish.metric(SWEEP.metric(5, 1, 1, "w2")).metric(SWEEP.metric(5, 2, 1, "w2"));
        publish.summary(SWEEP.summary(RESULTS, 3));
        long now = System.currentTimeMillis();
        publish.worker(SweepFixture.worker("w1", WorkerState.IDLE, null, null, 0, 0, now));
        publish.worker(SweepFixture.worker("w2", WorkerState.TRAINING, SWEEP.sweepId(), SWEEP.runId(5), 2, 3, now));
        publish.worker(SweepFixture.worker("w-gone", WorkerState.TRAINING, SWEEP.sweepId(), SWEEP.runId(4), 1, 3, now - 60_000));
        publish.flush();

        dashboard = Dashboard.start(new Dashboard.Settings(servers, "127.0.0.1", 0, null));
        api = new Api(dashboard.port());
        api.await("/api/status", s -> s.get("caughtUp").asBoolean(), WAIT);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (publish != null) {
            publish.close();
        }
    }

    @Test
    void listsThePublishedSweepWithItsCountsAndBestRun() {
        JsonNode sweep = find(api.get("/api/sweeps").json(), SWEEP.sweepId());

        assertEquals("api sweep", sweep.get("name").asText());
        assertEquals("GRID", sweep.get("method").asText());
        JsonNode counts = sweep.get("counts");
        assertEquals(6, counts.get("known").asInt());
        assertEquals(5, counts.get("finished").asInt());
        assertEquals(1, counts.get("running").asInt());
        assertEquals(5.0 / 6, sweep.get("progress").asDouble(), 1e-9);
        RunResult best = RESULTS.stream().max((a, b) -> Double.compare(a.getBestValAccuracy(), b.getBestValAccuracy())).orElseThrow();
        assertEquals(best.getRunId(), sweep.get("best").get("runId").asText());
        assertEquals(best.getBestValAccuracy(), sweep.get("best").get("value").asDouble(), 1e-12);
    }

    @Test
    void servesEachRunWithItsResultAndTheLeaderboardOfTheSummary() {
        JsonNode runs = api.get("/api/sweeps/" + SWEEP.sweepId() + "/runs").json();
        JsonNode detail = api.get("/api/sweeps/" + SWEEP.sweepId()).json();

        assertEquals(6, runs.size());
        for (RunResult r : RESULTS) {
            JsonNode row = find(runs, r.getRunId());
            assertEquals("FINISHED", row.get("status").asText());
            assertEquals(r.getBestValAccuracy(), row.get("metric").asDouble(), 1e-12);
            assertEquals(r.getTestAccuracy(), row.get("testAccuracy").asDouble(), 1e-12);
            assertEquals("w1", row.get("worker").asText());
        }
        JsonNode running = find(runs, SWEEP.runId(5));
        assertEquals("RUNNING", running.get("status").asText());
        assertEquals(2, running.get("epochsDone").asInt());

        JsonNode board = detail.get("summary").get("leaderboard");
        assertEquals(3, board.size());
        List<RunResult> ranked = RESULTS.stream().sorted((a, b) -> Double.compare(b.getBestValAccuracy(), a.getBestValAccuracy())).toList();
        for (int k = 0; k < 3; k++) {
            assertEquals(ranked.get(k).getRunId(), board.get(k).get("runId").asText());
            assertEquals(k + 1, board.get(k).get("rank").asInt());
        }
        assertEquals("T-shirt/top", detail.get("summary").get("classNames").get(0).asText());
        assertEquals(10, detail.get("summary").get("bestConfusionMatrix").size());
    }

    @Test
    void servesARunsCurvesAtEpochGranularity() {
        JsonNode run = api.get("/api/runs/" + SWEEP.runId(2) + "/metrics").json();

        assertEquals(List.of(1, 2, 3), ints(run.get("epoch")));
        assertEquals(SWEEP.metric(2, 3, 1, "w1").getValAccuracy(), run.get("valAccuracy").get(2).asDouble(), 1e-6);
        assertEquals(SWEEP.metric(2, 1, 1, "w1").getTrainLoss(), run.get("trainLoss").get(0).asDouble(), 1e-6);
        assertEquals(SweepFixture.confusionMatrix(2).get(3).get(4).intValue(), run.get("confusionMatrix").get(3).get(4).asInt());
    }

    @Test
    void showsAWorkerSilentForLongerThanItsTimeoutAsLost() {
        long now = System.currentTimeMillis(); // heartbeats age: publish them fresh here
        publish.worker(SweepFixture.worker("w1", WorkerState.IDLE, null, null, 0, 0, now));
        publish.worker(SweepFixture.worker("w2", WorkerState.TRAINING, SWEEP.sweepId(), SWEEP.runId(5), 2, 3, now)).flush();
        JsonNode workers = api.await("/api/workers", ws -> beatAt(ws, "w1") == now && beatAt(ws, "w2") == now, WAIT);

        assertEquals("IDLE", find(workers, "w1").get("state").asText());
        assertEquals("TRAINING", find(workers, "w2").get("state").asText());
        assertEquals("LOST", find(workers, "w-gone").get("state").asText());
    }

    @Test
    void unknownSweepsAndRunsAreNotFound() {
        assertEquals(404, api.get("/api/sweeps/no-such-sweep").status());
        assertEquals(404, api.get("/api/sweeps/no-such-sweep/runs").status());
        assertEquals(404, api.get("/api/runs/no-such-run/metrics").status());
    }

    @Test
    void pushesANewEpochToAnOpenStreamWithinSeconds() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/events")).header("Accept", "text/event-stream").GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = api.http().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        Iterator<String> lines = response.body().iterator();
        assertEquals("event: status", lines.next(), "the first event says whether the view is current");

        long sent = System.nanoTime();
        publish.metric(SWEEP.metric(5, 3, 1, "w2")).flush();

        ObjectMapper json = new ObjectMapper();
        CompletableFuture<JsonNode> pushed = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ") && line.contains(SWEEP.runId(5))) {
                    try {
                        JsonNode changes = json.readTree(line.substring(6));
                        for (JsonNode p : changes.get("points")) {
                            if (p.get("runId").asText().equals(SWEEP.runId(5)) && p.get("epoch").asInt() == 3) {
                                return changes;
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            return null;
        });
        JsonNode changes = pushed.get(20, TimeUnit.SECONDS);
        response.body().close();

        assertNotNull(changes);
        assertTrue(System.nanoTime() - sent < Duration.ofSeconds(10).toNanos(), "pushed within seconds");
        assertEquals(3, find(changes.get("runs"), SWEEP.runId(5)).get("epochsDone").asInt());
    }

    @Test
    void stopPublishesAStopRunControlKeyedByTheRun() {
        Api.Reply reply = api.post("/api/runs/" + SWEEP.runId(5) + "/stop", DashboardServer.COMMAND_HEADER, "1");

        assertEquals(200, reply.status(), reply.body());
        List<Control> controls = TopicReader.read(servers, Topics.RUNS_CONTROL,
                c -> SWEEP.runId(5).equals(c.getRunId()), 1, WAIT);
        assertEquals(1, controls.size());
        assertEquals(ControlType.STOP_RUN, controls.get(0).getType());
        assertEquals(SWEEP.sweepId(), controls.get(0).getSweepId());
    }

    @Test
    void cancelPublishesACancelAndTheSweepShowsCancelled() {
        SweepFixture other = SweepFixture.of("to-cancel", "to cancel", 2, 2);
        publish.definition(other.definition()).flush();
        api.await("/api/sweeps", s -> hasId(s, other.sweepId()), WAIT);

        Api.Reply reply = api.post("/api/sweeps/" + other.sweepId() + "/cancel", DashboardServer.COMMAND_HEADER, "1");

        assertEquals(200, reply.status(), reply.body());
        List<Control> controls = TopicReader.read(servers, Topics.RUNS_CONTROL,
                c -> c.getType() == ControlType.CANCEL_SWEEP && other.sweepId().equals(c.getSweepId()), 1, WAIT);
        assertEquals(1, controls.size());
        api.await("/api/sweeps/" + other.sweepId(), d -> d.get("sweep").get("status").asText().equals("CANCELLED"), WAIT);
    }

    @Test
    void refusesACommandThatDoesNotComeFromThePage() {
        Api.Reply noHeader = api.post("/api/runs/" + SWEEP.runId(5) + "/stop");
        Api.Reply otherOrigin = api.post("/api/runs/" + SWEEP.runId(5) + "/stop",
                DashboardServer.COMMAND_HEADER, "1", "Origin", "http://evil.example");

        assertEquals(403, noHeader.status());
        assertEquals(403, otherOrigin.status());
        assertEquals(404, api.post("/api/runs/no-such-run/stop", DashboardServer.COMMAND_HEADER, "1").status());
    }

    @Test
    void servesThePageWithAContentSecurityPolicy() {
        Api.Reply page = api.get("/");
        Api.Reply json = api.get("/api/sweeps");

        assertEquals(200, page.status());
        assertTrue(page.body().contains("<title>Sweepstream</title>"), page.body());
        for (Api.Reply r : List.of(page, json)) {
            String csp = r.header("Content-Security-Policy");
            assertNotNull(csp, "CSP on " + r.response().uri());
            assertTrue(csp.contains("script-src 'self'"), csp);
            assertTrue(!csp.contains("unsafe-inline"), csp);
        }
        assertEquals(200, api.get("/vendor/uplot/uPlot.iife.min.js").status());
        assertEquals(200, api.get("/vendor/uplot/LICENSE").status());
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) {
            for (String field : List.of("sweepId", "runId", "workerId")) {
                if (n.has(field) && n.get(field).asText().equals(id) && !(field.equals("sweepId") && n.has("runId"))) {
                    return n;
                }
            }
        }
        throw new AssertionError(id + " not in " + array);
    }

    private static long beatAt(JsonNode workers, String id) {
        for (JsonNode w : workers) {
            if (w.get("workerId").asText().equals(id)) {
                return w.get("heartbeatAtMs").asLong();
            }
        }
        return -1;
    }

    private static boolean hasId(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.get("sweepId").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
