package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sweepstream.trainer.data.IdxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep local} end to end on its own embedded broker, with a small generated dataset and its output
 * going to a non-terminal (as when redirected to a file): plain progress lines whose counts never go
 * backwards, then the report.
 */
class LocalCommandIntegrationTest {

    private static final Pattern PROGRESS = Pattern.compile("^ *\\d+\\.\\d s  (\\d+)/4 done, (\\d+) running, (\\d+) queued.*");

    @TempDir
    Path dir;

    @Test
    void withoutATerminalProgressIsPlainLinesThatNeverGoBackwards() throws IOException {
        IdxWriter.writeDirectory(dir, TrainCommandTest.dataset("mnist/train", 600, 11), TrainCommandTest.dataset("mnist/test", 100, 12), false);
        Path spec = Files.writeString(dir.resolve("local.yaml"), """
                name: local-test
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                dataset: mnist
                seed: 3
                parameters:
                  epochs: {value: 2}
                  num_layers: {value: 1}
                  hidden_size: {value: 8}
                  batch_size: {value: 32}
                  optimizer: {values: [adam, sgd]}
                  activation: {values: [relu, tanh]}
                """);

        Path report = dir.resolve("local.csv"); // --report rides along: a second local sweep would double the time
        Cli.Result r = Cli.run("local", spec.toString(), "--data-dir", dir.toString(), "--trainers", "2",
                "--report", report.toString());

        assertEquals(0, r.exitCode(), r::transcript);
        assertFalse(r.out().contains("\r"), "no carriage return in a file");
        assertFalse(r.out().contains("\033"), "no ANSI code in a file");
        List<Matcher> progress = r.outLines().stream().map(PROGRESS::matcher).filter(Matcher::matches).toList();
        assertFalse(progress.isEmpty(), r::transcript);
        int done = 0;
        int queued = 4;
        for (Matcher m : progress) {
            int d = Integer.parseInt(m.group(1));
            int q = Integer.parseInt(m.group(3));
            assertTrue(d >= done && q <= queued, () -> "progress went backwards at '" + m.group() + "'\n" + r.transcript());
            done = d;
            queued = q;
        }
        assertEquals(4, done, r::transcript);
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("sweep finished in ")), r::transcript);
        String header = r.outLines().stream().filter(l -> l.trim().startsWith("rank")).findFirst().orElseThrow();
        assertFalse(header.contains("val acc"), "val_accuracy is the metric column already: " + header);

        assertTrue(r.outLines().contains("report (csv) written to " + report), r::transcript);
        List<String> rows = Files.readAllLines(report);
        assertEquals(5, rows.size(), "a header and one row per run: " + rows);
        assertEquals(4, rows.stream().filter(l -> l.contains(",FINISHED,")).count(), () -> String.join("\n", rows));
    }
}
