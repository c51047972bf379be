package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a mirror on the loopback interface: no outside network. */
class HttpDownloaderTest {

    private static final byte[] BODY = randomBytes(200_000, 7);

    @TempDir
    Path tmp;

    private MirrorServer mirror;
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startMirror() throws IOException {
        mirror = new MirrorServer().serve("file.gz", BODY);
    }

    @AfterEach
    void stopMirror() {
        mirror.close();
    }

    private static HttpDownloader downloader() {
        return new HttpDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(20));
    }

    private URI file() {
        return mirror.base().resolve("file.gz");
    }

    @Test
    void writesTheResponseBodyToTheTarget() throws IOException {
        Path target = tmp.resolve("out");

        downloader().download(file(), target, events::add);

        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertEquals(List.of(new MirrorServer.Request("file.gz", null)), mirror.requests());
    }

    @Test
    void reportsProgressWithBytesTotalAndRateUntilTheLastByte() throws IOException {
        mirror.slowly(10_000, 10); // 20 chunks, about 200 ms

        downloader().download(file(), tmp.resolve("out"), events::add);

        assertEquals(new DownloadEvent.FileStarted(file(), 0, BODY.length), events.get(0));
        List<DownloadEvent.FileProgress> progress = events.stream()
                .filter(DownloadEvent.FileProgress.class::isInstance).map(DownloadEvent.FileProgress.class::cast).toList();
        assertTrue(progress.size() >= 3, () -> "several progress events while it arrives: " + events);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).bytes() >= progress.get(i - 1).bytes(), () -> "bytes never go back: " + events);
        }
        DownloadEvent.FileProgress last = progress.get(progress.size() - 1);
        assertEquals(BODY.length, last.bytes());
        assertEquals(BODY.length, last.totalBytes());
        assertEquals(1.0, last.fraction());
        assertTrue(last.bytesPerSecond() > 0, () -> "a rate: " + last);
        assertTrue(progress.get(0).bytes() < BODY.length, () -> "a first event before the end: " + events);
    }

    @Test
    void resumesAPartialFileWithARangeRequest() throws IOException {
        Path target = tmp.resolve("out");
        Files.write(target, Arrays.copyOf(BODY, 50_000));

        downloader().download(file(), target, events::add);

        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertEquals(List.of(new MirrorServer.Request("file.gz", "bytes=50000-")), mirror.requests());
        assertEquals(new DownloadEvent.FileStarted(file(), 50_000, BODY.length), events.get(0));
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws IOException {
        Path target = tmp.resolve("out");
        Files.write(target, new byte[] {9, 9, 9});
        mirror.ignoringRange();

        downloader().download(file(), target, events::add);

        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertEquals(new DownloadEvent.FileStarted(file(), 0, BODY.length), events.get(0));
    }

    @Test
    void leavesAWholeFileAsItIsWhenTheRangeIsPastTheEnd() throws IOException {
        Path target = tmp.resolve("out");
        Files.write(target, BODY);

        downloader().download(file(), target, events::add);

        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertEquals(List.of(new MirrorServer.Request("file.gz", "bytes=" + BODY.length + "-")), mirror.requests());
    }

    @Test
    void aTransferCutShortFailsAndKeepsTheBytesThatCame() throws IOException {
        Path target = tmp.resolve("out");
        mirror.cuttingOff("file.gz", 80_000);

        IOException e = assertThrows(IOException.class, () -> downloader().download(file(), target, events::add));

        byte[] kept = Files.readAllBytes(target);
        assertTrue(kept.length > 0 && kept.length <= 80_000, () -> kept.length + " bytes kept; " + e);
        assertArrayEquals(Arrays.copyOf(BODY, kept.length), kept);

        downloader().download(file(), target, events::add);

        assertArrayEquals(BODY, Files.readAllBytes(target), "the second call resumes where the first stopped");
        assertEquals("bytes=" + kept.length + "-", mirror.requests().get(1).range());
    }

    @Test
    void reportsAnHttpErrorWithItsStatusAndUrlAndWritesNothing() {
        URI missing = mirror.base().resolve("missing.gz");
        Path target = tmp.resolve("out");

        IOException e = assertThrows(IOException.class, () -> downloader().download(missing, target, events::add));

        assertTrue(e.getMessage().contains("HTTP 404 from " + missing), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), events);
    }

    @Test
    void givesUpOnAServerThatStopsSending() throws IOException {
        mirror.slowly(1_000, 2_000);
        HttpDownloader impatient = new HttpDownloader(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(20));

        IOException e = assertThrows(IOException.class, () -> impatient.download(file(), tmp.resolve("out"), events::add));

        assertTrue(e.toString().contains("timed out"), e::toString);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
