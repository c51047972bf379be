package io.sweepstream.evaluator.early;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asynchronous successive halving for one sweep, with W&B's hyperband stopping rule. Feed it each
 * run's per-epoch metric and the runs that ended; {@link #decide()} says which running runs to stop.
 *
 * <p>The rule, exactly (as W&B's {@code hyperband_stop_runs}):
 * <ol>
 *   <li>At each milestone m, the values recorded there are the value at epoch m of every run of the
 *       sweep that has reported m epochs: running, finished or stopped runs alike.</li>
 *   <li>The cutoff at m is the value of rank {@code floor(n / eta)} (0-based, best first) among those
 *       n values: the best {@code floor(n / eta) + 1} values survive, and more on ties. A lone run
 *       is its own cutoff and survives.</li>
 *   <li>A running run is judged at the largest milestone it has reached, each time anything changes:
 *       by its best value so far (default; the last milestone's cutoff may tighten as later runs
 *       report), or, with {@code strict}, by its value at that milestone. Worse than the cutoff: stop.</li>
 * </ol>
 * A run with fewer epochs than the first milestone is never judged. A value that is not a number
 * (a diverging run) counts as the worst. A retried run (a higher attempt) starts its history over.
 *
 * <p>Not thread-safe; the evaluator calls it from its one thread.
 */
public final class SuccessiveHalving {

    private final int[] milestones;
    private final double eta;
    private final boolean strict;
    private final boolean maximize;
    private final Map<String, History> runs = new LinkedHashMap<>();
    private final Set<String> ended = new HashSet<>();

    /**
     * @param milestones the bracket epochs, ascending, at least one, each >= 1
     * @param eta        > 1: the top 1/eta survive each milestone
     * @param strict     judge the value at the milestone rather than the best so far
     * @param maximize   whether larger metric values are better
     */
    public SuccessiveHalving(List<Integer> milestones, double eta, boolean strict, boolean maximize) {
        if (milestones.isEmpty()) {
            throw new IllegalArgumentException("milestones must not be empty");
        }
        this.milestones = milestones.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < this.milestones.length; i++) {
            if (this.milestones[i] < 1 || (i > 0 && this.milestones[i] <= this.milestones[i - 1])) {
                throw new IllegalArgumentException("milestones must be ascending and >= 1, found " + milestones);
            }
        }
        if (!(eta > 1) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be a finite number > 1, found " + eta);
        }
        this.eta = eta;
        this.strict = strict;
        this.maximize = maximize;
    }

    /** Records a run's metric after {@code epoch} (1-based) of {@code attempt}. */
    public void record(String runId, int attempt, int epoch, double value) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, found " + epoch);
        }
        History h = runs.computeIfAbsent(runId, id -> new History(attempt));
        if (attempt < h.attempt) {
            return; // an older attempt's late epoch: the newer attempt's history counts
        }
        if (attempt > h.attempt) {
            h.restart(attempt);
        }
        h.set(epoch, lowerIsBetter(value));
    }

    /**
     * The run has a result or was told to stop: it is not judged any more, but its values still
     * count at every milestone it reached.
     */
    public void ended(String runId) {
        ended.add(runId);
        History h = runs.get(runId);
        if (h != null) {
            h.trim(milestones[milestones.length - 1]); // past the last milestone nothing of an ended run is read
        }
    }

    public boolean hasEnded(String runId) {
        return ended.contains(runId);
    }

    /** Runs to stop now; each is returned once, and counts as ended from then on. */
    public List<Stop> decide() {
        double[] cutoffs = new double[milestones.length];
        int[] recorded = new int[milestones.length];
        for (int i = 0; i < milestones.length; i++) {
            double[] at = valuesAt(milestones[i]);
            recorded[i] = at.length;
            cutoffs[i] = at.length == 0 ? Double.POSITIVE_INFINITY : at[(int) (at.length / eta)];
        }
        List<Stop> stops = new ArrayList<>();
        for (Map.Entry<String, History> e : runs.entrySet()) {
            String runId = e.getKey();
            History h = e.getValue();
            int bracket = lastMilestoneReached(h.length);
            if (ended.contains(runId) || bracket < 0) {
                continue;
            }
            double judged = strict ? h.values[milestones[bracket] - 1] : h.best();
            if (judged > cutoffs[bracket]) {
                ended.add(runId);
                stops.add(new Stop(runId, h.length, milestones[bracket], fromLowerIsBetter(judged),
                        fromLowerIsBetter(cutoffs[bracket]), recorded[bracket]));
            }
        }
        return stops;
    }

    /** The values recorded at {@code milestone}, ascending (best first). */
    private double[] valuesAt(int milestone) {
        double[] at = new double[runs.size()];
        int n = 0;
        for (History h : runs.values()) {
            if (h.length >= milestone) {
                at[n++] = h.values[milestone - 1];
            }
        }
        double[] sorted = Arrays.copyOf(at, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Index of the largest milestone <= {@code epochs}, or -1 before the first. */
    private int lastMilestoneReached(int epochs) {
        int i = -1;
        while (i + 1 < milestones.length && milestones[i + 1] <= epochs) {
            i++;
        }
        return i;
    }

    /** Values are kept so that lower is better and NaN is the worst: the rule then has one direction. */
    private double lowerIsBetter(double v) {
        if (Double.isNaN(v)) {
            return Double.POSITIVE_INFINITY;
        }
        return maximize ? -v : v;
    }

    private double fromLowerIsBetter(double v) {
        return maximize ? -v : v;
    }

    /** One run's values by epoch, in lower-is-better form; epochs never reported are the worst. */
    private static final class History {
        int attempt;
        double[] values = new double[8];
        int length;

        History(int attempt) {
            this.attempt = attempt;
        }

        void restart(int newAttempt) {
            attempt = newAttempt;
            length = 0;
        }

        void set(int epoch, double v) {
            if (epoch > values.length) {
                values = Arrays.copyOf(values, Math.max(epoch, values.length * 2));
            }
            for (int i = length; i < epoch - 1; i++) {
                values[i] = Double.POSITIVE_INFINITY; // a gap: an epoch we never heard of
            }
            values[epoch - 1] = v;
            length = Math.max(length, epoch);
        }

        /** Keeps the values up to {@code epochs}: an ended run's at the milestones, which is all that is read of it. */
        void trim(int epochs) {
            length = Math.min(length, epochs);
            if (values.length > length) {
                values = Arrays.copyOf(values, length);
            }
        }

        double best() {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < length; i++) {
                best = Math.min(best, values[i]);
            }
            return best;
        }
    }
}
