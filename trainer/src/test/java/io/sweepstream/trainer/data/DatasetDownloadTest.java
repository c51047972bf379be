package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locator's download on real HTTP, against two mirrors on the loopback interface: fallback to the
 * second mirror, resuming a partial file (on the next mirror or the next run), and digests.
 */
class DatasetDownloadTest {

    private static final DatasetKind KIND = DatasetKind.MNIST;

    @TempDir
    Path tmp;

    private final Map<DatasetFile, byte[]> served = new EnumMap<>(DatasetFile.class);
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
    private MirrorServer first;
    private MirrorServer second;

    @BeforeEach
    void startMirrors() throws IOException {
        Path source = TestData.writeDirectory(tmp.resolve("mirror-files"), true);
        first = new MirrorServer();
        second = new MirrorServer();
        for (DatasetFile f : DatasetFile.values()) {
            byte[] bytes = Files.readAllBytes(source.resolve(f.gzFileName()));
            served.put(f, bytes);
            first.serve(f.gzFileName(), bytes);
            second.serve(f.gzFileName(), bytes);
        }
    }

    @AfterEach
    void stopMirrors() {
        first.close();
        second.close();
    }

    private Path cache() {
        return tmp.resolve("home/.cache/sweepstream/mnist");
    }

    /** Nothing found locally; downloads from {@code mirrors} with the digests of the files served. */
    private DatasetLocator locator(URI... mirrors) {
        return new DatasetLocator(null, Map.of(), tmp.resolve("home"), Map.of(),
                new HttpDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(10)),
                (kind, file) -> sha256(served.get(file)))
                .withMirrors(kind -> List.of(mirrors))
                .withListener(events::add);
    }

    @Test
    void downloadsFromTheSecondMirrorWhenTheFirstIsUnreachable() throws IOException {
        URI unreachable = unreachableBase();

        DatasetFiles files = locator(unreachable, second.base()).locate(KIND);

        assertEquals(DatasetFiles.Source.DOWNLOAD, files.source());
        assertEquals(50, Datasets.read(files).train().count());
        List<DownloadEvent.MirrorFailed> failures = eventsOf(DownloadEvent.MirrorFailed.class);
        assertEquals(4, failures.size(), events::toString);
        for (DownloadEvent.MirrorFailed f : failures) {
            assertEquals(unreachable.getPort(), f.source().getPort());
            assertTrue(f.reason().contains("ConnectException"), f::reason);
            assertEquals(second.base().getPort(), f.next().getPort());
        }
        assertEquals(4, second.requests().size());
        assertEquals(4, eventsOf(DownloadEvent.FileVerified.class).size());
        assertNoPartFiles();
    }

    @Test
    void downloadsFromTheSecondMirrorWhenTheFirstAnswersWithAnError() {
        first.failingWith(503);

        DatasetFiles files = locator(first.base(), second.base()).locate(KIND);

        assertEquals(DatasetFiles.Source.DOWNLOAD, files.source());
        assertTrue(eventsOf(DownloadEvent.MirrorFailed.class).get(0).reason().contains("HTTP 503"), events::toString);
    }

    @Test
    void theSecondMirrorResumesWhatTheFirstBegan() throws IOException {
        first.cuttingOff(DatasetFile.TRAIN_IMAGES.gzFileName(), 300);

        DatasetFiles files = locator(first.base(), second.base()).locate(KIND);

        assertArrayEquals(served.get(DatasetFile.TRAIN_IMAGES), Files.readAllBytes(files.path(DatasetFile.TRAIN_IMAGES)));
        assertEquals(List.of(new MirrorServer.Request(DatasetFile.TRAIN_IMAGES.gzFileName(), "bytes=300-")), second.requests(),
                "the second mirror sends only the rest");
        DownloadEvent.FileStarted resumed = eventsOf(DownloadEvent.FileStarted.class).get(1);
        assertEquals(300, resumed.offset());
        assertNoPartFiles();
    }

    @Test
    void aDownloadThatFailedIsResumedByTheNextRun() throws IOException {
        first.cuttingOff(DatasetFile.TRAIN_IMAGES.gzFileName(), 300);

        assertThrows(DatasetException.class, () -> locator(first.base()).locate(KIND));
        assertEquals(300, Files.size(cache().resolve("train-images-idx3-ubyte.gz.part")), "the bytes that came are kept");

        DatasetFiles files = locator(first.base()).locate(KIND);

        assertArrayEquals(served.get(DatasetFile.TRAIN_IMAGES), Files.readAllBytes(files.path(DatasetFile.TRAIN_IMAGES)));
        assertEquals(new MirrorServer.Request(DatasetFile.TRAIN_IMAGES.gzFileName(), "bytes=300-"), first.requests().get(1));
        assertNoPartFiles();
    }

    @Test
    void bytesThatFailTheDigestAreDiscardedAndTheNextMirrorStartsAfresh() throws IOException {
        byte[] corrupt = served.get(DatasetFile.TEST_LABELS).clone();
        corrupt[corrupt.length / 2] ^= 1;
        first.serve(DatasetFile.TEST_LABELS.gzFileName(), corrupt);

        DatasetFiles files = locator(first.base(), second.base()).locate(KIND);

        assertArrayEquals(served.get(DatasetFile.TEST_LABELS), Files.readAllBytes(files.path(DatasetFile.TEST_LABELS)));
        assertEquals(List.of(new MirrorServer.Request(DatasetFile.TEST_LABELS.gzFileName(), null)), second.requests());
        DownloadEvent.MirrorFailed failed = eventsOf(DownloadEvent.MirrorFailed.class).get(0);
        assertTrue(failed.reason().startsWith("SHA-256 mismatch, expected " + sha256(served.get(DatasetFile.TEST_LABELS))
                + ", found " + sha256(corrupt)), failed::reason);
    }

    @Test
    void failsNamingEachMirrorWhenNoneDeliversTheRightBytesAndKeepsNothing() {
        byte[] corrupt = served.get(DatasetFile.TRAIN_IMAGES).clone();
        corrupt[10] ^= 1;
        first.serve(DatasetFile.TRAIN_IMAGES.gzFileName(), corrupt);
        second.serve(DatasetFile.TRAIN_IMAGES.gzFileName(), corrupt);

        DatasetException e = assertThrows(DatasetException.class, () -> locator(first.base(), second.base()).locate(KIND));

        String mismatch = "train-images-idx3-ubyte.gz: SHA-256 mismatch, expected " + sha256(served.get(DatasetFile.TRAIN_IMAGES));
        assertTrue(e.getMessage().contains(first.base() + mismatch), e::getMessage);
        assertTrue(e.getMessage().contains(second.base() + mismatch), e::getMessage);
        assertNull(eventsOf(DownloadEvent.MirrorFailed.class).get(1).next(), "no mirror left");
        assertFalse(Files.exists(cache().resolve("train-images-idx3-ubyte.gz")));
        assertNoPartFiles();
    }

    @Test
    void reportsTheDatasetThenEachFileInOrder() {
        locator(first.base()).locate(KIND);

        DownloadEvent.DatasetStarted start = assertInstanceOf(DownloadEvent.DatasetStarted.class, events.get(0));
        assertEquals(KIND, start.kind());
        assertEquals(cache(), start.directory());
        assertEquals(KIND.downloadBytes(), start.bytes(), "the pinned size of the four files");
        List<Class<?>> kinds = events.stream().<Class<?>>map(Object::getClass).distinct().toList();
        assertEquals(List.of(DownloadEvent.DatasetStarted.class, DownloadEvent.FileStarted.class,
                DownloadEvent.FileProgress.class, DownloadEvent.FileVerified.class), kinds);
        List<DownloadEvent.FileVerified> verified = eventsOf(DownloadEvent.FileVerified.class);
        assertEquals(cache().resolve("train-images-idx3-ubyte.gz"), verified.get(0).file());
        assertEquals(served.get(DatasetFile.TRAIN_IMAGES).length, verified.get(0).bytes());
    }

    private <T extends DownloadEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void assertNoPartFiles() {
        if (!Files.isDirectory(cache())) {
            return;
        }
        try (var files = Files.list(cache())) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A loopback port nobody listens on: connections are refused at once. */
    static URI unreachableBase() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/data/");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
