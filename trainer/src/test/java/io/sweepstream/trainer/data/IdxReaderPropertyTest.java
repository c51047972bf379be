package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.schemas.testing.Bounded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad IDX files, generated: random bytes, and valid image and label files with their header
 * fields replaced (huge, zero and negative counts), bytes flipped, cut short or extended, plain and
 * gzipped. Reading one either succeeds or throws a {@link DatasetException} whose message starts
 * with the file's path; never another exception, never a hang, and never more memory than the
 * file can fill (a header claiming 2^31 items must not allocate for them).
 */
class IdxReaderPropertyTest {

    private static final int[] ODD_INTS = {
        0, 1, -1, 2, 255, 256, 0xFFFF, 0x10000, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 16,
        (1 << 31) / 784, 60_000, 10_000, 28, 784, IdxReader.IMAGES_MAGIC, IdxReader.LABELS_MAGIC, 0x00000C03
    };

    private static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("idx-properties");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Property(tries = 100)
    void randomBytesAreAnImageFileOrAClearError(@ForAll("randomBytes") byte[] bytes, @ForAll boolean gzip) {
        readsOrExplains(bytes, gzip, IdxReader::readImages);
        readsOrExplains(bytes, gzip, IdxReader::readLabels);
    }

    @Property(tries = 200)
    void aMutatedImageFileIsReadOrAClearError(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] valid = images(random.nextInt(4), 1 + random.nextInt(4), 1 + random.nextInt(4), random);
        Mutated m = mutate(valid, 16, random);
        readsOrExplains(m.bytes(), m.gzip(), IdxReader::readImages);
    }

    @Property(tries = 200)
    void aMutatedLabelFileIsReadOrAClearError(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] labels = new byte[random.nextInt(12)];
        random.nextBytes(labels);
        Mutated m = mutate(header(IdxReader.LABELS_MAGIC, labels.length, labels), 8, random);
        readsOrExplains(m.bytes(), m.gzip(), IdxReader::readLabels);
    }

    @Example
    void aLabelHeaderClaimingTwoBillionItemsIsTruncatedNotAnAllocation() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> readGuarded(header(IdxReader.LABELS_MAGIC, Integer.MAX_VALUE, new byte[3]), false, IdxReader::readLabels));
        assertTrue(e.getMessage().endsWith(": truncated: expected 2147483655 bytes (8-byte header + 2147483647 data bytes), found 11"),
                e.getMessage());
    }

    @Example
    void anImageHeaderClaimingMoreThanAnArrayHoldsSaysSo() {
        byte[] bytes = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(1 << 30).putInt(28).putInt(28).array();
        DatasetException e = assertThrows(DatasetException.class, () -> readGuarded(bytes, true, IdxReader::readImages));
        assertTrue(e.getMessage().endsWith("more than a Java array holds"), e.getMessage());
    }

    // ---- the property ----------------------------------------------------------------------

    private static void readsOrExplains(byte[] bytes, boolean gzip, Function<Path, ?> read) {
        try {
            readGuarded(bytes, gzip, read);
        } catch (DatasetException e) {
            assertTrue(e.getMessage().startsWith(dir.resolve("data.idx") + ": "), e.getMessage());
            assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
        }
    }

    private static Object readGuarded(byte[] bytes, boolean gzip, Function<Path, ?> read) {
        Path file = dir.resolve("data.idx");
        try {
            Files.write(file, gzip ? gzip(bytes) : bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Bounded.call("reading " + bytes.length + " bytes", () -> read.apply(file));
    }

    // ---- generators ------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    }

    private record Mutated(byte[] bytes, boolean gzip) {
    }

    /** 1 to 3 edits of a valid file with a {@code headerLength}-byte header, then maybe gzipped (before or after). */
    private static Mutated mutate(byte[] valid, int headerLength, Random random) {
        byte[] bytes = valid;
        boolean gzipFirst = random.nextInt(4) == 0; // corrupt the compressed bytes, not the IDX ones
        if (gzipFirst) {
            bytes = gzip(bytes);
        }
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            switch (random.nextInt(5)) {
                case 0 -> { // a header field replaced by an odd value
                    int field = random.nextInt(headerLength / 4);
                    if (bytes.length >= field * 4 + 4) {
                        ByteBuffer.wrap(bytes).putInt(field * 4, ODD_INTS[random.nextInt(ODD_INTS.length)]);
                    }
                }
                case 1 -> { // a byte flipped
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)); // cut short
                case 3 -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8)); // trailing bytes
                default -> { // header only
                    bytes = Arrays.copyOf(bytes, Math.min(bytes.length, headerLength));
                }
            }
        }
        boolean gzipAfter = !gzipFirst && random.nextBoolean();
        return new Mutated(bytes, gzipAfter);
    }

    private static byte[] images(int count, int rows, int cols, Random random) {
        byte[] pixels = new byte[count * rows * cols];
        random.nextBytes(pixels);
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    private static byte[] header(int magic, int count, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(magic).putInt(count).put(body).array();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
