package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.sweepstream.broker.BrokerSecurity;
import io.sweepstream.broker.BrokerSettings;
import io.sweepstream.broker.EmbeddedBroker;
import io.sweepstream.broker.junit.SelfSignedTls;
import io.sweepstream.dashboard.Dashboard;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.testing.LogCapture;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a broker that speaks only SASL_SSL with SCRAM-SHA-512: a trainer and the evaluator in
 * their own JVMs, {@code sweep topics}, {@code submit} and {@code status} here, all with a
 * {@code --kafka-config} file; the dashboard on the same properties. Every run gets its result, a
 * wrong password gets one clear line, and the password appears in no output, log or API answer.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
class SecureSweepIntegrationTest {

    private static final String PASSWORD = "Sw33p-alice-5ecret-Qz";
    private static final String WRONG = "Wr0ng-guess-Kp";
    private static final String SWEEP_ID = "secure";
    private static final int RUNS = 2;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final Map<String, Process> processes = new LinkedHashMap<>();

    @Test
    void aSweepOverSaslSslCompletesAndNoPasswordIsEverShown() throws Exception {
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        BrokerSecurity security = new BrokerSecurity("admin", "Adm1n-secret-Xw", Map.of("alice", PASSWORD),
                SelfSignedTls.generate(certs, "Tru5t-store-Lm"));
        Path good = writeProperties("alice.properties", security.clientProperties("alice", PASSWORD));
        Path bad = writeProperties("bad.properties", security.clientProperties("alice", WRONG));
        Path dataDir = tmp.resolve("data");
        IdxWriter.writeDirectory(dataDir, SyntheticDataset.blobs("train", 600, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", 100, 28, 28, 10, 2), true);
        Path spec = Files.writeString(tmp.resolve("secure.yaml"), """
                name: secure
                method: grid
                dataset: mnist
                parameters:
                  epochs: {value: 1}
                  num_layers: {value: 1}
                  batch_size: {value: 32}
                  hidden_size: {value: 16}
                  optimizer: {values: [adam, sgd]}
                  learning_rate: {value: 0.01}
                """);

        List<String> shown = new ArrayList<>();
        Dashboard dashboard = null;
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.temporary().withDataDir(tmp.resolve("kafka")).withSecurity(security))) {
            String bootstrap = broker.bootstrapServers();
            KafkaConnection kafka = KafkaConnection.withPropertiesFile(bootstrap, good);

            Cli.Result topics = Cli.run("topics", "--bootstrap", bootstrap, "--kafka-config", good.toString());
            shown.add(topics.transcript());
            assertEquals(0, topics.exitCode(), topics::transcript);

            start("trainer", "trainer", "--id", "secure-t1", "--bootstrap", bootstrap, "--kafka-config", good.toString(),
                    "--data-dir", dataDir.toString());
            awaitOutput("trainer", "waiting for runs"); // one JVM starting at a time: each gets its TLS handshake done in time
            start("evaluator", "evaluator", "--bootstrap", bootstrap, "--kafka-config", good.toString());

            Cli.Result submit = Cli.run("submit", spec.toString(), "--sweep-id", SWEEP_ID, "--bootstrap", bootstrap,
                    "--kafka-config", good.toString());
            shown.add(submit.transcript());
            assertEquals(0, submit.exitCode(), submit::transcript);

            List<RunResult> results = TopicReader.read(kafka, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(SWEEP_ID), RUNS, WAIT);
            assertEquals(RUNS, results.size(), () -> "results over SASL_SSL within " + WAIT + "\n" + logs());
            assertEquals(RUNS, results.stream().map(RunResult::getRunId).distinct().count());
            assertTrue(results.stream().allMatch(r -> r.getStatus() == RunStatus.FINISHED), results::toString);
            assertTrue(TopicReader.read(kafka, Topics.SWEEPS_SUMMARY,
                    s -> s.getSweepId().equals(SWEEP_ID) && s.getCounts().getFinished() == RUNS, 1, WAIT).size() == 1,
                    () -> "the evaluator's summary counts both runs\n" + logs());

            Cli.Result status = Cli.run("status", "--bootstrap", bootstrap, "--kafka-config", good.toString());
            shown.add(status.transcript());
            assertEquals(0, status.exitCode(), status::transcript);
            assertTrue(status.out().contains("secure-t1"), () -> "the trainer's heartbeat arrives over SASL_SSL\n" + status.transcript());

            dashboard = Dashboard.start(new Dashboard.Settings(kafka, "127.0.0.1", 0, null));
            awaitBody(dashboard.port(), "/api/workers", "secure-t1");
            for (String path : List.of("/api/status", "/api/sweeps", "/api/workers", "/api/sweeps/" + SWEEP_ID)) {
                shown.add(get(dashboard.port(), path));
            }

            Cli.Result refused = Cli.run("status", "--bootstrap", bootstrap, "--kafka-config", bad.toString());
            shown.add(refused.transcript());
            assertEquals(2, refused.exitCode(), refused::transcript);
            assertEquals(1, refused.errLines().size(), refused::transcript);
            assertTrue(refused.err().contains("refused this client") && refused.err().contains("--kafka-config"), refused::transcript);
            assertFalse(Cli.hasStackTrace(refused.transcript()), refused::transcript);
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
            stopAll();
        }

        shown.add(log.toString());
        for (String name : processes.keySet()) {
            shown.add(Files.readString(log(name), StandardCharsets.UTF_8));
        }
        assertTrue(shown.stream().anyMatch(s -> s.contains("secure-t1")),
                "the outputs were captured");
        for (String secret : List.of(PASSWORD, WRONG, "Adm1n-secret-Xw", "Tru5t-store-Lm")) {
            for (String text : shown) {
                assertFalse(text.contains(secret), () -> "a password was printed:\n" + text);
            }
        }
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls the dashboard's API until its answer at {@code path} names {@code text}. */
    private void awaitBody(int port, String path, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(port, path);
            if (body.contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the dashboard's " + path + " did not show " + text + " within " + WAIT + ": " + body);
    }

    private Path writeProperties(String name, Map<String, String> properties) throws IOException {
        String text = properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(tmp.resolve(name), text);
    }

    /** Starts {@code sweep ARGS} in its own JVM, its output to a file under the test's directory. */
    private void start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), SweepCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        processes.put(name, pb.start());
    }

    /** Waits until a process printed {@code text}; fails at once if it ended. */
    private void awaitOutput(String name, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log(name), StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!processes.get(name).isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not print '" + text + "'\n" + logs());
    }

    private Path log(String name) {
        return tmp.resolve(name + ".log");
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : processes.keySet()) {
            try {
                List<String> lines = Files.readAllLines(log(name), StandardCharsets.UTF_8);
                out.append("--- ").append(name).append(" (last 20 lines)\n");
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("--- ").append(name).append(": no output\n");
            }
        }
        return out.toString();
    }

    private void stopAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
