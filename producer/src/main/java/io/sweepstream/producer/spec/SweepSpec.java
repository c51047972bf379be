package io.sweepstream.producer.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.sweepstream.schemas.Hyperparameter;

/**
 * A validated sweep: what to search, how, and for how long. Built by {@link SpecParser}, which
 * reports every problem with its path; the checks here are a safety net for code that builds
 * specs directly.
 *
 * @param name           a label for people; {@code "sweep"} when the file has none
 * @param method         grid, random or bayes
 * @param metric         what runs are ranked by; {@link Metric#DEFAULT} when the file has none
 * @param runCap         the most runs the sweep starts; empty means unbounded for random/bayes and
 *                       "every combination" for grid
 * @param dataset        what runs train on
 * @param seed           the sweep seed; random search and every run seed derive from it (default 0, so
 *                       a spec without a seed is still reproducible)
 * @param parallelism    how many runs may be in flight at once; empty leaves it to the controller
 * @param parameters     the searched hyperparameters in the order of the file (that order decides the
 *                       grid order: the last parameter varies fastest); hyperparameters not listed
 *                       take their defaults
 * @param followup       the validated {@code followup} block: the best configurations run again on
 *                       another dataset when the sweep ends; empty when absent
 * @param earlyTerminate the validated {@code early_terminate} block, empty when absent; the evaluator
 *                       applies it (it travels in the sweep's definition)
 * @param text           the spec as written, kept so the {@code sweeps} topic records exactly what ran
 */
public record SweepSpec(
        String name,
        SearchMethod method,
        Metric metric,
        Optional<Integer> runCap,
        Dataset dataset,
        long seed,
        Optional<Integer> parallelism,
        Map<String, ParameterSpec> parameters,
        Optional<Followup> followup,
        Optional<EarlyTermination> earlyTerminate,
        String text) {

    public SweepSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(text, "text");
        runCap.ifPresent(cap -> requirePositive("run_cap", cap));
        parallelism.ifPresent(p -> requirePositive("parallelism", p));
        for (String parameter : parameters.keySet()) {
            if (Hyperparameter.fromSpecName(parameter).isEmpty()) {
                throw new IllegalArgumentException("unknown parameter \"" + parameter + "\"; allowed: "
                        + Hyperparameter.allowedNames());
            }
        }
        // Copies keep the caller's insertion order and make the record immutable.
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(followup, "followup");
        Objects.requireNonNull(earlyTerminate, "earlyTerminate");
        if (method == SearchMethod.GRID) {
            parameters.forEach((parameter, spec) -> {
                if (spec.gridSize().isEmpty()) {
                    throw new IllegalArgumentException("grid search cannot enumerate parameter " + parameter);
                }
            });
        }
    }

    /** This spec with another run_cap: how {@code sweep extend} grows a sweep (the text stays as written). */
    public SweepSpec withRunCap(int cap) {
        return new SweepSpec(name, method, metric, Optional.of(cap), dataset, seed, parallelism, parameters, followup, earlyTerminate, text);
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be a positive integer, found " + value);
        }
    }

    /**
     * The number of grid combinations (product of every parameter's grid size, saturating at
     * {@link Long#MAX_VALUE}), or empty when some parameter cannot be enumerated.
     */
    public OptionalLong gridCombinations() {
        long product = 1;
        for (ParameterSpec spec : parameters.values()) {
            OptionalLong size = spec.gridSize();
            if (size.isEmpty()) {
                return OptionalLong.empty();
            }
            product = multiplySaturating(product, size.getAsLong());
        }
        return OptionalLong.of(product);
    }

    static long multiplySaturating(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return (high == 0 && product >= 0) ? product : Long.MAX_VALUE;
    }
}
