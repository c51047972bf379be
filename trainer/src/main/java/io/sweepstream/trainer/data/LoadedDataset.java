package io.sweepstream.trainer.data;

import java.nio.file.Path;
import java.util.Objects;

/** A dataset's official train and test sets, and the directory they were read from (for provenance). */
public record LoadedDataset(DatasetKind kind, Dataset train, Dataset test, Path directory) {

    public LoadedDataset {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(directory, "directory");
    }
}
