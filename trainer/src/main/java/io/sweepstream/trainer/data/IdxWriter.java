package io.sweepstream.trainer.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files, plain or gzipped. Tests use it to generate small datasets, including the
 * tests of other modules, so nothing here depends on test code.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /** Writes {@code count} images of {@code rows x cols} unsigned bytes (row-major) as an IDX image file. */
    public static void writeImages(Path file, int count, int rows, int cols, byte[] pixels, boolean gzip) throws IOException {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes for " + count + " images of " + rows + "x" + cols);
        }
        try (DataOutputStream out = open(file, gzip)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
    }

    /** Writes unsigned-byte labels as an IDX label file. */
    public static void writeLabels(Path file, byte[] labels, boolean gzip) throws IOException {
        try (DataOutputStream out = open(file, gzip)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            out.write(labels);
        }
    }

    /** Writes a dataset as an image file and a label file. */
    public static void writeDataset(Dataset data, Path imagesFile, Path labelsFile, boolean gzip) throws IOException {
        writeImages(imagesFile, data.count(), data.rows(), data.cols(), data.pixels(), gzip);
        writeLabels(labelsFile, data.labels(), gzip);
    }

    /**
     * Writes the four files of a dataset directory under their canonical names ({@code .gz} added when
     * {@code gzip}), creating the directory if needed, so {@link DatasetLocator} can find them.
     */
    public static void writeDirectory(Path dir, Dataset train, Dataset test, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        writeDataset(train, dir.resolve(name(DatasetFile.TRAIN_IMAGES, gzip)), dir.resolve(name(DatasetFile.TRAIN_LABELS, gzip)), gzip);
        writeDataset(test, dir.resolve(name(DatasetFile.TEST_IMAGES, gzip)), dir.resolve(name(DatasetFile.TEST_LABELS, gzip)), gzip);
    }

    private static String name(DatasetFile file, boolean gzip) {
        return gzip ? file.gzFileName() : file.fileName();
    }

    private static DataOutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 16));
    }
}
