package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {

    private static final DatasetKind KIND = DatasetKind.FASHION_MNIST;
    private static final DatasetLocator.Downloader NEVER_DOWNLOAD =
            (source, target, listener) -> fail("unexpected download of " + source);

    @TempDir
    Path tmp;

    private Path home() {
        return tmp.resolve("home");
    }

    private Path defaultCache() {
        return home().resolve(".cache/sweepstream/fashion_mnist");
    }

    private DatasetLocator locator(Path flag, Map<String, String> env, Path systemDir, DatasetLocator.Downloader downloader,
                                   DatasetLocator.ExpectedDigests digests) {
        return new DatasetLocator(flag, env, home(), Map.of(KIND, List.of(systemDir)), downloader, digests);
    }

    private DatasetLocator locator(Path flag, Map<String, String> env, Path systemDir) {
        return locator(flag, env, systemDir, NEVER_DOWNLOAD, DatasetKind::sha256);
    }

    @Test
    void prefersFlagThenEnvironmentThenCacheThenSystemDirectory() throws IOException {
        Path flag = TestData.writeDirectory(tmp.resolve("flag"), false);
        Path envDir = TestData.writeDirectory(tmp.resolve("env"), true);
        TestData.writeDirectory(defaultCache(), true);
        Path system = TestData.writeDirectory(tmp.resolve("system"), true);
        Map<String, String> env = Map.of(DatasetLocator.ENV_DATA_DIR, envDir.toString());

        DatasetFiles byFlag = locator(flag, env, system).locate(KIND);
        DatasetFiles byEnv = locator(null, env, system).locate(KIND);
        DatasetFiles byCache = locator(null, Map.of(), system).locate(KIND);
        deleteDirectory(defaultCache());
        DatasetFiles bySystem = locator(null, Map.of(), system).locate(KIND);

        assertEquals(flag, byFlag.directory());
        assertEquals(DatasetFiles.Source.DATA_DIR_FLAG, byFlag.source());
        assertEquals(envDir, byEnv.directory());
        assertEquals(DatasetFiles.Source.ENV_VARIABLE, byEnv.source());
        assertEquals(defaultCache(), byCache.directory());
        assertEquals(DatasetFiles.Source.USER_CACHE, byCache.source());
        assertEquals(system, bySystem.directory());
        assertEquals(DatasetFiles.Source.SYSTEM_DIR, bySystem.source());
    }

    @Test
    void findsPlainAndGzippedFilesByTheirCanonicalNames() throws IOException {
        Path plain = TestData.writeDirectory(tmp.resolve("plain"), false);
        Path gz = TestData.writeDirectory(tmp.resolve("gz"), true);

        DatasetFiles plainFiles = locator(plain, Map.of(), tmp.resolve("none")).locate(KIND);
        DatasetFiles gzFiles = locator(gz, Map.of(), tmp.resolve("none")).locate(KIND);

        assertEquals(plain.resolve("t10k-labels-idx1-ubyte"), plainFiles.path(DatasetFile.TEST_LABELS));
        assertEquals(gz.resolve("train-images-idx3-ubyte.gz"), gzFiles.path(DatasetFile.TRAIN_IMAGES));
    }

    @Test
    void acceptsASubdirectoryNamedAfterTheDatasetUnderTheEnvironmentDirectory() throws IOException {
        Path root = tmp.resolve("datasets");
        TestData.writeDirectory(root.resolve("fashion_mnist"), true);

        DatasetFiles files = locator(null, Map.of(DatasetLocator.ENV_DATA_DIR, root.toString()), tmp.resolve("none")).locate(KIND);

        assertEquals(root.resolve("fashion_mnist"), files.directory());
    }

    @Test
    void usesXdgCacheHomeWhenSetAndAbsolute() {
        Path xdg = tmp.resolve("xdg");

        assertEquals(xdg.resolve("sweepstream/mnist"),
                locator(null, Map.of("XDG_CACHE_HOME", xdg.toString()), tmp).cacheDir(DatasetKind.MNIST));
        assertEquals(home().resolve(".cache/sweepstream/mnist"),
                locator(null, Map.of("XDG_CACHE_HOME", "relative/cache"), tmp).cacheDir(DatasetKind.MNIST));
    }

    @Test
    void failsAtOnceWhenTheExplicitDirectoryLacksFilesNamingThem() throws IOException {
        Path flag = Files.createDirectories(tmp.resolve("flag"));
        Files.write(flag.resolve("train-images-idx3-ubyte.gz"), new byte[]{1});
        Path system = TestData.writeDirectory(tmp.resolve("system"), true); // must not be used instead

        DatasetException e = assertThrows(DatasetException.class, () -> locator(flag, Map.of(), system).locate(KIND));

        String message = e.getMessage();
        assertTrue(message.contains("--data-dir " + flag), message);
        assertTrue(message.contains("train-labels-idx1-ubyte"), message);
        assertTrue(message.contains("t10k-images-idx3-ubyte"), message);
        assertTrue(message.contains("t10k-labels-idx1-ubyte"), message);
        assertFalse(message.contains("missing train-images"), message);
    }

    @Test
    void listsEveryPlaceLookedAtAndTheDownloadFailureInOneMessage() {
        Path envDir = tmp.resolve("env-dir");
        Path system = tmp.resolve("usr-share-datasets");
        DatasetLocator.Downloader offline = (source, target, listener) -> {
            throw new java.net.UnknownHostException(source.getHost());
        };

        DatasetException e = assertThrows(DatasetException.class, () -> locator(null,
                Map.of(DatasetLocator.ENV_DATA_DIR, envDir.toString()), system, offline, DatasetKind::sha256).locate(KIND));

        String message = e.getMessage();
        for (String expected : List.of("--data-dir: not given", "SWEEP_DATA_DIR=" + envDir, defaultCache().toString(),
                system.toString(), "download (30.9 MB) from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                "UnknownHostException", "apt-get install dataset-fashion-mnist",
                "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-labels-idx1-ubyte.gz", "--data-dir DIR")) {
            assertTrue(message.contains(expected), () -> "lacks '" + expected + "':\n" + message);
        }
        assertEquals(List.of(), partFiles(defaultCache()));
    }

    @Test
    void doesNotSuggestTheDebianPackageForMnist() {
        DatasetLocator.Downloader offline = (source, target, listener) -> {
            throw new IOException("offline");
        };
        DatasetLocator locator = new DatasetLocator(null, Map.of(), home(), Map.of(), offline, DatasetKind::sha256);

        DatasetException e = assertThrows(DatasetException.class, () -> locator.locate(DatasetKind.MNIST));

        assertFalse(e.getMessage().contains("apt-get"), e.getMessage());
        assertTrue(e.getMessage().contains("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void downloadsIntoTheCacheVerifyingEachDigestThenUsesTheCache() throws IOException {
        Map<String, byte[]> served = servedFiles();
        FakeDownloader downloader = new FakeDownloader(served);
        DatasetLocator.ExpectedDigests matching = (kind, file) -> sha256(served.get(file.gzFileName()));

        DatasetFiles downloaded = locator(null, Map.of(), tmp.resolve("none"), downloader, matching).locate(KIND);
        DatasetFiles cachedLater = locator(null, Map.of(), tmp.resolve("none"), NEVER_DOWNLOAD, matching).locate(KIND);

        assertEquals(DatasetFiles.Source.DOWNLOAD, downloaded.source());
        assertEquals(defaultCache(), downloaded.directory());
        assertEquals(4, downloader.requested.size());
        assertEquals(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"),
                downloader.requested.get(0));
        for (DatasetFile f : DatasetFile.values()) {
            assertEquals(sha256(served.get(f.gzFileName())), DatasetLocator.sha256Hex(defaultCache().resolve(f.gzFileName())));
        }
        assertEquals(List.of(), partFiles(defaultCache()));
        assertEquals(DatasetFiles.Source.USER_CACHE, cachedLater.source());
        assertEquals(50, Datasets.read(cachedLater).train().count());
    }

    @Test
    void discardsADownloadWhoseDigestDoesNotMatch() throws IOException {
        Map<String, byte[]> served = servedFiles();
        DatasetLocator.ExpectedDigests wrongForTestImages = (kind, file) -> file == DatasetFile.TEST_IMAGES
                ? "00".repeat(32) : sha256(served.get(file.gzFileName()));

        DatasetException e = assertThrows(DatasetException.class, () ->
                locator(null, Map.of(), tmp.resolve("none"), new FakeDownloader(served), wrongForTestImages).locate(KIND));

        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz: SHA-256 mismatch, expected " + "00".repeat(32)
                + ", found " + sha256(served.get("t10k-images-idx3-ubyte.gz"))), e.getMessage());
        assertFalse(Files.exists(defaultCache().resolve("t10k-images-idx3-ubyte.gz")));
        assertEquals(List.of(), partFiles(defaultCache()));
    }

    /** The four gzipped files of a small generated dataset, by file name, as a mirror would serve them. */
    private Map<String, byte[]> servedFiles() throws IOException {
        Path source = TestData.writeDirectory(tmp.resolve("mirror"), true);
        Map<String, byte[]> served = new HashMap<>();
        for (DatasetFile f : DatasetFile.values()) {
            served.put(f.gzFileName(), Files.readAllBytes(source.resolve(f.gzFileName())));
        }
        return served;
    }

    private static final class FakeDownloader implements DatasetLocator.Downloader {
        private final Map<String, byte[]> served;
        private final List<URI> requested = new ArrayList<>();

        FakeDownloader(Map<String, byte[]> served) {
            this.served = served;
        }

        @Override
        public void download(URI source, Path target, DownloadListener listener) throws IOException {
            requested.add(source);
            String name = Path.of(source.getPath()).getFileName().toString();
            Files.write(target, served.get(name));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> partFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
