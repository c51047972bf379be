package io.sweepstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** 1,000 images, 100 per class; pixel 0 of image i is i mod 256 and pixel 1 is i / 256, so images are identifiable. */
    private final Dataset data = identifiable(1000);

    @Test
    void takesTenPercentOfEachClassForValidation() {
        Split split = Split.stratified(data, 42);

        assertEquals(900, split.train().count());
        assertEquals(100, split.validation().count());
        int[] perClass = classCounts(split.validation());
        for (int c = 0; c < 10; c++) {
            assertEquals(10, perClass[c], "class " + c);
        }
    }

    @Test
    void roundsEachClassShareToTheNearestImage() {
        Dataset uneven = identifiable(1000).subset("uneven", range(0, 86)); // classes 0-5 have 9 images, 6-9 have 8

        Split split = Split.stratified(uneven, 0.1, 1);

        int[] perClass = classCounts(split.validation());
        for (int c = 0; c < 10; c++) {
            assertEquals(1, perClass[c], "class " + c); // round(0.9) = round(0.8) = 1
        }
        assertEquals(76, split.train().count());
    }

    @Test
    void givesTheSameSplitForTheSameSeedAndAnotherForAnotherSeed() {
        Split first = Split.stratified(data, 7);
        Split again = Split.stratified(data, 7);
        Split other = Split.stratified(data, 8);

        assertArrayEquals(first.validation().pixels(), again.validation().pixels());
        assertArrayEquals(first.train().pixels(), again.train().pixels());
        assertFalse(ids(first.validation()).equals(ids(other.validation())));
    }

    @Test
    void partsAreDisjointAndTogetherHoldEveryImageOnce() {
        Split split = Split.stratified(data, 3);

        List<Integer> train = ids(split.train());
        List<Integer> validation = ids(split.validation());
        Set<Integer> all = new HashSet<>(train);
        all.addAll(validation);

        assertEquals(1000, all.size());
        assertEquals(1000, train.size() + validation.size());
        for (int i = 0; i < split.train().count(); i++) {
            assertEquals(train.get(i) % 10, split.train().label(i), "labels travel with their images");
        }
    }

    @Test
    void keepsTheInputOrderWithinEachPart() {
        Split split = Split.stratified(data, 5);

        assertEquals(ids(split.train()).stream().sorted().toList(), ids(split.train()));
        assertEquals(ids(split.validation()).stream().sorted().toList(), ids(split.validation()));
    }

    @Test
    void rejectsAFractionOutsideZeroToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(data, 1.5, 1));

        assertEquals("validationFraction must be in (0, 1), found 1.5", e.getMessage());
    }

    private static Dataset identifiable(int count) {
        byte[] pixels = new byte[count * 4];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            pixels[i * 4] = (byte) (i % 256);
            pixels[i * 4 + 1] = (byte) (i / 256);
            labels[i] = (byte) (i % 10);
        }
        return new Dataset("ids", count, 2, 2, pixels, labels, TestData.TEN_CLASSES);
    }

    private static List<Integer> ids(Dataset d) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < d.count(); i++) {
            ids.add((d.pixels()[i * 4] & 0xFF) + 256 * (d.pixels()[i * 4 + 1] & 0xFF));
        }
        return ids;
    }

    private static int[] classCounts(Dataset d) {
        int[] counts = new int[d.numClasses()];
        for (int i = 0; i < d.count(); i++) {
            counts[d.label(i)]++;
        }
        return counts;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
