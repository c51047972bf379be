package io.sweepstream.trainer.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a dataset's four files were found: the directory, how it was chosen, and each file's path
 * (plain or {@code .gz}).
 */
public record DatasetFiles(DatasetKind kind, Path directory, Source source, Map<DatasetFile, Path> files) {

    /** The rule of {@link DatasetLocator} that found the directory, in resolution order. */
    public enum Source { DATA_DIR_FLAG, ENV_VARIABLE, USER_CACHE, SYSTEM_DIR, DOWNLOAD }

    public DatasetFiles {
        files = Map.copyOf(files);
        for (DatasetFile f : DatasetFile.values()) {
            if (!files.containsKey(f)) {
                throw new IllegalArgumentException("no path for " + f + " in " + directory);
            }
        }
    }

    public Path path(DatasetFile file) {
        return files.get(file);
    }
}
