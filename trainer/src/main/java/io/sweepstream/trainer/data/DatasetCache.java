package io.sweepstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Loads each dataset once and hands every caller the same {@link LoadedDataset}: several trainer
 * workers in one JVM share the (read-only) bytes instead of holding a copy each.
 *
 * <p>Keyed by kind and the directory's real path. Thread-safe: concurrent first calls for one key
 * read the files once; other keys are not blocked meanwhile. A failed load is not remembered, so the
 * next call tries again (for example after the files were installed).
 */
public final class DatasetCache {

    private static final DatasetCache SHARED = new DatasetCache();

    private record Key(DatasetKind kind, Path directory) {
    }

    /** One slot per key; its monitor serialises the first load. */
    private static final class Slot {
        private LoadedDataset value;
    }

    private final ConcurrentMap<Key, Slot> slots = new ConcurrentHashMap<>();

    /** The JVM-wide cache used by {@link Datasets#load}. */
    public static DatasetCache shared() {
        return SHARED;
    }

    /** Locates the files, then returns the cached datasets for that directory, loading them on first use. */
    public LoadedDataset load(DatasetKind kind, DatasetLocator locator) {
        return load(locator.locate(kind));
    }

    public LoadedDataset load(DatasetFiles files) {
        Slot slot = slots.computeIfAbsent(new Key(files.kind(), realPath(files.directory())), k -> new Slot());
        synchronized (slot) {
            if (slot.value == null) {
                slot.value = Datasets.read(files);
            }
            return slot.value;
        }
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }
}
