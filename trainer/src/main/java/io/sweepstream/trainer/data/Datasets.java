package io.sweepstream.trainer.data;

import java.nio.file.Path;

/** Entry points for the trainer: locate a dataset, then load it once per JVM. */
public final class Datasets {

    private Datasets() {
    }

    /** Locates the dataset with {@code locator} and returns the JVM-wide shared copy. */
    public static LoadedDataset load(DatasetKind kind, DatasetLocator locator) {
        return DatasetCache.shared().load(kind, locator);
    }

    /** Same, with the standard locator: {@code dataDir} is the {@code --data-dir} flag, or null. */
    public static LoadedDataset load(DatasetKind kind, Path dataDir) {
        return load(kind, DatasetLocator.standard(dataDir));
    }

    /** Reads train and test from located files, uncached; both must have the same image size. */
    public static LoadedDataset read(DatasetFiles files) {
        DatasetKind kind = files.kind();
        Dataset train = IdxReader.readDataset(kind.id() + "/train",
                files.path(DatasetFile.TRAIN_IMAGES), files.path(DatasetFile.TRAIN_LABELS), kind.classNames());
        Dataset test = IdxReader.readDataset(kind.id() + "/test",
                files.path(DatasetFile.TEST_IMAGES), files.path(DatasetFile.TEST_LABELS), kind.classNames());
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new DatasetException(files.path(DatasetFile.TEST_IMAGES) + ": images are " + test.rows() + "x" + test.cols()
                    + " but the training images in " + files.path(DatasetFile.TRAIN_IMAGES) + " are " + train.rows() + "x" + train.cols());
        }
        return new LoadedDataset(kind, train, test, files.directory());
    }
}
