package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    private final Dataset data = TestData.random("d", 30, 5, 3, 7);

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsBackWhatTheWriterWrote(boolean gzip) throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        IdxWriter.writeDataset(data, images, labels, gzip);

        Dataset read = IdxReader.readDataset("d", images, labels, TestData.TEN_CLASSES);

        assertEquals(gzip, IdxReader.isGzip(images));
        assertEquals(30, read.count());
        assertEquals(5, read.rows());
        assertEquals(3, read.cols());
        assertArrayEquals(data.pixels(), read.pixels());
        assertArrayEquals(data.labels(), read.labels());
    }

    @Test
    void detectsGzipByContentNotByName() throws IOException {
        Path images = dir.resolve("images.plain-name");
        Path gzImagesNamedPlain = dir.resolve("gz-but-no-suffix");
        IdxWriter.writeImages(images, data.count(), data.rows(), data.cols(), data.pixels(), false);
        IdxWriter.writeImages(gzImagesNamedPlain, data.count(), data.rows(), data.cols(), data.pixels(), true);

        assertArrayEquals(data.pixels(), IdxReader.readImages(gzImagesNamedPlain).pixels());
        Path plainNamedGz = Files.copy(images, dir.resolve("plain.gz"));
        assertArrayEquals(data.pixels(), IdxReader.readImages(plainNamedGz).pixels());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedImagesSayingHowManyBytes(boolean gzip) throws IOException {
        byte[] full = imageFileBytes(3, 2, 2, new byte[12]);
        Path file = write("images", Arrays.copyOf(full, full.length - 5), gzip);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "truncated", "expected 28 bytes", "found 23");
    }

    @Test
    void rejectsTruncatedLabelsSayingHowManyBytes() throws IOException {
        Path file = write("labels", labelFileBytes(new byte[]{1, 2, 3, 4}, 10), false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));

        assertMessage(e, file, "truncated", "expected 18 bytes", "found 12");
    }

    @Test
    void rejectsAFileCutInsideTheHeader() throws IOException {
        Path file = write("images", Arrays.copyOf(imageFileBytes(1, 1, 1, new byte[1]), 10), false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "truncated header", "expected 16 bytes", "found 10");
    }

    @Test
    void rejectsAGzipStreamCutShort() throws IOException {
        Path full = write("full", imageFileBytes(100, 4, 4, new byte[1600]), true);
        byte[] gz = Files.readAllBytes(full);
        Path file = write("cut", Arrays.copyOf(gz, gz.length / 2), false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "truncated");
    }

    @Test
    void rejectsTrailingBytesAfterTheDeclaredData() throws IOException {
        byte[] full = imageFileBytes(2, 2, 2, new byte[8]);
        Path file = write("images", Arrays.copyOf(full, full.length + 3), false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "trailing data", "expected 24 bytes");
    }

    @Test
    void rejectsWrongMagicShowingFoundAndExpected() throws IOException {
        byte[] bytes = imageFileBytes(1, 2, 2, new byte[4]);
        bytes[3] = 0x0C;
        Path file = write("images", bytes, false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "wrong magic number: found 0x0000080c", "expected 0x00000803");
    }

    @Test
    void saysWhenALabelFileIsReadAsImages() throws IOException {
        Path file = write("labels", labelFileBytes(new byte[]{1, 2}, 2), true);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "found 0x00000801", "expected 0x00000803", "swapped");
    }

    @Test
    void rejectsLabelCountDifferentFromImageCount() throws IOException {
        Path images = write("images", imageFileBytes(3, 1, 1, new byte[3]), false);
        Path labels = write("labels", labelFileBytes(new byte[]{0, 1}, 2), false);

        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.readDataset("d", images, labels, TestData.TEN_CLASSES));

        assertMessage(e, labels, "label count 2 differs from image count 3", images.toString());
    }

    @Test
    void rejectsLabelOutOfRangeNamingItsIndex() throws IOException {
        Path images = write("images", imageFileBytes(3, 1, 1, new byte[3]), false);
        Path labels = write("labels", labelFileBytes(new byte[]{0, 10, 1}, 3), false);

        DatasetException e = assertThrows(DatasetException.class,
                () -> IdxReader.readDataset("d", images, labels, TestData.TEN_CLASSES));

        assertMessage(e, labels, "label 10 at index 1", "out of range 0..9");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path file = write("labels", new byte[0], false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));

        assertMessage(e, file, "empty file (0 bytes)");
    }

    @Test
    void rejectsAGzipFileThatIsEmptyInside() throws IOException {
        Path file = write("labels", new byte[0], true);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));

        assertMessage(e, file, "truncated header", "found 0");
    }

    @Test
    void rejectsAMissingFileNamingIt() {
        Path file = dir.resolve("nope");

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file));

        assertMessage(e, file, "file not found");
    }

    @Test
    void rejectsAHeaderClaimingMoreDataThanAnArrayHolds() throws IOException {
        Path file = write("images", imageFileBytes(Integer.MAX_VALUE, 28, 28, new byte[0]), false);

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));

        assertMessage(e, file, "more than a Java array holds");
    }

    private static void assertMessage(DatasetException e, Path file, String... parts) {
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), () -> "message does not name " + file + ": " + message);
        for (String part : List.of(parts)) {
            assertTrue(message.contains(part), () -> "message lacks '" + part + "': " + message);
        }
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        if (gzip) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
                out.write(content);
            }
            content = buffer.toByteArray();
        }
        return Files.write(file, content);
    }

    private static byte[] imageFileBytes(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    /** A label file whose header declares {@code declaredCount} labels, whatever follows. */
    private static byte[] labelFileBytes(byte[] labels, int declaredCount) {
        return ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(declaredCount).put(labels).array();
    }
}
