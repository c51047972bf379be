package io.sweepstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.IdxWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    @TempDir
    static Path tmp;

    static Path dataDir;

    /** A tiny learnable Fashion-MNIST stand-in: 8x8 images, the class sets one bright row, plus noise. */
    @BeforeAll
    static void writeDataset() throws IOException {
        dataDir = tmp.resolve("data");
        IdxWriter.writeDirectory(dataDir, images("train", 400, 1), images("test", 60, 2), true);
    }

    private static Dataset images(String name, int count, long seed) {
        Random random = new Random(seed);
        int side = 8;
        byte[] pixels = new byte[count * side * side];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            for (int p = 0; p < side * side; p++) {
                int v = random.nextInt(60) + (p / side == label % side ? 180 : 0) + (label >= side && p % side == 0 ? 150 : 0);
                pixels[i * side * side + p] = (byte) Math.min(255, v);
            }
        }
        return new Dataset(name, count, side, side, pixels, labels, DatasetKind.FASHION_MNIST.classNames());
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run bench(String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void measuresConfigBWithoutPeers() {
        Run r = bench("--configs", "B", "--epochs", "1", "--repeats", "1", "--no-peers", "--data-dir", dataDir.toString(),
                "--backends", "ejml", "--no-warmup");

        assertEquals(0, r.exitCode(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        assertTrue(r.out().contains("config B: 3x32 tanh, nadam, lr 0.001, batch 16"), r.out());
        Matcher row = Pattern.compile("(?m)^\\s+ours ejml\\s+([0-9,]+)\\s").matcher(r.out());
        assertTrue(row.find(), "no 'ours' row in:\n" + r.out());
        assertTrue(Double.parseDouble(row.group(1).replace(",", "")) > 0, row.group());
        assertTrue(r.out().contains("machine: "), r.out());
        assertTrue(r.out().contains("engine: float32, backend ejml"), r.out());
        assertTrue(r.out().contains("peers: off (--no-peers)"), r.out());
        assertFalse(r.out().contains("numpy float"), "no peer row expected:\n" + r.out());
        // one progress line per measurement, on stderr
        assertTrue(r.err().contains("[B 1/1] ours ejml"), r.err());
    }

    @Test
    void jsonPrintsOneObjectPerConfigWithEveryBackend() {
        Run r = bench("--configs", "b", "--epochs", "1", "--repeats", "1", "--no-peers", "--data-dir", dataDir.toString(), "--json");

        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.out());
        Map<?, ?> o = (Map<?, ?>) BenchSupport.parseJson(lines.get(0));
        assertEquals("B", o.get("config"));
        List<?> ours = (List<?>) o.get("ours");
        assertEquals(io.sweepstream.trainer.math.Backends.available().size(), ours.size(), lines.get(0));
        for (Object impl : ours) {
            Map<?, ?> sps = (Map<?, ?>) ((Map<?, ?>) impl).get("samples_per_sec");
            assertTrue((Double) sps.get("median") > 0, lines.get(0));
        }
        assertEquals("ejml", ((Map<?, ?>) ours.get(ours.size() - 1)).get("backend"));
        assertEquals(List.of(), o.get("peers"));
        assertTrue(((String) o.get("command")).startsWith("./sweep bench --configs b"), (String) o.get("command"));
    }

    @Test
    void unknownBackendExits2NamingTheAllowedOnes() {
        Run r = bench("--backends", "gpu", "--no-peers", "--data-dir", dataDir.toString());

        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'gpu'") && r.err().contains("blas, vector, ejml"), r.err());
    }

    @Test
    void unknownConfigExits2NamingTheAllowedOnes() {
        Run r = bench("--configs", "X", "--no-peers", "--data-dir", dataDir.toString());

        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'X'") && r.err().contains("A, B, C, D"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void peersDirWithoutTheScriptExits2() {
        Run r = bench("--configs", "B", "--peers", tmp.toString(), "--data-dir", dataDir.toString());

        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("numpy_mlp.py"), r.err());
    }

    @Test
    void readsTheLastResultLineOfThePeer() {
        // abridged numpy_mlp.py output: history entries hold val_acc too; the top-level one counts; Python writes NaN
        List<String> lines = List.of(
                "numpy 2.4.6  blas=scipy-openblas 0.3.31  blas_threads=2  dtype=float32",
                "RESULT {\"samples_per_sec\": 1.0, \"val_acc\": 0.1}",
                "RESULT {\"best_val_acc\": 0.88, \"blas_threads\": 2, \"history\": [{\"epoch\": 1, \"val_acc\": 0.5, "
                        + "\"cpu_stall_frac\": NaN}], \"samples_per_sec\": 40600.5, \"segments\": {\"quiet_samples_per_sec\": 9.0}, "
                        + "\"tag\": \"a \\\"b\\\"\", \"test_acc\": 0.867, \"val_acc\": 0.879, \"wall_seconds\": 7.25}");

        BenchSupport.PeerResult r = BenchSupport.parseResult(lines);

        assertEquals(40600.5, r.samplesPerSecond());
        assertEquals(0.879, r.valAccuracy());
        assertEquals(0.88, r.bestValAccuracy());
        assertEquals(7.25, r.wallSeconds());
        assertEquals(2, r.blasThreads());
    }

    @Test
    void medianOfRepeats() {
        assertEquals(new BenchSupport.Stats(2.0, 1.0, 5.0, 3), BenchSupport.Stats.of(List.of(5.0, 1.0, 2.0)));
        assertEquals(2.5, BenchSupport.Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    }
}
