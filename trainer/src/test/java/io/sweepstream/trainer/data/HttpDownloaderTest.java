package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a server on the loopback interface: no outside network. */
class HttpDownloaderTest {

    private static final byte[] BODY = {0x1f, (byte) 0x8b, 1, 2, 3};

    @TempDir
    Path tmp;

    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/data/file.gz");
            exchange.sendResponseHeaders(known ? 200 : 404, known ? BODY.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (known) {
                    out.write(BODY);
                }
            }
        });
        server.start();
        base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/data/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void writesTheResponseBodyToTheTarget() throws IOException {
        Path target = tmp.resolve("out");

        new HttpDownloader(Duration.ofSeconds(10)).download(base.resolve("file.gz"), target);

        assertArrayEquals(BODY, Files.readAllBytes(target));
    }

    @Test
    void reportsAnHttpErrorWithItsStatusAndUrl() {
        URI missing = base.resolve("missing.gz");

        IOException e = assertThrows(IOException.class,
                () -> new HttpDownloader(Duration.ofSeconds(10)).download(missing, tmp.resolve("out")));

        assertTrue(e.getMessage().contains("HTTP 404 from " + missing), e.getMessage());
    }
}
