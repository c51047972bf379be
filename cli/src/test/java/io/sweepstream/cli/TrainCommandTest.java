package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.IdxWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code sweep train} on a small generated dataset: output, JSON mode, reproducibility, bad flags. */
class TrainCommandTest {

    private static final int ROWS = 28;
    private static final int COLS = 28;
    private static final int CLASSES = 10;
    private static final int TRAIN = 600;
    private static final int TEST = 100;

    /** Keys whose values depend on the clock or the machine, not on the seed. */
    private static final String TIMING_KEYS = "samplesPerSecond|timestampMs|durationMs|finishedAtMs|workerId";

    @TempDir
    static Path dataDir;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void writeDataset() throws IOException {
        IdxWriter.writeDirectory(dataDir, dataset("mnist/train", TRAIN, 11), dataset("mnist/test", TEST, 12), false);
    }

    /**
     * {@code count} noisy images, class {@code c} (= index mod 10) drawing a bright horizontal band at rows
     * {@code 3+2c} and {@code 4+2c}: linearly separable, so two epochs of a tiny network learn it.
     */
    static Dataset dataset(String name, int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * ROWS * COLS];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int c = i % CLASSES;
            labels[i] = (byte) c;
            int base = i * ROWS * COLS;
            for (int p = 0; p < ROWS * COLS; p++) {
                pixels[base + p] = (byte) random.nextInt(40);
            }
            for (int row = 3 + 2 * c; row <= 4 + 2 * c; row++) {
                for (int col = 4; col < 24; col++) {
                    pixels[base + row * COLS + col] = (byte) (200 + random.nextInt(56));
                }
            }
        }
        return new Dataset(name, count, ROWS, COLS, pixels, labels, DatasetKind.MNIST.classNames());
    }

    /**
     * The assignment's example command line on the generated data; {@code overrides} are flag/value pairs that
     * replace the default value of that flag (or add the flag), and {@code --json} on its own.
     */
    private static String[] train(String... overrides) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> defaults = List.of("-d", "mnist", "--data-dir", dataDir.toString(), "-e", "2", "-b", "32", "-nhl", "1",
                "-sz", "16", "-o", "adam", "-lr", "0.01", "-a", "ReLU", "-w_i", "Xavier", "--seed", "3");
        for (int i = 0; i < defaults.size(); i += 2) {
            flags.put(defaults.get(i), defaults.get(i + 1));
        }
        List<String> switches = new ArrayList<>();
        for (int i = 0; i < overrides.length; i++) {
            if (overrides[i].equals("--json")) {
                switches.add(overrides[i]);
            } else {
                flags.put(overrides[i], overrides[++i]);
            }
        }
        List<String> args = new ArrayList<>(List.of("train"));
        flags.forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        args.addAll(switches);
        return args.toArray(String[]::new);
    }

    @Test
    void trainsAndPrintsTwoEpochLinesAResultLineAndTheConfusionMatrixWithClassNames() {
        Cli.Result r = Cli.run(train());

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("", r.err(), r::transcript);
        List<String> lines = r.outLines();
        assertTrue(lines.get(0).startsWith("mnist: 600 train / 100 test images from " + dataDir), r::transcript);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("config: adam lr=0.01 bs=32 1x16 relu cross_entropy")), r::transcript);

        List<String> epochs = lines.stream().filter(l -> l.matches(".* train-3 #1 epoch [12]/2 .*")).toList();
        assertEquals(2, epochs.size(), r::transcript);
        assertTrue(epochs.get(0).contains("epoch 1/2") && epochs.get(1).contains("epoch 2/2"), r::transcript);

        List<String> results = lines.stream().filter(l -> l.matches(".* train-3 #1 FINISHED .*")).toList();
        assertEquals(1, results.size(), r::transcript);
        assertTrue(results.get(0).contains("test acc "), r::transcript);
        assertTrue(results.get(0).contains("2 epoch(s) in "), r::transcript);

        int header = lines.indexOf("confusion matrix on the test set (rows: true class, columns: predicted):");
        assertTrue(header > 0, r::transcript);
        List<String> columns = Arrays.asList(lines.get(header + 1).trim().split("\\s+"));
        assertEquals(Stream.concat(Stream.of("true\\pred"), DatasetKind.MNIST.classNames().stream()).toList(), columns, r::transcript);
        assertEquals(header + 2 + CLASSES, lines.size(), () -> "one row per class, nothing after it\n" + r.transcript());
        int total = 0;
        int diagonal = 0;
        for (int i = 0; i < CLASSES; i++) {
            String[] cells = lines.get(header + 2 + i).trim().split("\\s+");
            assertEquals(DatasetKind.MNIST.classNames().get(i), cells[0], r::transcript);
            assertEquals(CLASSES + 1, cells.length, r::transcript);
            for (int j = 1; j <= CLASSES; j++) {
                total += Integer.parseInt(cells[j]);
                diagonal += j - 1 == i ? Integer.parseInt(cells[j]) : 0;
            }
        }
        assertEquals(TEST, total, "every test image is counted once");
        assertTrue(diagonal >= 80, () -> "the separable classes are learnt: " + r.transcript());
    }

    @Test
    void jsonPrintsExactlyOneObjectPerEpochAndOneForTheResult() throws IOException {
        Cli.Result r = Cli.run(train("--json"));

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("", r.err(), r::transcript);
        List<String> lines = r.outLines();
        assertEquals(3, lines.size(), r::transcript);
        for (String line : lines) {
            assertTrue(line.startsWith("{"), r::transcript);
        }
        JsonNode first = JSON.readTree(lines.get(0));
        JsonNode second = JSON.readTree(lines.get(1));
        JsonNode result = JSON.readTree(lines.get(2));
        assertEquals(1, first.get("epoch").asInt());
        assertEquals(2, second.get("epoch").asInt());
        assertEquals(2, second.get("epochs").asInt());
        assertEquals("FINISHED", result.get("status").asText());
        assertEquals(2, result.get("epochsCompleted").asInt());
        assertEquals(3, result.get("seed").asLong());
        assertEquals("mnist", result.get("dataset").asText());
        assertEquals(CLASSES, result.get("confusionMatrix").size());
        assertEquals(DatasetKind.MNIST.classNames(), JSON.convertValue(result.get("classNames"), List.class));
    }

    @Test
    void theSameSeedTwiceGivesTheSameJsonApartFromTimings() {
        Cli.Result a = Cli.run(train("--json"));
        Cli.Result b = Cli.run(train("--json"));

        assertEquals(0, a.exitCode(), a::transcript);
        assertEquals(0, b.exitCode(), b::transcript);
        assertEquals(3, withoutTimings(a.out()).lines().count(), a::transcript);
        assertEquals(withoutTimings(a.out()), withoutTimings(b.out()));

        Cli.Result otherSeed = Cli.run(train("--json", "--seed", "4"));
        assertEquals(0, otherSeed.exitCode(), otherSeed::transcript);
        assertNotEquals(withoutTimings(a.out()), withoutTimings(otherSeed.out()), "the seed matters");
    }

    /** Drops the clock- and machine-dependent keys from Avro's JSON rendering. */
    private static String withoutTimings(String json) {
        return json.replaceAll("\"(" + TIMING_KEYS + ")\"\\s*:\\s*(\"[^\"]*\"|[^,}]*)\\s*,?\\s*", "");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(List.of("-lr", "-1"), List.of("--learning_rate", "-1")),
                Arguments.of(List.of("-lr", "0"), List.of("--learning_rate")),
                Arguments.of(List.of("-lr", "fast"), List.of("--learning_rate", "fast")),
                Arguments.of(List.of("-nhl", "0"), List.of("--num_layers")),
                Arguments.of(List.of("-sz", "0"), List.of("--hidden_size")),
                Arguments.of(List.of("-e", "0"), List.of("--epochs")),
                Arguments.of(List.of("-b", "0"), List.of("--batch_size")),
                Arguments.of(List.of("-m", "1"), List.of("--momentum")),
                Arguments.of(List.of("-w_d", "-0.1"), List.of("--weight_decay")),
                Arguments.of(List.of("-o", "adamw"), List.of("--optimizer", "adamw", "sgd, momentum, nag, rmsprop, adam, nadam")),
                Arguments.of(List.of("-a", "softmax"), List.of("--activation", "softmax")),
                Arguments.of(List.of("-l", "hinge"), List.of("--loss", "hinge")),
                Arguments.of(List.of("-w_i", "orthogonal"), List.of("--weight_init", "orthogonal")),
                Arguments.of(List.of("-d", "cifar10"), List.of("--dataset", "cifar10")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueExits2WithOneLineOnStderrNamingTheFlag(List<String> flag, List<String> expected) {
        Cli.Result r = Cli.run(train(flag.toArray(String[]::new)));

        assertEquals(2, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        for (String fragment : expected) {
            assertTrue(r.err().contains(fragment), () -> "mentions " + fragment + "\n" + r.transcript());
        }
        assertTrue(r.err().startsWith("sweep train: "), r::transcript);
        assertEquals("", r.out(), "nothing trained, nothing on stdout");
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        Cli.Result r = Cli.run(train("-e", "1", "-a", "relu", "-w_i", "xavier", "-o", "NAdam", "-l", "Cross_Entropy"));

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("", r.err(), r::transcript);
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("config: nadam lr=0.01 bs=32 1x16 relu cross_entropy wd=0 xavier ep=1")),
                r::transcript);
    }

    @Test
    void aMissingDataDirectoryFailsWithAMessageNamingItAndNoStackTrace(@TempDir Path tmp) {
        Path missing = tmp.resolve("nonexistent");

        Cli.Result r = Cli.run("train", "-d", "mnist", "--data-dir", missing.toString(), "-e", "1");

        assertNotEquals(0, r.exitCode(), r::transcript);
        assertTrue(r.err().contains(missing.toString()), r::transcript);
        assertTrue(r.err().startsWith("sweep train: "), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertFalse(Cli.hasStackTrace(r.err()), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }
}
