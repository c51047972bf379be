package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.Metric;
import io.sweepstream.producer.spec.ParameterSpec;
import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Bayesian search ({@code method: bayes}) by a Tree-structured Parzen Estimator (Bergstra et al., 2011),
 * the method behind Hyperopt and Optuna's default sampler.
 *
 * <p>Why TPE rather than a Gaussian process: our spaces mix categoricals (optimizer, activation),
 * integers (layers, units) and log-scaled reals (learning rate), where a GP needs a hand-made mixed
 * kernel and still treats categories as points in a vector space; TPE models each parameter with a
 * one-dimensional density of its own kind, which extends to conditional parameters, and costs time
 * linear in the number of finished runs (a GP is cubic) with no hyperparameters of its own to fit.
 *
 * <p>How run {@code i} is proposed:
 * <ol>
 *   <li>While {@code i < startupRuns(spec)}, or fewer runs than that have finished: run i of a random sweep
 *       with the same seed ({@link RandomSearch#configAt}), so a bayes sweep begins like a random one.</li>
 *   <li>Otherwise the finished runs are ranked by the metric (goal maximize or minimize) and split:
 *       the best {@code ceil(GAMMA · n)} are "good", the rest "bad", where n counts the runs in flight and
 *       those that ended without a metric too; those last two join "bad" (the constant liar with the worst
 *       value), so runs proposed while others train go elsewhere.</li>
 *   <li>For each parameter, l(x) is a Parzen density of the good runs' values and g(x) of the bad ones'
 *       ({@link ParzenMixture}: truncated Gaussian kernels on the log axis for log kinds, the linear axis
 *       otherwise; {@link CategoricalParzen}: smoothed counts), each with the spec's distribution as prior.</li>
 *   <li>{@link #CANDIDATES} candidates are drawn from l; the one with the largest Σ ln l(x)/g(x) over the
 *       parameters that is not a finished, failed or pending configuration wins (configurations compare
 *       after rounding and quantising, as {@link RunConfig}s).</li>
 *   <li>When every candidate was tried already: random draws, then, in a finite space, the next untried
 *       configuration in grid order from a random point; no proposal only when the space is exhausted.</li>
 * </ol>
 *
 * <p>The randomness of proposal i comes from {@link Seeds#runSeed}(seed, i) alone and inputs are put in a
 * canonical order first, so the same spec, index and {@link SearchState} give the same proposal whatever
 * the order of the lists: a restarted controller proposes what the last one would have.
 */
public final class TpeSearch implements SearchStrategy {
    /** Runs in flight when a bayes spec sets no {@code parallelism}. */
    public static final int DEFAULT_PARALLELISM = 2;
    /** Candidates drawn from l(x) per proposal (Optuna's and Hyperopt's default). */
    static final int CANDIDATES = 24;
    /** The share of runs counted as good (Hyperopt's default). */
    static final double GAMMA = 0.25;
    /** Keeps TPE's streams apart from random search's and the trainer's, which start from the same run seed. */
    private static final long SALT = 0x7E5E_A2C4_0000_0002L;
    private static final int RANDOM_RETRIES = 100;
    /** The most grid positions tried when looking for an untried configuration of a finite space. */
    private static final long MAX_ENUMERATED = 1L << 20;
    private static final RandomSearch RANDOM = new RandomSearch();

    /**
     * How many runs are random draws before the estimator takes over: a quarter of run_cap, at least 3
     * and at most 10 (Optuna's default startup); 10 without run_cap.
     */
    public static int startupRuns(SweepSpec spec) {
        return spec.runCap().map(cap -> Math.max(3, Math.min(10, (cap + 3) / 4))).orElse(10);
    }

    /** run_cap, or fewer when the space has fewer distinct configurations; empty when neither bounds it. */
    @Override
    public OptionalInt totalRuns(SweepSpec spec) {
        OptionalLong space = distinctConfigs(spec);
        long total = Math.min(spec.runCap().map(Integer::longValue).orElse(Long.MAX_VALUE), space.orElse(Long.MAX_VALUE));
        return total > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) total);
    }

    @Override
    public List<PlannedRun> next(SweepSpec spec, int nextIndex, SearchState state, int maxNew) {
        Objects.requireNonNull(state, "state");
        if (nextIndex < 0 || maxNew < 0) {
            throw new IllegalArgumentException("nextIndex and maxNew must be >= 0, found " + nextIndex + " and " + maxNew);
        }
        OptionalInt total = totalRuns(spec);
        List<FinishedRun> finished = ranked(state.finished(), spec.metric());
        List<RunConfig> pending = canonicalOrder(state.pending());
        List<RunConfig> unscored = canonicalOrder(state.unscored());
        Set<RunConfig> tried = new HashSet<>(pending);
        tried.addAll(unscored);
        finished.forEach(f -> tried.add(f.config()));

        List<PlannedRun> runs = new ArrayList<>();
        for (int index = nextIndex; index < (long) nextIndex + maxNew; index++) {
            if (total.isPresent() && index >= total.getAsInt()) {
                break;
            }
            Optional<RunConfig> proposal = propose(spec, index, finished, pending, unscored, tried);
            if (proposal.isEmpty()) {
                break; // every configuration of the space was tried
            }
            runs.add(new PlannedRun(index, proposal.get(), Seeds.runSeed(spec.seed(), index)));
            // The next proposal of this batch sees this one in flight, as it would after a round trip.
            pending.add(proposal.get());
            pending = canonicalOrder(pending);
            tried.add(proposal.get());
        }
        return runs;
    }

    private Optional<RunConfig> propose(SweepSpec spec, int index, List<FinishedRun> ranked, List<RunConfig> pending,
                                        List<RunConfig> unscored, Set<RunConfig> tried) {
        SplittableRandom random = new SplittableRandom(Seeds.runSeed(spec.seed(), index) ^ SALT);
        int startup = startupRuns(spec);
        if (index < startup || ranked.size() < startup) {
            RunConfig c = RANDOM.configAt(spec, index);
            if (!tried.contains(c)) {
                return Optional.of(c);
            }
        } else {
            Optional<RunConfig> best = bestCandidate(spec, ranked, pending, unscored, tried, random);
            if (best.isPresent()) {
                return best;
            }
        }
        return untried(spec, tried, random);
    }

    /** The candidate drawn from l with the largest ln l(x) - ln g(x) that was not tried, or empty. */
    private static Optional<RunConfig> bestCandidate(SweepSpec spec, List<FinishedRun> ranked, List<RunConfig> pending,
                                                     List<RunConfig> unscored, Set<RunConfig> tried, SplittableRandom random) {
        int n = ranked.size() + pending.size() + unscored.size();
        int good = Math.min(ranked.size(), Math.max(1, (int) Math.ceil(GAMMA * n)));
        List<RunConfig> goodConfigs = ranked.subList(0, good).stream().map(FinishedRun::config).toList();
        List<RunConfig> badConfigs = new ArrayList<>();
        ranked.subList(good, ranked.size()).forEach(f -> badConfigs.add(f.config()));
        badConfigs.addAll(pending);
        badConfigs.addAll(unscored);

        List<Dimension> dimensions = new ArrayList<>();
        spec.parameters().forEach((name, parameter) -> dimensions.add(Dimension.of(name, parameter, goodConfigs, badConfigs)));

        List<Map<String, Object>> candidates = new ArrayList<>();
        double[] scores = new double[CANDIDATES];
        for (int c = 0; c < CANDIDATES; c++) {
            Map<String, Object> chosen = new LinkedHashMap<>();
            for (Dimension d : dimensions) {
                scores[c] += d.draw(random, chosen);
            }
            candidates.add(chosen);
        }
        // Best score first, draw order among equals; the first one not tried wins.
        Integer[] order = new Integer[CANDIDATES];
        for (int c = 0; c < CANDIDATES; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        for (int c : order) {
            RunConfig config = RunConfig.withDefaults(candidates.get(c));
            if (!tried.contains(config)) {
                return Optional.of(config);
            }
        }
        return Optional.empty();
    }

    /** A configuration not tried yet: random draws first, then a walk of a finite space's grid; empty if none is left. */
    private static Optional<RunConfig> untried(SweepSpec spec, Set<RunConfig> tried, SplittableRandom random) {
        for (int attempt = 0; attempt < RANDOM_RETRIES; attempt++) {
            Map<String, Object> chosen = new LinkedHashMap<>();
            spec.parameters().forEach((name, parameter) -> chosen.put(name, Sampler.value(parameter, random)));
            RunConfig c = RunConfig.withDefaults(chosen);
            if (!tried.contains(c)) {
                return Optional.of(c);
            }
        }
        OptionalLong size = distinctConfigs(spec);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        long start = Math.floorMod(random.nextLong(), size.getAsLong());
        for (long k = 0; k < Math.min(size.getAsLong(), MAX_ENUMERATED); k++) {
            RunConfig c = configAt(spec, (start + k) % size.getAsLong());
            if (!tried.contains(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * How many distinct configurations the space has when every parameter is a value, a list or an
     * int_uniform (saturating at {@link Long#MAX_VALUE}); empty when some parameter is continuous.
     */
    static OptionalLong distinctConfigs(SweepSpec spec) {
        long product = 1;
        for (ParameterSpec parameter : spec.parameters().values()) {
            long size = finiteSize(parameter);
            if (size < 0) {
                return OptionalLong.empty();
            }
            long high = Math.multiplyHigh(product, size);
            product = (high == 0 && product * size >= 0) ? product * size : Long.MAX_VALUE;
        }
        return OptionalLong.of(product);
    }

    /** Distinct values of one parameter, or -1 when it has too many to list. */
    private static long finiteSize(ParameterSpec parameter) {
        if (parameter instanceof ParameterSpec.Fixed) {
            return 1;
        }
        if (parameter instanceof ParameterSpec.Categorical c) {
            return CategoricalParzen.distinct(c.values()).size();
        }
        return parameter.gridSize().orElse(-1);
    }

    /** Configuration {@code k} of a finite space, by mixed-radix decoding (last parameter fastest). */
    private static RunConfig configAt(SweepSpec spec, long k) {
        List<Map.Entry<String, ParameterSpec>> parameters = new ArrayList<>(spec.parameters().entrySet());
        Map<String, Object> chosen = new LinkedHashMap<>();
        long rest = k;
        for (int p = parameters.size() - 1; p >= 0; p--) {
            ParameterSpec parameter = parameters.get(p).getValue();
            long size = finiteSize(parameter);
            long digit = rest % size;
            rest /= size;
            Object value;
            if (parameter instanceof ParameterSpec.Fixed fixed) {
                value = fixed.value();
            } else if (parameter instanceof ParameterSpec.Categorical c) {
                value = CategoricalParzen.distinct(c.values()).get((int) digit);
            } else {
                value = (long) ((ParameterSpec.Distribution) parameter).min() + digit;
            }
            chosen.put(parameters.get(p).getKey(), value);
        }
        return RunConfig.withDefaults(chosen);
    }

    /** Best first under the metric's goal; ties in a fixed order of the configurations. */
    private static List<FinishedRun> ranked(List<FinishedRun> finished, Metric metric) {
        Map<FinishedRun, String> keys = new HashMap<>();
        finished.forEach(f -> keys.put(f, key(f.config())));
        Comparator<FinishedRun> byValue = Comparator.comparingDouble(FinishedRun::metricValue);
        if (metric.goal() == Metric.Goal.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        List<FinishedRun> out = new ArrayList<>(finished);
        out.sort(byValue.thenComparing(keys::get));
        return out;
    }

    private static List<RunConfig> canonicalOrder(List<RunConfig> configs) {
        Map<RunConfig, String> keys = new HashMap<>();
        configs.forEach(c -> keys.put(c, key(c)));
        List<RunConfig> out = new ArrayList<>(configs);
        out.sort(Comparator.comparing(keys::get));
        return out;
    }

    /** A total order on configurations, so results do not depend on the order lists come in. */
    private static String key(RunConfig c) {
        return c.values().toString();
    }

    /** One parameter's pair of densities l (good) and g (bad); draws a value from l and scores it. */
    private interface Dimension {
        /** Puts a value drawn from l into {@code chosen}; returns ln l(x) - ln g(x) (0 for a fixed parameter). */
        double draw(SplittableRandom random, Map<String, Object> chosen);

        static Dimension of(String name, ParameterSpec parameter, List<RunConfig> good, List<RunConfig> bad) {
            if (parameter instanceof ParameterSpec.Fixed fixed) {
                return (random, chosen) -> {
                    chosen.put(name, fixed.value());
                    return 0;
                };
            }
            if (parameter instanceof ParameterSpec.Categorical categorical) {
                CategoricalParzen l = new CategoricalParzen(categorical, good.stream().map(c -> c.values().get(name)).toList());
                CategoricalParzen g = new CategoricalParzen(categorical, bad.stream().map(c -> c.values().get(name)).toList());
                return (random, chosen) -> {
                    int i = l.sample(random);
                    chosen.put(name, l.values().get(i));
                    return l.logProbability(i) - g.logProbability(i);
                };
            }
            ParameterSpec.Distribution distribution = (ParameterSpec.Distribution) parameter;
            NumericAxis axis = NumericAxis.of(distribution);
            if (axis.degenerate()) {
                return (random, chosen) -> {
                    chosen.put(name, Sampler.sample(distribution, random));
                    return 0;
                };
            }
            ParzenMixture l = new ParzenMixture(axis, points(axis, name, good));
            ParzenMixture g = new ParzenMixture(axis, points(axis, name, bad));
            return (random, chosen) -> {
                double t = l.sample(random);
                chosen.put(name, axis.toValue(t));
                return l.logDensity(t) - g.logDensity(t);
            };
        }

        private static double[] points(NumericAxis axis, String name, List<RunConfig> configs) {
            return configs.stream().mapToDouble(c -> axis.toAxis(((Number) c.values().get(name)).doubleValue())).toArray();
        }
    }
}
