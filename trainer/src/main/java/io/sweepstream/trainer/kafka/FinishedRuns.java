package io.sweepstream.trainer.kafka;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The runs that have a result, in about one bit per run: a run id of the form every publisher of runs
 * uses, {@code <sweepId>-r<index>} (the producer's {@code SweepRecords.runId}), is kept as bit
 * {@code index} of its sweep's set; any other id is kept whole. Exact either way: nothing is evicted.
 * Not thread-safe.
 */
final class FinishedRuns {

    /** Index bits per sweep id. */
    private final Map<String, BitSet> bySweep = new HashMap<>();
    /** Ids without the standard form (hand-made requests, tests). */
    private final Set<String> others = new HashSet<>();

    void add(String sweepId, String runId) {
        int index = indexOf(sweepId, runId);
        if (index >= 0) {
            bySweep.computeIfAbsent(sweepId, id -> new BitSet()).set(index);
        } else {
            others.add(runId);
        }
    }

    /** @param sweepId the run's sweep, or null when the record did not say (a STOP_RUN may name only the run) */
    boolean contains(String sweepId, String runId) {
        if (sweepId == null) {
            return others.contains(runId) || containsByPrefix(runId);
        }
        int index = indexOf(sweepId, runId);
        if (index < 0) {
            return others.contains(runId);
        }
        BitSet bits = bySweep.get(sweepId);
        return bits != null && bits.get(index);
    }

    /** Ids kept whole. */
    int irregular() {
        return others.size();
    }

    /** A STOP_RUN may name no sweep: the sweep id is then what precedes the last {@code -r}. */
    private boolean containsByPrefix(String runId) {
        int at = runId.lastIndexOf("-r");
        return at > 0 && contains(runId.substring(0, at), runId);
    }

    /** The index of a standard run id of this sweep, or -1. */
    static int indexOf(String sweepId, String runId) {
        if (sweepId == null || runId == null || runId.length() <= sweepId.length() + 2 || !runId.startsWith(sweepId)
                || runId.charAt(sweepId.length()) != '-' || runId.charAt(sweepId.length() + 1) != 'r') {
            return -1;
        }
        int start = sweepId.length() + 2;
        int n = runId.length() - start;
        if (n > 9) {
            return -1; // beyond what an int holds
        }
        int index = 0;
        for (int i = start; i < runId.length(); i++) {
            char c = runId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        // "%04d" pads to four digits: "r7" is not run 7's id ("r0007" is), so only that spelling maps to the bit.
        return n == Math.max(4, Integer.toString(index).length()) ? index : -1;
    }
}
