package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep trainer -v} in its own JVM on a real broker: what it prints for a sweep of two runs. */
@ExtendWith(KafkaExtension.class)
class TrainerOutputIntegrationTest {

    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d ";

    @TempDir
    Path tmp;

    @Test
    void printsALineAsEachRunStartsAndEndsAndOnePerEpoch(KafkaBackend kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        TopicSetup.createAll(bootstrap, null);
        Path dataDir = tmp.resolve("data");
        IdxWriter.writeDirectory(dataDir, SyntheticDataset.blobs("train", 1000, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", 100, 28, 28, 10, 2), true);
        Path output = tmp.resolve("trainer.out");

        Process trainer = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"), SweepCommand.class.getName(),
                "trainer", "-v", "--id", "talker", "--bootstrap", bootstrap, "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            awaitLine(output, l -> l.startsWith("trainer talker waiting for runs on " + bootstrap), Duration.ofSeconds(60));
            SweepController.submit(bootstrap, SpecParser.parse("""
                    name: talk
                    method: grid
                    dataset: mnist
                    parameters:
                      epochs: {value: 2}
                      num_layers: {value: 1}
                      hidden_size: {value: 16}
                      batch_size: {value: 32}
                      optimizer: {values: [adam, sgd]}
                    """), "talk-test");

            awaitLine(output, l -> l.matches(TIME + "run talk-test-r0001 FINISHED: .*"), Duration.ofSeconds(120));
        } finally {
            trainer.destroy();
            assertTrue(trainer.waitFor(30, TimeUnit.SECONDS));
        }

        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        String all = String.join("\n", lines);
        assertEquals(2, count(lines, TIME + "run talk-test-r000[01] started \\(attempt 1\\): (adam|sgd) lr=0\\.001 bs=32 1x16 relu cross_entropy wd=0 xavier ep=2"), all);
        assertEquals(4, count(lines, TIME + "run talk-test-r000[01] epoch [12]/2: train loss \\d\\.\\d{4} acc \\d\\.\\d{4}, val loss \\d\\.\\d{4} acc \\d\\.\\d{4}, [\\d,]+ samples/s"), all);
        assertEquals(2, count(lines, TIME + "run talk-test-r000[01] FINISHED: best val acc \\d\\.\\d{4} \\(epoch [12]\\), 2 epoch\\(s\\) in \\d+\\.\\d s"), all);
        for (String run : List.of("talk-test-r0000", "talk-test-r0001")) {
            List<String> own = lines.stream().filter(l -> l.contains(" run " + run + " ")).map(l -> l.substring(9)).toList();
            assertEquals(4, own.size(), all);
            assertTrue(own.get(0).contains(" started ") && own.get(1).contains(" epoch 1/2") && own.get(2).contains(" epoch 2/2")
                    && own.get(3).contains(" FINISHED"), all);
        }
    }

    private static long count(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        return lines.stream().filter(l -> p.matcher(l).matches()).count();
    }

    private static void awaitLine(Path output, Predicate<String> wanted, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readAllLines(output, StandardCharsets.UTF_8).stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such line within " + timeout + " in:\n" + (Files.exists(output) ? Files.readString(output) : ""));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
