package io.sweepstream.trainer.data;

/**
 * The four IDX files every dataset of the MNIST family ships, under the same names. Each may be
 * stored plain or gzipped ({@code .gz}); mirrors serve the gzipped form.
 */
public enum DatasetFile {
    TRAIN_IMAGES("train-images-idx3-ubyte"),
    TRAIN_LABELS("train-labels-idx1-ubyte"),
    TEST_IMAGES("t10k-images-idx3-ubyte"),
    TEST_LABELS("t10k-labels-idx1-ubyte");

    private final String fileName;

    DatasetFile(String fileName) {
        this.fileName = fileName;
    }

    /** The plain (uncompressed) file name, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** The gzipped file name as served by the mirrors, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String gzFileName() {
        return fileName + ".gz";
    }
}
