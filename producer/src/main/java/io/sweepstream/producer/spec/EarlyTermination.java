package io.sweepstream.producer.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A validated {@code early_terminate: {type: hyperband, ...}} block: where the brackets (milestone
 * epochs) are and how many runs survive each. The evaluator runs it as asynchronous successive
 * halving; {@link #milestones()} is the one place the brackets are computed (they travel on the
 * {@code sweeps} topic).
 *
 * <p>As in W&B: with {@code min_iter} the milestones are {@code floor(min_iter * eta^k)} for
 * k = 0, 1, ...; with {@code max_iter} and {@code s} they are {@code floor(max_iter / eta^k)} for
 * k = 1..s, leaving out those below 1. Both lists are ascending without repeats and end before
 * {@link Integer#MAX_VALUE}.
 *
 * @param eta     the bracket multiplier, > 1; the top 1/eta of the values recorded at a milestone survive it
 * @param minIter the first milestone; empty when {@code maxIter} is given
 * @param maxIter the iteration the brackets count down from; empty when {@code minIter} is given
 * @param s       the number of brackets below {@code maxIter}; present exactly when {@code maxIter} is
 * @param strict  false (W&B's default): a run is judged by its best value so far; true: by its value
 *                at the milestone
 */
public record EarlyTermination(double eta, OptionalInt minIter, OptionalInt maxIter, OptionalInt s, boolean strict) {

    /** W&B's default bracket multiplier. */
    public static final double DEFAULT_ETA = 3;

    public EarlyTermination {
        if (!(eta > 1) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be a finite number > 1, found " + eta);
        }
        if (minIter.isPresent() == maxIter.isPresent()) {
            throw new IllegalArgumentException("give min_iter or max_iter, exactly one; found "
                    + (minIter.isPresent() ? "both" : "neither"));
        }
        if (s.isPresent() != maxIter.isPresent()) {
            throw new IllegalArgumentException(maxIter.isPresent() ? "s is required with max_iter" : "s goes with max_iter only");
        }
        minIter.ifPresent(m -> requirePositive("min_iter", m));
        maxIter.ifPresent(m -> requirePositive("max_iter", m));
        s.ifPresent(n -> requirePositive("s", n));
        if (maxIter.isPresent() && maxIter.getAsInt() / eta < 1) {
            throw new IllegalArgumentException("max_iter / eta = " + maxIter.getAsInt() + " / " + eta
                    + " is below 1: no bracket; raise max_iter or lower eta");
        }
    }

    /** Brackets starting at {@code minIter}. */
    public static EarlyTermination fromMinIter(int minIter, double eta, boolean strict) {
        return new EarlyTermination(eta, OptionalInt.of(minIter), OptionalInt.empty(), OptionalInt.empty(), strict);
    }

    /** {@code s} brackets below {@code maxIter}. */
    public static EarlyTermination fromMaxIter(int maxIter, int s, double eta, boolean strict) {
        return new EarlyTermination(eta, OptionalInt.empty(), OptionalInt.of(maxIter), OptionalInt.of(s), strict);
    }

    /** The milestone epochs, ascending, never empty. */
    public List<Integer> milestones() {
        List<Integer> out = new ArrayList<>();
        if (minIter.isPresent()) {
            for (double band = minIter.getAsInt(); band < Integer.MAX_VALUE; band *= eta) {
                add(out, (int) band);
            }
        } else {
            double band = maxIter.getAsInt();
            for (int k = 1; k <= s.getAsInt(); k++) {
                band /= eta;
                if (band < 1) {
                    break;
                }
                out.add(0, (int) band); // descending as computed: put each in front
            }
            List<Integer> ascending = new ArrayList<>();
            out.forEach(m -> add(ascending, m));
            return List.copyOf(ascending);
        }
        return List.copyOf(out);
    }

    /** Appends {@code m} unless it repeats the last one (a small eta can floor two bands to one epoch). */
    private static void add(List<Integer> ascending, int m) {
        if (ascending.isEmpty() || ascending.get(ascending.size() - 1) != m) {
            ascending.add(m);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be a positive integer, found " + value);
        }
    }
}
