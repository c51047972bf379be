package io.sweepstream.trainer.data;

import java.nio.file.Path;

/**
 * A dataset could not be found, downloaded or read. The message always names the file or the
 * places involved and what was wrong, because the person reading it is usually fixing a path.
 */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one file: the message starts with the file's path. */
    static DatasetException inFile(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    static DatasetException inFile(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }
}
