package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sweep validate}: the examples are valid, and a bad spec lists every problem with its path. */
class ValidateCommandTest {

    private static final Path EXAMPLES = Cli.repositoryRoot().resolve("examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> specs = files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)")).sorted().toList();
            assertFalse(specs.isEmpty(), "no spec in " + EXAMPLES);
            return specs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleValidates(Path example) {
        Cli.Result r = Cli.run("validate", example.toString());

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals(2, r.outLines().size(), r::transcript);
        assertTrue(r.out().startsWith(example + ": valid "), r::transcript);
        assertTrue(r.outLines().get(1).startsWith("  compute: about "), r::transcript);
        // Only a warning about the sweep's size may go to stderr (the full grid example trains for days).
        assertTrue(r.errLines().stream().allMatch(l -> l.startsWith("warning: the whole sweep trains for about ")), r::transcript);
    }

    @Test
    void aRunOfAHundredThousandEpochsIsValidButWarnedAbout(@TempDir Path tmp) throws IOException {
        Path spec = tmp.resolve("typo.yaml");
        Files.writeString(spec, "name: typo\nmethod: grid\nmetric: {name: val_accuracy, goal: maximize}\n"
                + "parameters:\n  epochs: {value: 100000}\n  num_layers: {value: 1}\n  hidden_size: {value: 32}\n");

        Cli.Result r = Cli.run("validate", spec.toString());

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.errLines().stream().anyMatch(l -> l.startsWith("warning: one run alone (100000 epoch(s) of 1x32, batch 64) trains for about ")),
                r::transcript);
    }

    @Test
    void noEstimateSkipsTheComputeLine() {
        Cli.Result r = Cli.run("validate", EXAMPLES.resolve("quick.yaml").toString(), "--no-estimate");

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals(1, r.outLines().size(), r::transcript);
    }

    @ParameterizedTest(name = "{0}: {1} runs")
    @CsvSource({
        "quick.yaml, 4, grid",
        "fashion-mnist-grid.yaml, 11664, grid",
        "fashion-mnist-random.yaml, 30, random",
    })
    void printsHowManyRunsAnExampleExpandsTo(String name, int runs, String method) {
        Path example = EXAMPLES.resolve(name);

        Cli.Result r = Cli.run("validate", example.toString());

        assertEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.out().startsWith(example + ": valid " + method + " sweep "), r::transcript);
        assertTrue(r.out().contains(", " + runs + " run(s), "), r::transcript);
    }

    @Test
    void showPrintsTheFirstRunConfigurations() {
        Cli.Result r = Cli.run("validate", EXAMPLES.resolve("quick.yaml").toString(), "--show", "2", "--no-estimate");

        assertEquals(0, r.exitCode(), r::transcript);
        List<String> lines = r.outLines();
        assertEquals(3, lines.size(), r::transcript);
        // Grid order: the last parameter varies fastest (see the comment in quick.yaml).
        assertTrue(lines.get(1).startsWith("  run 0: ") && lines.get(1).contains("adam") && lines.get(1).contains("relu"), r::transcript);
        assertTrue(lines.get(2).startsWith("  run 1: ") && lines.get(2).contains("adam") && lines.get(2).contains("tanh"), r::transcript);
    }

    @Test
    void aBadSpecExits2AndListsEveryProblemWithItsFieldPath(@TempDir Path tmp) throws IOException {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, """
                name: bad
                method: random
                run_cap: 5
                metric: {name: val_accuracy, goal: maximize}
                parameters:
                  optimizer:
                    values: [adam, adamw]
                  learning_rate:
                    value: -0.01
                  hidden_size:
                    min: 128
                    max: 32
                  dropout:
                    value: 0.5
                """);

        Cli.Result r = Cli.run("validate", spec.toString());

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals("", r.out(), r::transcript);
        List<String> lines = r.errLines();
        assertEquals(spec + ": 4 problem(s):", lines.get(0), r::transcript);
        List<String> problems = lines.subList(1, lines.size());
        assertEquals(4, problems.size(), r::transcript);
        assertHasProblem(problems, "parameters.optimizer.values[1]", "adamw", r);
        assertHasProblem(problems, "parameters.learning_rate.value", "must be > 0", r);
        assertHasProblem(problems, "parameters.hidden_size.min", "greater than max", r);
        assertHasProblem(problems, "parameters.dropout", "unknown parameter", r);
        assertFalse(Cli.hasStackTrace(r.err()), r::transcript);
    }

    private static void assertHasProblem(List<String> problems, String path, String fragment, Cli.Result r) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("  " + path + ": ") && p.contains(fragment)),
                () -> "a problem at " + path + " mentioning '" + fragment + "'\n" + r.transcript());
    }

    @Test
    void aMissingFileExits2WithOneClearLine(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-spec.yaml");

        Cli.Result r = Cli.run("validate", missing.toString());

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(List.of("sweep validate: spec file " + missing + " does not exist"), r.errLines(), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }

    @Test
    void aBinaryFileIsNotAUtf8TextFile(@TempDir Path tmp) throws IOException {
        Path binary = tmp.resolve("model.yaml");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe, 0, 1});

        Cli.Result r = Cli.run("validate", binary.toString());

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(List.of("sweep validate: spec file " + binary + " is not a UTF-8 text file; a sweep spec is YAML or JSON text"),
                r.errLines(), r::transcript);
    }

    @Test
    void acceptsABayesSweepAndSaysHowManyRunsItKeepsInFlight(@TempDir Path tmp) throws IOException {
        Path spec = tmp.resolve("bayes.yaml");
        Files.writeString(spec, "name: b\nmethod: bayes\nrun_cap: 12\nmetric: {name: val_accuracy, goal: maximize}\n"
                + "parameters:\n  learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n");

        Cli.Result r = Cli.run("validate", spec.toString(), "--no-estimate");

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals(List.of(spec + ": valid bayes sweep \"b\" on fashion_mnist, 12 run(s), ranked by val_accuracy (maximize), "
                + "2 in flight (the default for bayes), the first 3 drawn at random"), r.outLines(), r::transcript);
    }

    @Test
    void aMissingSpecArgumentIsBadUsage() {
        Cli.Result r = Cli.run("validate");

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().contains("SPEC"), r::transcript);
    }
}
