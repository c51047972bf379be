package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A strategy where run i's configuration is a pure function of (spec, i): grid and random search.
 * Results never change what comes next, so {@link #next} only walks the indices.
 */
public interface IndexedSearch extends SearchStrategy {

    /**
     * The configuration of run {@code index}.
     *
     * @throws IndexOutOfBoundsException when the index is negative or not below {@link #totalRuns}
     */
    RunConfig configAt(SweepSpec spec, int index);

    @Override
    default List<PlannedRun> next(SweepSpec spec, int nextIndex, SearchState state, int maxNew) {
        Objects.requireNonNull(state, "state");
        if (nextIndex < 0 || maxNew < 0) {
            throw new IllegalArgumentException("nextIndex and maxNew must be >= 0, found " + nextIndex + " and " + maxNew);
        }
        OptionalInt total = totalRuns(spec);
        long end = Math.min((long) nextIndex + maxNew, total.isPresent() ? total.getAsInt() : Integer.MAX_VALUE);
        List<PlannedRun> runs = new ArrayList<>();
        for (int i = nextIndex; i < end; i++) {
            runs.add(new PlannedRun(i, configAt(spec, i), Seeds.runSeed(spec.seed(), i)));
        }
        return runs;
    }

    /**
     * Every configuration of a bounded sweep, in run order ({@code expand(spec).get(i)} equals
     * {@code configAt(spec, i)}).
     *
     * @throws IllegalArgumentException when the sweep is unbounded
     */
    default List<RunConfig> expand(SweepSpec spec) {
        int total = totalRuns(spec).orElseThrow(() -> new IllegalArgumentException(
                "sweep \"" + spec.name() + "\" is unbounded; set run_cap to expand it"));
        List<RunConfig> configs = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            configs.add(configAt(spec, i));
        }
        return configs;
    }

    /** Throws unless {@code 0 <= index < total} (when there is a total). */
    static void checkIndex(int index, OptionalInt total) {
        if (index < 0 || (total.isPresent() && index >= total.getAsInt())) {
            throw new IndexOutOfBoundsException("run index " + index + " outside the sweep's "
                    + (total.isPresent() ? total.getAsInt() + " runs" : "runs"));
        }
    }
}
