package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void derivesTheSameRunSeedEveryTime() {
        assertEquals(Seeds.runSeed(42, 7), Seeds.runSeed(42, 7));
    }

    @Test
    void isTheSplitMix64SequenceOfTheSweepSeed() {
        // Known first outputs of SplitMix64 seeded with 0 (as in the reference implementation).
        assertEquals(0xE220A8397B1DCDAFL, Seeds.runSeed(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, Seeds.runSeed(0, 1));
    }

    @Test
    void givesDistinctSeedsAcrossRunsAndSweeps() {
        Set<Long> seeds = new HashSet<>();
        for (long sweep = 0; sweep < 100; sweep++) {
            for (int run = 0; run < 1000; run++) {
                seeds.add(Seeds.runSeed(sweep, run));
            }
        }
        assertEquals(100_000, seeds.size());
    }

    @Test
    void rejectsANegativeRunIndex() {
        assertThrows(IllegalArgumentException.class, () -> Seeds.runSeed(0, -1));
    }
}
