package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.dashboard.Publisher;
import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.topic.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep report} against a real broker: a small sweep's events are published as the roles publish
 * them, then the command replays the topics and writes the report. Publishing is acknowledged before the
 * command starts, and the command reads until caught up, so nothing here waits on time.
 */
@ExtendWith(KafkaExtension.class)
class ReportCommandIntegrationTest {

    private static final SweepFixture SWEEP = SweepFixture.of("cli-report", "<b>cli</b> report", 5, 3);
    private static final List<RunResult> RESULTS = new ArrayList<>();
    private static String servers;

    @BeforeAll
    static void publishASweep(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
        try (Publisher publish = new Publisher(servers)) {
            publish.definition(SWEEP.definition());
            for (int i = 0; i < SWEEP.runs(); i++) {
                publish.request(SWEEP.request(i));
                for (int e = 1; e <= SWEEP.epochs(); e++) {
                    publish.metric(SWEEP.metric(i, e, 1, "w1"));
                }
                RESULTS.add(SWEEP.result(i, "w1"));
                publish.result(RESULTS.get(i));
            }
            publish.summary(SWEEP.summary(RESULTS, 3)).flush();
        }
    }

    @Test
    void writesOneCsvRowPerRun(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("report.csv");

        Cli.Result r = Cli.run("report", SWEEP.sweepId(), "--format", "csv", "-o", file.toString(), "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals(List.of("wrote the csv report of sweep cli-report (5 runs) to " + file), r.outLines(), r::transcript);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(SWEEP.runs() + 1, lines.size());
        List<String> header = List.of(lines.get(0).split(","));
        for (RunResult result : RESULTS) {
            String[] row = lines.stream().filter(l -> l.startsWith(result.getRunId() + ",")).findFirst().orElseThrow().split(",", -1);
            assertEquals("FINISHED", row[header.indexOf("status")]);
            assertEquals(result.getBestValAccuracy(), Double.parseDouble(row[header.indexOf("metric")]));
        }
    }

    @Test
    void theFormatFollowsTheFileExtensionAndHtmlEscapesTheName(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("report.html");

        Cli.Result r = Cli.run("report", SWEEP.sweepId(), "-o", file.toString(), "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Sweep report: &lt;b&gt;cli&lt;/b&gt; report"));
        RunResult best = RESULTS.stream().max((a, b) -> Double.compare(a.getBestValAccuracy(), b.getBestValAccuracy())).orElseThrow();
        assertTrue(html.contains("best run <b>" + best.getRunId() + "</b>"), "the best run in the counts line");
        assertFalse(html.contains("https://") || html.contains("http://"));
    }

    @Test
    void writesJsonToStandardOutput() throws Exception {
        Cli.Result r = Cli.run("report", SWEEP.sweepId(), "--format", "json", "--bootstrap", servers);

        assertEquals(0, r.exitCode(), r::transcript);
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(SWEEP.sweepId(), report.at("/sweep/sweepId").asText());
        assertEquals(SWEEP.runs(), report.get("runs").size());
        assertEquals(3, report.at("/summary/leaderboard").size());
        assertEquals(3, report.get("topRuns").size(), "curves of the whole (3-run) leaderboard");
    }

    @Test
    void anUnknownSweepExits2SayingHowToFindTheIds() {
        Cli.Result r = Cli.run("report", "no-such-sweep", "--bootstrap", servers);

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().startsWith("sweep report: no sweep no-such-sweep on " + servers + " (newest: cli-report)"), r::transcript);
        assertTrue(r.err().contains("'sweep status --bootstrap " + servers + "' lists every sweep"), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }
}
