package io.sweepstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Small synthetic datasets for tests: random pixels, labels cycling through the classes. */
final class TestData {

    static final List<String> TEN_CLASSES = DatasetKind.MNIST.classNames();

    private TestData() {
    }

    static Dataset random(String name, int count, int rows, int cols, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * rows * cols];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % TEN_CLASSES.size());
        }
        return new Dataset(name, count, rows, cols, pixels, labels, TEN_CLASSES);
    }

    /** Writes a complete dataset directory (train 50 images, test 20, 4x4 pixels). */
    static Path writeDirectory(Path dir, boolean gzip) throws IOException {
        IdxWriter.writeDirectory(dir, random("train", 50, 4, 4, 1), random("test", 20, 4, 4, 2), gzip);
        return dir;
    }
}
