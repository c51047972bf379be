package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.DownloadEvent;
import org.junit.jupiter.api.Test;

class DownloadProgressPrinterTest {

    private static final URI FIRST = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz");
    private static final URI SECOND = URI.create("https://raw.githubusercontent.com/x/train-images-idx3-ubyte.gz");
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();

    private DownloadProgressPrinter printer(boolean terminal) {
        return new DownloadProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, clock::get);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** 26.4 MB arriving at 2 MB/s, one progress event a second, with a mirror failing first. */
    private void download(DownloadProgressPrinter p) {
        p.on(new DownloadEvent.DatasetStarted(DatasetKind.FASHION_MNIST, Path.of("/cache/fashion_mnist"), 30_878_645));
        p.on(new DownloadEvent.MirrorFailed(FIRST, "java.net.UnknownHostException: fashion-mnist.s3-website.eu-central-1.amazonaws.com", SECOND));
        p.on(new DownloadEvent.FileStarted(SECOND, 0, 26_421_880));
        for (int s = 1; s <= 14; s++) {
            clock.set(s * SECOND_NANOS);
            p.on(new DownloadEvent.FileProgress(SECOND, Math.min(26_421_880, s * 2_000_000L), 26_421_880, 2_000_000));
        }
        p.on(new DownloadEvent.FileVerified(SECOND, Path.of("/cache/fashion_mnist/train-images-idx3-ubyte.gz"), 26_421_880));
    }

    @Test
    void withoutATerminalPrintsAPlainLineEveryFewSecondsWithBytesPercentAndRate() {
        download(printer(false));

        assertEquals(List.of(
                "downloading fashion_mnist (30.9 MB, once) into /cache/fashion_mnist",
                "  train-images-idx3-ubyte.gz from fashion-mnist.s3-website.eu-central-1.amazonaws.com failed: "
                        + "java.net.UnknownHostException: fashion-mnist.s3-website.eu-central-1.amazonaws.com; trying raw.githubusercontent.com",
                "  train-images-idx3-ubyte.gz from raw.githubusercontent.com (26.4 MB)",
                "  train-images-idx3-ubyte.gz: 6.0 MB of 26.4 MB ( 23%), 2.0 MB/s",
                "  train-images-idx3-ubyte.gz: 12.0 MB of 26.4 MB ( 45%), 2.0 MB/s",
                "  train-images-idx3-ubyte.gz: 18.0 MB of 26.4 MB ( 68%), 2.0 MB/s",
                "  train-images-idx3-ubyte.gz: 24.0 MB of 26.4 MB ( 91%), 2.0 MB/s",
                "  train-images-idx3-ubyte.gz: 26.4 MB, SHA-256 verified"), printed().lines().toList());
        assertTrue(!printed().contains("\r") && !printed().contains("\033"), "no terminal codes in a file");
    }

    @Test
    void onATerminalRedrawsOneBarInPlaceAndReplacesItWithTheResult() {
        download(printer(true));

        String out = printed();
        assertTrue(out.contains("\r\033[2K  [#######.......................] 6.0 MB of 26.4 MB ( 23%), 2.0 MB/s"), out);
        assertTrue(out.contains("\r\033[2K  [##############################] 26.4 MB of 26.4 MB (100%), 2.0 MB/s"), out);
        assertTrue(out.endsWith("\r\033[2K  train-images-idx3-ubyte.gz: 26.4 MB, SHA-256 verified" + System.lineSeparator()), out);
        assertEquals(14, out.split("\\[#*\\.*\\] ", -1).length - 1, "one redraw per progress event");
    }

    @Test
    void saysWhereAResumedDownloadPicksUp() {
        printer(false).on(new DownloadEvent.FileStarted(SECOND, 12_000_000, 26_421_880));

        assertEquals("  train-images-idx3-ubyte.gz from raw.githubusercontent.com (26.4 MB), resuming at 12.0 MB" + System.lineSeparator(), printed());
    }
}
