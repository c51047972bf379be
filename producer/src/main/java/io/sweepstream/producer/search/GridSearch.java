package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.ParameterSpec;
import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SearchMethod;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Every combination of the parameters' values, in a fixed order: parameters in spec order, the last
 * one varying fastest (like nested loops written in file order), and run i is combination i. With a
 * run_cap the sweep is the first run_cap combinations.
 */
public final class GridSearch implements IndexedSearch {

    @Override
    public OptionalInt totalRuns(SweepSpec spec) {
        requireGrid(spec);
        long combinations = spec.gridCombinations().orElseThrow();
        long total = Math.min(combinations, spec.runCap().map(Integer::longValue).orElse(Long.MAX_VALUE));
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("grid has " + combinations + " combinations; set run_cap");
        }
        return OptionalInt.of((int) total);
    }

    @Override
    public RunConfig configAt(SweepSpec spec, int index) {
        IndexedSearch.checkIndex(index, totalRuns(spec));
        List<Map.Entry<String, ParameterSpec>> parameters = new ArrayList<>(spec.parameters().entrySet());
        Map<String, Object> chosen = new LinkedHashMap<>();
        // Mixed-radix decoding of the index, least significant digit = last parameter.
        long rest = index;
        for (int p = parameters.size() - 1; p >= 0; p--) {
            ParameterSpec parameter = parameters.get(p).getValue();
            long size = parameter.gridSize().orElseThrow();
            chosen.put(parameters.get(p).getKey(), valueAt(parameter, rest % size));
            rest /= size;
        }
        return RunConfig.withDefaults(chosen);
    }

    private static Object valueAt(ParameterSpec parameter, long position) {
        // Java 17 has no pattern switch; the interface is sealed, so these three are all there is.
        if (parameter instanceof ParameterSpec.Fixed fixed) {
            return fixed.value();
        }
        if (parameter instanceof ParameterSpec.Categorical categorical) {
            return categorical.values().get((int) position);
        }
        // Only int_uniform reaches here (gridSize() is empty for other distributions): its values are min..max.
        return (long) ((ParameterSpec.Distribution) parameter).min() + position;
    }

    private static void requireGrid(SweepSpec spec) {
        if (spec.method() != SearchMethod.GRID) {
            throw new IllegalArgumentException("grid search given a " + spec.method().specName() + " sweep");
        }
    }
}
