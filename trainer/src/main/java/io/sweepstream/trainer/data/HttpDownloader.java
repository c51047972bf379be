package io.sweepstream.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads over HTTP(S), resuming a partial file with a {@code Range} request and reporting progress;
 * the caller verifies what arrives.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: it has a read timeout, so a
 * transfer that stalls (a dead mirror that keeps the connection open) fails within {@code stallTimeout}
 * and the next mirror is tried, where the client's request timeout covers only the response headers.
 */
public final class HttpDownloader implements DatasetLocator.Downloader {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Duration connectTimeout;
    private final Duration stallTimeout;
    private final Duration progressEvery;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param stallTimeout   how long to wait for the next byte before giving up on a mirror
     * @param progressEvery  least time between two progress events of a file
     */
    public HttpDownloader(Duration connectTimeout, Duration stallTimeout, Duration progressEvery) {
        this.connectTimeout = connectTimeout;
        this.stallTimeout = stallTimeout;
        this.progressEvery = progressEvery;
    }

    /** 20 s to connect, 30 s of silence at most, progress four times a second. */
    public HttpDownloader() {
        this(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMillis(250));
    }

    /**
     * Fetches {@code source} into {@code target}. When {@code target} already holds bytes, asks for the
     * rest only; a server that answers with the whole file (200) has the file rewritten from the start,
     * and one that says the range is past the end (416) leaves it as it is, for the digest to judge.
     * Bytes that arrived before a failure stay in {@code target}, so the next call resumes them.
     */
    @Override
    public void download(URI source, Path target, DownloadListener listener) throws IOException {
        long offset = Files.isRegularFile(target) ? Files.size(target) : 0;
        HttpURLConnection connection = open(source, offset);
        try {
            int status = connection.getResponseCode();
            if (status == 416 && offset > 0) {
                return; // nothing past what we have: the file is whole already, or it is wrong and the digest says so
            }
            boolean resume = status == 206 && offset > 0 && rangeStartsAt(connection, offset);
            if (!resume && status != 200) {
                throw new IOException("HTTP " + status + " from " + source);
            }
            long start = resume ? offset : 0;
            long length = connection.getContentLengthLong();
            long total = length < 0 ? -1 : start + length;
            listener.on(new DownloadEvent.FileStarted(source, start, total));
            long bytes = copy(connection, target, resume, source, start, total, listener);
            if (total >= 0 && bytes < total) {
                throw new IOException("connection closed after " + bytes + " of " + total + " bytes from " + source);
            }
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(URI source, long offset) throws IOException {
        URLConnection c = source.toURL().openConnection();
        if (!(c instanceof HttpURLConnection http)) {
            throw new IOException("not an HTTP URL: " + source);
        }
        http.setConnectTimeout((int) connectTimeout.toMillis());
        http.setReadTimeout((int) stallTimeout.toMillis());
        http.setInstanceFollowRedirects(true);
        // Compressed transfer would change the bytes counted against the file's size; the files are gzip already.
        http.setRequestProperty("Accept-Encoding", "identity");
        if (offset > 0) {
            http.setRequestProperty("Range", "bytes=" + offset + "-");
        }
        return http;
    }

    /** A 206 whose Content-Range begins where our bytes end; anything else is not our resume. */
    private static boolean rangeStartsAt(HttpURLConnection connection, long offset) {
        String range = connection.getHeaderField("Content-Range");
        if (range == null) {
            return false;
        }
        Matcher m = CONTENT_RANGE.matcher(range.trim());
        return m.matches() && Long.parseLong(m.group(1)) == offset;
    }

    /** Appends (resume) or writes the body to {@code target}; returns the file's size afterwards. */
    private long copy(HttpURLConnection connection, Path target, boolean resume, URI source, long start, long total,
                      DownloadListener listener) throws IOException {
        StandardOpenOption mode = resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long began = System.nanoTime();
        long lastReport = began;
        long bytes = start;
        try (InputStream in = connection.getInputStream();
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                bytes += n;
                long now = System.nanoTime();
                if (now - lastReport >= progressEvery.toNanos()) {
                    lastReport = now;
                    listener.on(new DownloadEvent.FileProgress(source, bytes, total, rate(bytes - start, now - began)));
                }
            }
        }
        listener.on(new DownloadEvent.FileProgress(source, bytes, total, rate(bytes - start, System.nanoTime() - began)));
        return bytes;
    }

    private static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }
}
