package io.sweepstream.cli;

import java.nio.file.Path;

/** What {@code sweep local} says when Ctrl-C stops it: what was stopped, and what was kept and where. */
final class StopReport {

    private StopReport() {
    }

    /**
     * @param counts    the sweep's runs when it was stopped; null when it was stopped before the sweep started
     * @param brokerDir where the broker keeps its data ({@code --broker-dir}); null when it was a temporary one
     */
    static String message(ProgressCounts counts, Path brokerDir) {
        if (counts == null) {
            return "stopped before the sweep started; kept: nothing";
        }
        String stopped = counts.running() == 0 ? "no run in progress" : runs(counts.running()) + " in progress (released)";
        if (counts.queued() > 0) {
            stopped += ", " + runs(counts.queued()) + " not started";
        }
        String results = counts.done() == 1 ? "1 result" : counts.done() + " results";
        String kept;
        if (brokerDir != null) {
            kept = results + " in " + brokerDir + " ('sweep broker --data-dir " + brokerDir + "' serves them again)";
        } else {
            kept = "nothing: the embedded broker was temporary"
                    + (counts.done() == 0 ? "" : " (its " + results + " went with it; --broker-dir DIR keeps them)");
        }
        return "stopped: " + stopped + "; kept: " + kept;
    }

    private static String runs(int n) {
        return n == 1 ? "1 run" : n + " runs";
    }
}
