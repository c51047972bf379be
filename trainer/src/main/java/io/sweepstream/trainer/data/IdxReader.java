package io.sweepstream.trainer.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format: a big-endian magic number, the dimensions, then unsigned
 * bytes), plain or gzipped. Gzip is detected from the file's first two bytes, not its name,
 * because renamed and half-unpacked downloads are common.
 *
 * <p>Every check that fails throws {@link DatasetException} with a message that starts with the
 * file's path and says what was expected and what was found.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images: count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels: count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    /** The content of an IDX image file: {@code count} images of {@code rows x cols} bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private IdxReader() {
    }

    /** Reads an image file (magic 0x00000803, dimensions count, rows, cols). */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            int magic = readHeaderInt(file, in, 0, 16);
            checkMagic(file, magic, IMAGES_MAGIC, "images");
            int count = readHeaderInt(file, in, 4, 16);
            int rows = readHeaderInt(file, in, 8, 16);
            int cols = readHeaderInt(file, in, 12, 16);
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw DatasetException.inFile(file, "bad dimensions " + count + " x " + rows + " x " + cols
                        + " (count must be >= 0, rows and cols > 0)");
            }
            long bodyLength = (long) count * rows * cols;
            if (bodyLength > Integer.MAX_VALUE - 16) {
                throw DatasetException.inFile(file, "dimensions " + count + " x " + rows + " x " + cols
                        + " need " + bodyLength + " bytes, more than a Java array holds");
            }
            byte[] pixels = readBody(file, in, 16, (int) bodyLength);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** Reads a label file (magic 0x00000801, dimension count); labels are unsigned bytes. */
    public static byte[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            int magic = readHeaderInt(file, in, 0, 8);
            checkMagic(file, magic, LABELS_MAGIC, "labels");
            int count = readHeaderInt(file, in, 4, 8);
            if (count < 0) {
                throw DatasetException.inFile(file, "bad label count " + count);
            }
            return readBody(file, in, 8, count);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /**
     * Reads an image file and its label file into a {@link Dataset}, checking that they hold the same
     * number of items and that every label is a valid class index.
     */
    public static Dataset readDataset(String name, Path imagesFile, Path labelsFile, List<String> classNames) {
        Images images = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetException(labelsFile + ": label count " + labels.length + " differs from image count "
                    + images.count() + " in " + imagesFile);
        }
        int numClasses = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= numClasses) {
                throw DatasetException.inFile(labelsFile, "label " + label + " at index " + i
                        + " is out of range 0.." + (numClasses - 1) + " (" + numClasses + " classes in " + name + ")");
            }
        }
        return new Dataset(name, images.count(), images.rows(), images.cols(), images.pixels(), labels, classNames);
    }

    /** True if the file starts with the gzip magic bytes 1f 8b. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw DatasetException.inFile(file, "empty file (0 bytes); expected an IDX file, plain or gzipped");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gzip = raw.read() == GZIP_MAGIC_0 && raw.read() == GZIP_MAGIC_1;
        raw.reset();
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /** Reads the big-endian int at {@code offset} of a header that is {@code headerLength} bytes long. */
    private static int readHeaderInt(Path file, InputStream in, int offset, int headerLength) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw DatasetException.inFile(file, "truncated header: expected " + headerLength + " bytes, found "
                    + (offset + b.length) + (offset == 0 && b.length == 0 ? " (empty after decompression)" : ""));
        }
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static void checkMagic(Path file, int found, int expected, String what) {
        if (found == expected) {
            return;
        }
        String hint = "";
        if (found == LABELS_MAGIC || found == IMAGES_MAGIC) {
            hint = " (this looks like an IDX " + (found == LABELS_MAGIC ? "labels" : "images") + " file; are the files swapped?)";
        }
        throw DatasetException.inFile(file, String.format("wrong magic number: found 0x%08x, expected 0x%08x for IDX %s%s",
                found, expected, what, hint));
    }

    /** Reads exactly {@code length} data bytes after the header and checks nothing follows them. */
    private static byte[] readBody(Path file, InputStream in, int headerLength, int length) throws IOException {
        // readNBytes(int) grows its buffer as data arrives, so a corrupt header claiming a huge count
        // costs an error message, not an OutOfMemoryError.
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw DatasetException.inFile(file, "truncated: expected " + (headerLength + (long) length)
                    + " bytes (" + headerLength + "-byte header + " + length + " data bytes), found "
                    + (headerLength + (long) body.length) + sizeNote(file));
        }
        if (in.read() != -1) {
            throw DatasetException.inFile(file, "trailing data: expected " + (headerLength + (long) length)
                    + " bytes as the header declares, found more" + sizeNote(file));
        }
        return body;
    }

    private static String sizeNote(Path file) throws IOException {
        return isGzip(file) ? " after decompression" : "";
    }

    private static DatasetException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return DatasetException.inFile(file, "file not found", e);
        }
        if (e instanceof EOFException) {
            return DatasetException.inFile(file, "truncated gzip data (" + e.getMessage() + ")", e);
        }
        if (e instanceof ZipException) {
            return DatasetException.inFile(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return DatasetException.inFile(file, "cannot read: " + e, e);
    }
}
