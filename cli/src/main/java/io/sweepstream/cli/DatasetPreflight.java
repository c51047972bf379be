package io.sweepstream.cli;

import java.nio.file.Path;
import java.util.function.Function;

import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.trainer.data.DatasetException;
import io.sweepstream.trainer.data.DatasetFiles;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.DatasetLocator;

/**
 * The first thing {@code sweep local}, {@code sweep train} and {@code sweep trainer} do: make sure the
 * dataset is on this machine, downloading it with progress on stderr if need be, so that a missing
 * dataset is one clear error (exit code 2, like every user error) before a broker or a worker has
 * started.
 */
final class DatasetPreflight {

    /**
     * Makes the locator for a {@code --data-dir} value (null when not given). Tests swap it for one that
     * sees neither this machine's datasets nor the network.
     */
    static volatile Function<Path, DatasetLocator> locators = DatasetLocator::standard;

    private DatasetPreflight() {
    }

    /** Finds (or downloads) the dataset a spec trains on. */
    static DatasetFiles require(SweepSpec spec, Path dataDir) {
        return require(DatasetKind.parse(spec.dataset().specName()), dataDir);
    }

    /** Finds (or downloads) {@code kind}; throws an {@link IllegalArgumentException} that says where it looked and what to do. */
    static DatasetFiles require(DatasetKind kind, Path dataDir) {
        DatasetLocator locator = locators.apply(dataDir).withListener(new DownloadProgressPrinter(System.err, System.console() != null));
        try {
            return locator.locate(kind);
        } catch (DatasetException e) {
            // A missing dataset is the user's to fix, like a bad flag: exit code 2.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
