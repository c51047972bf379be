package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Independent random draws: run i's configuration is a pure function of (sweep seed, i), so any
 * prefix of the sweep is reproducible and a controller can regenerate run i without state.
 *
 * <p>Each parameter of run i draws from its own stream, seeded with
 * {@code runSeed(seed, i) ^ mix64(name.hashCode() ^ SALT)}: adding or reordering parameters in the spec does
 * not change the values the other parameters get. (The salt keeps these streams apart from the
 * trainer's, which start from the bare run seed.)
 */
public final class RandomSearch implements IndexedSearch {
    /** Distinguishes config-sampling streams from other uses of a run seed. */
    private static final long SALT = 0x5EED_C0F1_6000_0001L;

    @Override
    public OptionalInt totalRuns(SweepSpec spec) {
        return spec.runCap().map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    @Override
    public RunConfig configAt(SweepSpec spec, int index) {
        IndexedSearch.checkIndex(index, totalRuns(spec));
        long runSeed = Seeds.runSeed(spec.seed(), index);
        Map<String, Object> chosen = new LinkedHashMap<>();
        spec.parameters().forEach((name, parameter) -> {
            SplittableRandom random = new SplittableRandom(runSeed ^ Seeds.mix64(name.hashCode() ^ SALT));
            chosen.put(name, Sampler.value(parameter, random));
        });
        return RunConfig.withDefaults(chosen);
    }
}
