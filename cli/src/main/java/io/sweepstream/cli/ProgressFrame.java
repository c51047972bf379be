package io.sweepstream.cli;

import java.util.List;
import java.util.Locale;

import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * What {@code sweep local} shows of a sweep at one moment.
 *
 * @param counts   the runs, done, running and queued
 * @param best     the best run so far, e.g. {@code best val_accuracy 0.8123 (quick-r0001)}; empty before any
 * @param training the newest heartbeat of each trainer training a run of the sweep
 */
record ProgressFrame(ProgressCounts counts, String best, List<WorkerStatus> training) {

    ProgressFrame {
        training = List.copyOf(training);
    }

    /** {@code 2/4 done, 1 running, 1 queued (1 diverged, 0 failed)  best ...}: the line both displays share. */
    String countsLine() {
        ProgressCounts c = counts;
        String trouble = c.diverged() + c.failed() > 0
                ? String.format(Locale.ROOT, " (%d diverged, %d failed)", c.diverged(), c.failed()) : "";
        return String.format(Locale.ROOT, "%d/%d done, %d running, %d queued%s%s", c.done(), c.total(), c.running(), c.queued(),
                trouble, best.isEmpty() ? "" : "  " + best);
    }
}
