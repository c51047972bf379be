package io.sweepstream.cli;

/**
 * A sweep's runs at one moment: each run in exactly one of done, running and queued (not started yet,
 * published or not), so the three add up to the sweep's size.
 *
 * @param total    the sweep's size (grid size or run_cap), never the runs published so far
 * @param done     runs with a result, each once
 * @param running  runs a trainer is training
 * @param queued   the rest
 * @param diverged done runs that ended DIVERGED
 * @param failed   done runs that ended FAILED
 */
record ProgressCounts(int total, int done, int running, int queued, int diverged, int failed) {

    ProgressCounts {
        if (total < 0 || done < 0 || running < 0 || queued < 0 || diverged < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must be >= 0, found " + total + "/" + done + "/" + running + "/" + queued
                    + "/" + diverged + "/" + failed);
        }
        if (done + running + queued != total) {
            throw new IllegalArgumentException("done + running + queued must be the total " + total + ", found "
                    + done + " + " + running + " + " + queued);
        }
        if (diverged + failed > done) {
            throw new IllegalArgumentException("diverged + failed must be <= done " + done + ", found " + diverged + " + " + failed);
        }
    }

    boolean finished() {
        return done == total;
    }
}
