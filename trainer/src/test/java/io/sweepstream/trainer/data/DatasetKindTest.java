package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetKindTest {

    @Test
    void parsesNamesCaseInsensitivelyWithDashOrUnderscore() {
        assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.parse("fashion_mnist"));
        assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.parse("fashion-mnist"));
        assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.parse(" Fashion-MNIST "));
        assertEquals(DatasetKind.MNIST, DatasetKind.parse("MNIST"));
    }

    @Test
    void rejectsAnUnknownNameListingTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetKind.parse("cifar10"));

        assertTrue(e.getMessage().contains("'cifar10'"), e.getMessage());
        assertTrue(e.getMessage().contains("fashion_mnist, mnist"), e.getMessage());
    }

    @Test
    void knowsClassNamesMirrorsAndDigestsOfEveryFile() {
        assertEquals("Ankle boot", DatasetKind.FASHION_MNIST.classNames().get(9));
        assertEquals("T-shirt/top", DatasetKind.FASHION_MNIST.classNames().get(0));
        assertEquals("7", DatasetKind.MNIST.classNames().get(7));
        assertEquals("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz",
                DatasetKind.MNIST.downloadUri(DatasetFile.TEST_LABELS).toString());
        for (DatasetKind kind : DatasetKind.values()) {
            assertEquals(10, kind.numClasses());
            for (DatasetFile f : DatasetFile.values()) {
                assertTrue(kind.sha256(f).matches("[0-9a-f]{64}"), kind + " " + f);
            }
        }
    }

    @Test
    void knowsTwoMirrorsAndTheDownloadSizeOfEachDataset() {
        assertEquals(2, DatasetKind.FASHION_MNIST.mirrors().size());
        assertEquals("fashion-mnist.s3-website.eu-central-1.amazonaws.com", DatasetKind.FASHION_MNIST.mirror().getHost());
        assertEquals("raw.githubusercontent.com", DatasetKind.FASHION_MNIST.mirrors().get(1).getHost());
        assertEquals("storage.googleapis.com", DatasetKind.MNIST.mirrors().get(1).getHost());
        assertEquals(30_878_645, DatasetKind.FASHION_MNIST.downloadBytes(), "about 30 MB, as the README says");
        assertEquals(11_594_722, DatasetKind.MNIST.downloadBytes());
        assertEquals(26_421_880, DatasetKind.FASHION_MNIST.downloadBytes(DatasetFile.TRAIN_IMAGES));
    }
}
