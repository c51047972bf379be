package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import io.sweepstream.trainer.data.DatasetFile;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.DatasetLocator;
import io.sweepstream.trainer.data.HttpDownloader;
import io.sweepstream.trainer.data.IdxWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep local}, {@code train} and {@code trainer} on a machine without the dataset: they look for
 * it (and download it) before anything else, and fail with one error that says how to get it. The
 * commands see an empty {@code $SWEEP_DATA_DIR}, an empty home, no Debian package, and mirrors on the
 * loopback interface: one that refuses connections and one that serves what the test says.
 */
class DatasetFirstTest {

    @TempDir
    Path tmp;

    private HttpServer mirror;
    private final Map<String, byte[]> served = new HashMap<>();
    private Function<Path, DatasetLocator> realLocators;

    @BeforeEach
    void startMirror() throws IOException {
        mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", exchange -> {
            try (exchange) {
                String name = exchange.getRequestURI().getPath().replaceFirst("^/data/", "");
                byte[] body = served.get(name);
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        mirror.start();
        realLocators = DatasetPreflight.locators;
    }

    @AfterEach
    void restore() {
        DatasetPreflight.locators = realLocators;
        mirror.stop(0);
    }

    private URI mirrorBase() {
        return URI.create("http://" + mirror.getAddress().getHostString() + ":" + mirror.getAddress().getPort() + "/data/");
    }

    /** Makes every command see no dataset on this machine, and download from a dead mirror, then ours. */
    private void noDatasetHere(DatasetLocator.ExpectedDigests digests) throws IOException {
        Path emptyDataDir = Files.createDirectories(tmp.resolve("empty-data-dir"));
        URI dead = deadMirror();
        DatasetPreflight.locators = dataDir -> new DatasetLocator(dataDir, Map.of(DatasetLocator.ENV_DATA_DIR, emptyDataDir.toString()),
                tmp.resolve("home"), Map.of(), new HttpDownloader(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50)), digests)
                .withMirrors(kind -> List.of(dead, mirrorBase()));
    }

    @Test
    void localFailsBeforeTheBrokerStartsWhenNoMirrorHasTheDataset() throws IOException {
        noDatasetHere(DatasetKind::sha256);
        Path brokerDir = tmp.resolve("broker");

        Cli.Result r = Cli.run("local", Cli.repositoryRoot().resolve("examples/quick.yaml").toString(), "--broker-dir", brokerDir.toString());

        assertEquals(2, r.exitCode(), r::transcript);
        assertFalse(Files.exists(brokerDir), () -> "no broker was started\n" + r.transcript());
        assertFalse(r.out().contains("broker"), r::transcript);
        assertTrue(r.took().compareTo(Duration.ofSeconds(20)) < 0, () -> "took " + r.took());
        String error = r.err().substring(r.err().indexOf("sweep local: "));
        for (String expected : List.of("sweep local: Cannot find the fashion_mnist dataset",
                "SWEEP_DATA_DIR=" + tmp.resolve("empty-data-dir"), "ConnectException", "HTTP 404",
                "sudo apt-get install dataset-fashion-mnist", "30.9 MB", "--data-dir DIR", "SWEEP_DATA_DIR=DIR")) {
            assertTrue(error.contains(expected), () -> "lacks '" + expected + "'\n" + r.transcript());
        }
        assertFalse(Cli.hasStackTrace(r.err()), r::transcript);
        assertTrue(r.err().contains("train-images-idx3-ubyte.gz from 127.0.0.1:"), r::transcript);
        assertTrue(r.err().contains(" failed: java.net.ConnectException: Connection refused; trying " + mirrorBase().getAuthority()), r::transcript);
        assertTrue(r.err().contains(" failed: HTTP 404 from " + mirrorBase().resolve("train-images-idx3-ubyte.gz") + "; no mirror left"), r::transcript);
    }

    @Test
    void trainerChecksTheDatasetBeforeLookingForABroker() throws IOException {
        noDatasetHere(DatasetKind::sha256);

        Cli.Result r = Cli.run("trainer", "--bootstrap", "localhost:1");

        assertEquals(2, r.exitCode(), r::transcript);
        assertTrue(r.err().contains("sweep trainer: Cannot find the fashion_mnist dataset"), r::transcript);
        assertFalse(r.err().contains("no Kafka broker answers"), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }

    @Test
    void trainFailsWithTheSameAdviceWithoutTraining() throws IOException {
        noDatasetHere(DatasetKind::sha256);

        Cli.Result r = Cli.run("train", "-e", "1");

        assertEquals(2, r.exitCode(), r::transcript);
        assertTrue(r.err().contains("sweep train: Cannot find the fashion_mnist dataset"), r::transcript);
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }

    @Test
    void trainDownloadsAMissingDatasetFromTheSecondMirrorShowingProgressThenTrains() throws IOException {
        Path files = tmp.resolve("mnist-files");
        IdxWriter.writeDirectory(files, TrainCommandTest.dataset("mnist/train", 300, 1), TrainCommandTest.dataset("mnist/test", 50, 2), true);
        Map<DatasetFile, String> digests = new HashMap<>();
        for (DatasetFile f : DatasetFile.values()) {
            byte[] bytes = Files.readAllBytes(files.resolve(f.gzFileName()));
            served.put(f.gzFileName(), bytes);
            digests.put(f, sha256(bytes));
        }
        noDatasetHere((kind, file) -> digests.get(file));

        Cli.Result r = Cli.run("train", "-d", "mnist", "-e", "1", "-nhl", "1", "-sz", "8");

        assertEquals(0, r.exitCode(), r::transcript);
        Path cache = tmp.resolve("home/.cache/sweepstream/mnist");
        List<String> err = r.errLines();
        assertEquals("downloading mnist (11.6 MB, once) into " + cache, err.get(0), r::transcript);
        assertTrue(err.get(1).matches("  train-images-idx3-ubyte\\.gz from 127\\.0\\.0\\.1:\\d+ failed: java\\.net\\.ConnectException.*; trying "
                + mirrorBase().getAuthority()), r::transcript);
        assertTrue(err.contains("  train-images-idx3-ubyte.gz: " + String.format(java.util.Locale.ROOT, "%.1f MB",
                served.get("train-images-idx3-ubyte.gz").length / 1e6) + ", SHA-256 verified"), r::transcript);
        assertTrue(r.outLines().get(0).startsWith("mnist: 300 train / 50 test images from " + cache), r::transcript);
        assertTrue(r.out().contains(" FINISHED "), r::transcript);
    }

    /** A loopback port nobody listens on. */
    private static URI deadMirror() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/data/");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
