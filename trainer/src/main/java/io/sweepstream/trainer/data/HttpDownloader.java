package io.sweepstream.trainer.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads over HTTP(S) with the JDK client; the caller verifies what arrives. */
public final class HttpDownloader implements DatasetLocator.Downloader {

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Duration timeout;

    /** @param timeout the longest one file may take to arrive */
    public HttpDownloader(Duration timeout) {
        this.timeout = timeout;
    }

    public HttpDownloader() {
        this(Duration.ofMinutes(10));
    }

    @Override
    public void download(URI source, Path target) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(source).timeout(timeout).GET().build();
        HttpResponse<Path> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofFile(target));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + source, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + source);
        }
    }
}
