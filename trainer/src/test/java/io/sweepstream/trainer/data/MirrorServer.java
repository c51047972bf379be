package io.sweepstream.trainer.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A download mirror on the loopback interface, for tests: serves files by name under {@code /data/},
 * honours {@code Range: bytes=N-} with 206 like S3 and GitHub do, and can misbehave on purpose
 * (ignore ranges, cut a transfer short, answer slowly, fail with a status).
 */
final class MirrorServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the server saw it: the file name and the Range header (null when none). */
    record Request(String file, String range) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean ignoreRange;
    private volatile int failWithStatus;
    private volatile int chunkBytes = 1 << 16;
    private volatile long pauseMillisPerChunk;

    MirrorServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL files are served under, ending in {@code /}. */
    URI base() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/data/");
    }

    MirrorServer serve(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    /** Answers every request with a full 200, as a server without range support does. */
    MirrorServer ignoringRange() {
        ignoreRange = true;
        return this;
    }

    /** Answers every request with this HTTP status and no body. */
    MirrorServer failingWith(int status) {
        failWithStatus = status;
        return this;
    }

    /** Sends the headers of the whole (remaining) file, then only its first {@code bytes} bytes of body, and drops the connection. Once. */
    MirrorServer cuttingOff(String name, int bytes) {
        cutAfter.put(name, bytes);
        return this;
    }

    /** Writes the body in chunks of {@code bytes}, pausing after each. */
    MirrorServer slowly(int bytes, long pauseMillis) {
        chunkBytes = bytes;
        pauseMillisPerChunk = pauseMillis;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String name = path.startsWith("/data/") ? path.substring("/data/".length()) : "";
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(name, range));
            byte[] content = files.get(name);
            if (failWithStatus != 0 || content == null) {
                exchange.sendResponseHeaders(failWithStatus != 0 ? failWithStatus : 404, -1);
                return;
            }
            int from = 0;
            Matcher m = range == null || ignoreRange ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                from = Integer.parseInt(m.group(1));
                if (from >= content.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                exchange.sendResponseHeaders(206, content.length - from);
            } else {
                exchange.sendResponseHeaders(200, content.length);
            }
            Integer cut = cutAfter.remove(name);
            int end = cut == null ? content.length : Math.min(content.length, from + cut);
            OutputStream body = exchange.getResponseBody();
            for (int at = from; at < end; at += chunkBytes) {
                body.write(content, at, Math.min(chunkBytes, end - at));
                body.flush();
                pause();
            }
            if (cut != null) {
                // Fewer bytes than announced: the server drops the connection, the client sees the transfer end early.
                throw new IOException("cut off on purpose");
            }
        } catch (IOException e) {
            // The client went away, or a cut-off on purpose: nothing to answer.
        }
    }

    private void pause() {
        if (pauseMillisPerChunk > 0) {
            try {
                Thread.sleep(pauseMillisPerChunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
