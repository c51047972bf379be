package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads the real files where this machine has them; skipped elsewhere. */
class RealDatasetsTest {

    /** {@code ../shared} beside the repository (tests run in the module directory). */
    private static final Path MNIST_SUBSET = Path.of("").toAbsolutePath().resolve("../../shared/datasets/mnist-subset").normalize();

    @Test
    void readsTheMnistSubset() {
        assumeTrue(Files.isDirectory(MNIST_SUBSET), "no MNIST subset at " + MNIST_SUBSET);
        DatasetLocator locator = new DatasetLocator(MNIST_SUBSET, Map.of(), Path.of("/nonexistent-home"), Map.of(),
                (source, target, listener) -> {
                    throw new AssertionError("no download expected");
                }, DatasetKind::sha256);

        LoadedDataset mnist = Datasets.read(locator.locate(DatasetKind.MNIST));

        assertEquals(8500, mnist.train().count());
        assertEquals(1500, mnist.test().count());
        assertEquals(28, mnist.train().rows());
        assertEquals(28, mnist.train().cols());
        assertLabelsCoverAllClasses(mnist.train());
        assertLabelsCoverAllClasses(mnist.test());
    }

    @Test
    void readsTheDebianFashionMnist() {
        assumeTrue(Files.isDirectory(DatasetLocator.DEBIAN_FASHION_MNIST), "dataset-fashion-mnist not installed");
        DatasetLocator locator = new DatasetLocator(null, Map.of(), Path.of("/nonexistent-home"),
                Map.of(DatasetKind.FASHION_MNIST, List.of(DatasetLocator.DEBIAN_FASHION_MNIST)),
                (source, target, listener) -> {
                    throw new AssertionError("no download expected");
                }, DatasetKind::sha256);

        DatasetFiles files = locator.locate(DatasetKind.FASHION_MNIST);
        LoadedDataset fashion = Datasets.read(files);

        assertEquals(DatasetFiles.Source.SYSTEM_DIR, files.source());
        assertEquals(60000, fashion.train().count());
        assertEquals(10000, fashion.test().count());
        assertLabelsCoverAllClasses(fashion.train());
    }

    private static void assertLabelsCoverAllClasses(Dataset d) {
        int[] counts = new int[10];
        for (int i = 0; i < d.count(); i++) {
            counts[d.label(i)]++; // label(i) < 10 is checked by the reader; this would throw otherwise
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] > 0, "no image of class " + c + " in " + d.name());
        }
    }
}
