package io.sweepstream.producer.search;

/**
 * Deterministic seed derivation, so any run of a sweep can be regenerated from the sweep seed and
 * its index alone (a restarted controller keeps no state).
 */
public final class Seeds {
    /** 2^64 / golden ratio, odd: SplitMix64's increment. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * The seed of run {@code runIndex}: the ({@code runIndex}+1)-th output of a SplitMix64 generator
     * started at {@code sweepSeed}, i.e. {@code mix64(sweepSeed + (runIndex + 1) * GOLDEN_GAMMA)}.
     * Neighbouring indices and neighbouring sweep seeds give unrelated run seeds.
     */
    public static long runSeed(long sweepSeed, int runIndex) {
        if (runIndex < 0) {
            throw new IllegalArgumentException("runIndex must be >= 0, found " + runIndex);
        }
        return mix64(sweepSeed + (runIndex + 1L) * GOLDEN_GAMMA);
    }

    /** SplitMix64's finaliser (Stafford's variant 13): a bijection on longs that scrambles every bit. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
