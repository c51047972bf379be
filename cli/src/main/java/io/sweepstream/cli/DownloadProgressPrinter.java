package io.sweepstream.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.sweepstream.trainer.data.DownloadEvent;
import io.sweepstream.trainer.data.DownloadListener;

/**
 * Shows a dataset download: on a terminal a bar redrawn in place (bytes, percent, rate); elsewhere (a
 * file, a pipe, a CI log) a plain line every few seconds. Goes to stderr, so stdout keeps only what a
 * command produces ({@code sweep train --json}).
 */
final class DownloadProgressPrinter implements DownloadListener {

    /** Without a terminal, at most one progress line per file this often. */
    static final Duration LINE_EVERY = Duration.ofSeconds(3);
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long lastLineNanos;
    private boolean barDrawn;

    DownloadProgressPrinter(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    DownloadProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    @Override
    public void on(DownloadEvent event) {
        if (event instanceof DownloadEvent.DatasetStarted e) {
            line(String.format(Locale.ROOT, "downloading %s (%s, once) into %s", e.kind().id(), megabytes(e.bytes()), e.directory()));
        } else if (event instanceof DownloadEvent.FileStarted e) {
            lastLineNanos = nanoTime.getAsLong();
            line(String.format(Locale.ROOT, "  %s from %s%s%s", DownloadEvent.fileName(e.source()), host(e.source()),
                    e.totalBytes() >= 0 ? " (" + megabytes(e.totalBytes()) + ")" : "",
                    e.offset() > 0 ? ", resuming at " + megabytes(e.offset()) : ""));
        } else if (event instanceof DownloadEvent.FileProgress e) {
            progress(e);
        } else if (event instanceof DownloadEvent.MirrorFailed e) {
            line(String.format(Locale.ROOT, "  %s from %s failed: %s; %s", DownloadEvent.fileName(e.source()), host(e.source()), e.reason(),
                    e.next() == null ? "no mirror left" : "trying " + host(e.next())));
        } else if (event instanceof DownloadEvent.FileVerified e) {
            line(String.format(Locale.ROOT, "  %s: %s, SHA-256 verified", e.file().getFileName(), megabytes(e.bytes())));
        }
    }

    private void progress(DownloadEvent.FileProgress e) {
        String amount = e.totalBytes() >= 0
                ? String.format(Locale.ROOT, "%s of %s (%3.0f%%)", megabytes(e.bytes()), megabytes(e.totalBytes()), 100 * e.fraction())
                : megabytes(e.bytes());
        String rate = megabytes((long) e.bytesPerSecond()) + "/s";
        if (terminal) {
            int filled = e.totalBytes() > 0 ? (int) Math.round(e.fraction() * BAR_WIDTH) : 0;
            out.print(String.format(Locale.ROOT, "\r\033[2K  [%s%s] %s, %s", "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), amount, rate));
            out.flush();
            barDrawn = true;
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastLineNanos >= LINE_EVERY.toNanos()) {
            lastLineNanos = now;
            line(String.format(Locale.ROOT, "  %s: %s, %s", DownloadEvent.fileName(e.source()), amount, rate));
        }
    }

    /** A permanent line; on a terminal it replaces the bar. */
    private void line(String text) {
        if (barDrawn) {
            out.print("\r\033[2K");
            barDrawn = false;
        }
        out.println(text);
        out.flush();
    }

    /** The mirror's host, and its port when the URL names one. */
    private static String host(URI uri) {
        return uri.getHost() == null ? uri.toString() : uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
