package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {

    @TempDir
    Path tmp;

    private DatasetLocator locatorFor(Path dataDir) {
        return new DatasetLocator(dataDir, Map.of(), tmp.resolve("home"), Map.of(),
                (source, target, listener) -> {
                    throw new IOException("no network in tests");
                }, DatasetKind::sha256);
    }

    @Test
    void loadingTwiceReturnsTheSameInstances() throws IOException {
        DatasetLocator locator = locatorFor(TestData.writeDirectory(tmp.resolve("d"), true));
        DatasetCache cache = new DatasetCache();

        LoadedDataset first = cache.load(DatasetKind.MNIST, locator);
        LoadedDataset second = cache.load(DatasetKind.MNIST, locator);

        assertSame(first, second);
        assertSame(first.train(), second.train());
        assertEquals("mnist/train", first.train().name());
        assertEquals(50, first.train().count());
        assertEquals(20, first.test().count());
    }

    @Test
    void theSharedCacheBehindDatasetsLoadAlsoReturnsTheSameInstance() throws IOException {
        DatasetLocator locator = locatorFor(TestData.writeDirectory(tmp.resolve("d"), false));

        assertSame(Datasets.load(DatasetKind.MNIST, locator), Datasets.load(DatasetKind.MNIST, locator));
    }

    @Test
    void keepsDifferentDirectoriesAndKindsApart() throws IOException {
        DatasetLocator a = locatorFor(TestData.writeDirectory(tmp.resolve("a"), true));
        DatasetLocator b = locatorFor(TestData.writeDirectory(tmp.resolve("b"), true));
        DatasetCache cache = new DatasetCache();

        assertNotSame(cache.load(DatasetKind.MNIST, a), cache.load(DatasetKind.MNIST, b));
        assertNotSame(cache.load(DatasetKind.MNIST, a), cache.load(DatasetKind.FASHION_MNIST, a));
    }

    @Test
    void concurrentFirstLoadsShareOneInstance() throws Exception {
        DatasetLocator locator = locatorFor(TestData.writeDirectory(tmp.resolve("d"), true));
        DatasetCache cache = new DatasetCache();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<LoadedDataset> load = () -> cache.load(DatasetKind.MNIST, locator);
            List<Future<LoadedDataset>> results = pool.invokeAll(List.of(load, load, load, load, load, load, load, load));
            for (Future<LoadedDataset> r : results) {
                assertSame(results.get(0).get(), r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void retriesAfterAFailedLoad() throws IOException {
        Path dir = TestData.writeDirectory(tmp.resolve("d"), false);
        byte[] labels = Files.readAllBytes(dir.resolve("train-labels-idx1-ubyte"));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[0]);
        DatasetCache cache = new DatasetCache();

        assertThrows(DatasetException.class, () -> cache.load(DatasetKind.MNIST, locatorFor(dir)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);

        assertEquals(50, cache.load(DatasetKind.MNIST, locatorFor(dir)).train().count());
    }
}
