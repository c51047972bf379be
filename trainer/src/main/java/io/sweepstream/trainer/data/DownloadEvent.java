package io.sweepstream.trainer.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a dataset download reports, in this order for each file: {@link FileStarted}, a few
 * {@link FileProgress}, then {@link FileVerified}, or {@link MirrorFailed} and the same again from the
 * next mirror. {@link DatasetStarted} comes once before the first file. Sizes are in bytes; an unknown
 * total is -1.
 */
public sealed interface DownloadEvent {

    /** A download of {@code bytes} (the files still missing) into {@code directory} begins. */
    record DatasetStarted(DatasetKind kind, Path directory, long bytes) implements DownloadEvent {
        public DatasetStarted {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** A file's transfer begins; {@code offset} is above 0 when it resumes a partial download. */
    record FileStarted(URI source, long offset, long totalBytes) implements DownloadEvent {
        public FileStarted {
            Objects.requireNonNull(source, "source");
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0, found " + offset);
            }
        }
    }

    /**
     * How much of the file is here, resumed bytes included; {@code bytesPerSecond} is the rate of this
     * transfer so far. Sent a few times a second while bytes arrive, and once when the last one has.
     */
    record FileProgress(URI source, long bytes, long totalBytes, double bytesPerSecond) implements DownloadEvent {
        public FileProgress {
            Objects.requireNonNull(source, "source");
        }

        /** Fraction done in [0, 1], or -1 when the total is unknown. */
        public double fraction() {
            return totalBytes > 0 ? Math.min(1.0, (double) bytes / totalBytes) : -1;
        }
    }

    /** A mirror failed for one file; {@code next} is the mirror tried now, or null when none is left. */
    record MirrorFailed(URI source, String reason, URI next) implements DownloadEvent {
        public MirrorFailed {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The file arrived whole, its SHA-256 matches, and it is in place as {@code file}. */
    record FileVerified(URI source, Path file, long bytes) implements DownloadEvent {
        public FileVerified {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(file, "file");
        }
    }

    /** The last path segment of a URL: the file name, for messages. */
    static String fileName(URI source) {
        String path = source.getPath();
        return path == null || path.isEmpty() ? source.toString() : path.substring(path.lastIndexOf('/') + 1);
    }
}
