package io.sweepstream.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.sweepstream.schemas.WorkerLiveness;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.QueueStatus;
import io.sweepstream.schemas.topic.Topics;

/** One readable line per event, for terminals. */
final class EventFormat {

    /** Workers heartbeat every 2 s; this many seconds of silence means the worker is lost (the rule is WorkerLiveness's). */
    static final long SILENT_AFTER_SECONDS = WorkerLiveness.LOST_AFTER.toSeconds();
    /** Appended to a result that replaces an earlier result of the same run (see {@code RunResultsByRun}). */
    static final String REPEAT_NOTE = "  (repeat: replaces the earlier result of this run)";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private EventFormat() {
    }

    static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    static String metric(EpochMetric m) {
        return String.format(Locale.ROOT, "%s %s #%d epoch %d/%d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  %,.0f samples/s  [%s]",
                time(m.getTimestampMs()), m.getRunId(), m.getAttempt(), m.getEpoch(), m.getEpochs(),
                m.getTrainLoss(), m.getTrainAccuracy(), m.getValLoss(), m.getValAccuracy(), m.getSamplesPerSecond(), m.getWorkerId());
    }

    static String result(RunResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s %s #%d %-8s", time(r.getFinishedAtMs()), r.getRunId(), r.getAttempt(), r.getStatus()));
        if (r.getBestValAccuracy() != null) {
            s.append(String.format(Locale.ROOT, " best val acc %.4f (epoch %d)", r.getBestValAccuracy(), r.getBestEpoch()));
        }
        if (r.getTestAccuracy() != null && !r.getTestAccuracy().isNaN()) {
            s.append(String.format(Locale.ROOT, " test acc %.4f", r.getTestAccuracy()));
        }
        s.append(String.format(Locale.ROOT, "  %d epoch(s) in %.1f s  %s  [%s]", r.getEpochsCompleted(), r.getDurationMs() / 1000.0,
                config(r.getHyperparameters()), r.getWorkerId()));
        if (r.getError() != null) {
            s.append("  ").append(r.getError());
        }
        return s.toString();
    }

    static String worker(WorkerStatus w) {
        String run;
        if (w.getRunId() == null) {
            run = "";
        } else if (w.getEpoch() == 0 && w.getProgress() == 0) {
            // Taken, not yet through its first batch (loading, catching up): "epoch 0/5 0%" reads as a fault.
            run = String.format(Locale.ROOT, " %s #%d starting", w.getRunId(), w.getAttempt());
        } else {
            run = String.format(Locale.ROOT, " %s #%d epoch %d/%d %3.0f%%%s",
                    w.getRunId(), w.getAttempt(), w.getEpoch(), w.getEpochs(), 100 * w.getProgress(),
                    w.getSamplesPerSecond() == null ? "" : String.format(Locale.ROOT, " %,.0f samples/s", w.getSamplesPerSecond()));
        }
        long silentSeconds = (System.currentTimeMillis() - w.getHeartbeatAtMs()) / 1000;
        String silent = silent(w, System.currentTimeMillis()) ? " (no heartbeat for " + silentSeconds + " s: gone?)" : "";
        String engine = w.getEngine() == null ? "" : " [" + w.getEngine().split(" ", 2)[0] + "]";
        return String.format(Locale.ROOT, "%s worker %s@%s%s %s%s%s", time(w.getHeartbeatAtMs()), w.getWorkerId(), w.getHost(), engine, w.getState(), run, silent);
    }

    /** A killed worker never says goodbye: its last heartbeat just gets old. */
    static boolean silent(WorkerStatus w, long nowMs) {
        WorkerLiveness.State state = WorkerLiveness.of(w, nowMs);
        return state == WorkerLiveness.State.LOST || state == WorkerLiveness.State.GONE && w.getState() != WorkerState.STOPPED;
    }

    static String summary(SweepSummary s) {
        RunCounts c = s.getCounts();
        int done = c.getFinished() + c.getStopped() + c.getStoppedEarly() + c.getDiverged() + c.getFailed();
        String best = s.getBest() == null ? "no result yet" : String.format(Locale.ROOT, "best %s %s %.4f",
                s.getBest().getRunId(), s.getMetricName(), s.getBest().getMetricValue());
        return String.format(Locale.ROOT, "%s sweep %s \"%s\" %s: %s, %d running (finished %d, %sstopped %d, diverged %d, failed %d)  %s",
                time(s.getUpdatedAtMs()), s.getSweepId(), s.getName(), s.getStatus(), done(done, c), c.getRunning(),
                c.getFinished(), stoppedEarly(c.getStoppedEarly()), c.getStopped(), c.getDiverged(), c.getFailed(), best);
    }

    /** Runs the early-termination rule stopped, said only for sweeps that have some. */
    private static String stoppedEarly(int n) {
        return n == 0 ? "" : "stopped early " + n + ", ";
    }

    /** {@code 2/4 done} against the sweep's size; a summary from before sizes were in it, or an unbounded sweep, says what it knows. */
    private static String done(int done, RunCounts c) {
        return c.getTotal() != null
                ? String.format(Locale.ROOT, "%d/%d done", done, c.getTotal())
                : String.format(Locale.ROOT, "%d done of %d requested so far", done, c.getRequested());
    }

    /** A sweep the evaluator has not summarised yet: what its definition and results say. */
    static String unsummarized(SweepDefinition d, int done) {
        String total = d.getTotalRuns() == null ? "" : "/" + d.getTotalRuns();
        return String.format(Locale.ROOT, "%s sweep %s \"%s\" %s: %d%s done (no summary yet: is a 'sweep evaluator' running?)",
                time(d.getCreatedAtMs()), d.getSweepId(), d.getName(), d.getStatus(), done, total);
    }

    /**
     * A sweep that needs a controller while none runs: instead of a summary that would read "0/0 done" forever.
     *
     * @param done  runs of the sweep with a result
     * @param start the command that starts a controller
     */
    static String waitingForController(SweepDefinition d, int done, String start) {
        String total = d.getTotalRuns() == null ? "" : "/" + d.getTotalRuns();
        return String.format(Locale.ROOT, "%s sweep %s \"%s\" waiting for a controller (start: %s): %d%s done",
                time(d.getCreatedAtMs()), d.getSweepId(), d.getName(), start, done, total);
    }

    /** What runs.results says of one sweep: each run once, with its last result. */
    static String results(String sweepId, Collection<RunResult> results) {
        int[] n = new int[RunStatus.values().length];
        results.forEach(r -> n[r.getStatus().ordinal()]++);
        return String.format(Locale.ROOT, "results of sweep %s: %d run(s) (finished %d, %sstopped %d, diverged %d, failed %d)",
                sweepId, results.size(), n[RunStatus.FINISHED.ordinal()], stoppedEarly(n[RunStatus.STOPPED_EARLY.ordinal()]),
                n[RunStatus.STOPPED.ordinal()],
                n[RunStatus.DIVERGED.ordinal()], n[RunStatus.FAILED.ordinal()]);
    }

    /** The work queue in one line; {@code running} comes from the trainers' heartbeats. */
    static String queue(QueueStatus.Snapshot q, int running) {
        if (!q.joined()) {
            return "queue: no trainer has joined the queue yet (share group " + q.group() + " on " + Topics.RUNS_REQUESTED.name() + ")";
        }
        return String.format(Locale.ROOT, "queue: %d run(s) queued, %d running (share group %s: lag %d on %s)",
                q.queued(running), running, q.group(), q.lag(), Topics.RUNS_REQUESTED.name());
    }

    static String deadLetter(DeadLetter d) {
        return String.format(Locale.ROOT, "%s %s-%d@%d  %s: %s  (by %s)", time(d.getFailedAtMs()), d.getTopic(), d.getPartition(),
                d.getOffset(), d.getExceptionClass(), d.getError(), d.getConsumer());
    }

    static String config(Hyperparameters h) {
        return String.format(Locale.ROOT, "%s lr=%s bs=%d %dx%d %s %s wd=%s %s ep=%d",
                lower(h.getOptimizer()), num(h.getLearningRate()), h.getBatchSize(), h.getNumLayers(), h.getHiddenSize(),
                lower(h.getActivation()), lower(h.getLoss()), num(h.getWeightDecay()), lower(h.getWeightInit()), h.getEpochs());
    }

    /**
     * The leaderboard as a table: the ranking metric, then validation and test accuracy unless the metric
     * is one of them, so no number shows twice.
     */
    static String leaderboard(SweepSummary s) {
        StringBuilder out = new StringBuilder();
        int runWidth = s.getLeaderboard().stream().mapToInt(e -> e.getRunId().length()).max().orElse(3);
        boolean valColumn = !s.getMetricName().equals("val_accuracy");
        boolean testColumn = !s.getMetricName().equals("test_accuracy");
        int metricWidth = Math.max(8, s.getMetricName().length());
        out.append(String.format(Locale.ROOT, "%4s  %-" + runWidth + "s %" + metricWidth + "s", "rank", "run", s.getMetricName()));
        out.append(valColumn ? String.format(Locale.ROOT, " %8s", "val acc") : "");
        out.append(testColumn ? String.format(Locale.ROOT, " %8s", "test acc") : "");
        out.append("  config\n");
        for (LeaderboardEntry e : s.getLeaderboard()) {
            out.append(String.format(Locale.ROOT, "%4d  %-" + runWidth + "s %" + metricWidth + ".4f", e.getRank(), e.getRunId(), e.getMetricValue()));
            out.append(valColumn ? String.format(Locale.ROOT, " %8.4f", e.getValAccuracy()) : "");
            out.append(testColumn ? String.format(Locale.ROOT, " %8s", e.getTestAccuracy() == null ? "-"
                    : String.format(Locale.ROOT, "%.4f", e.getTestAccuracy())) : "");
            out.append("  ").append(config(e.getHyperparameters())).append('\n');
        }
        return out.toString();
    }

    /**
     * A follow-up beside its original: one line per follow-up run (in run order: the original's best
     * first) with the original run of the same configuration, found on the original's leaderboard
     * ("-" when it is not on it), and both runs' metric and test accuracy.
     */
    static String sideBySide(SweepSummary original, String originalDataset, SweepSummary followup, String followupDataset) {
        List<LeaderboardEntry> runs = new ArrayList<>(followup.getLeaderboard());
        runs.sort(Comparator.comparing(LeaderboardEntry::getRunId));
        int width = Math.max(8, original.getMetricName().length());
        int runWidth = 3;
        for (LeaderboardEntry e : original.getLeaderboard()) {
            runWidth = Math.max(runWidth, e.getRunId().length());
        }
        for (LeaderboardEntry e : runs) {
            runWidth = Math.max(runWidth, e.getRunId().length());
        }
        StringBuilder out = new StringBuilder();
        String cell = "%-" + runWidth + "s %" + width + "s %8s";
        out.append(String.format(Locale.ROOT, "  " + cell + "   |  " + cell + "%n", "on " + originalDataset, original.getMetricName(), "test acc",
                "on " + followupDataset, followup.getMetricName(), "test acc"));
        for (LeaderboardEntry f : runs) {
            LeaderboardEntry o = original.getLeaderboard().stream()
                    .filter(e -> e.getHyperparameters().equals(f.getHyperparameters())).findFirst().orElse(null);
            out.append(String.format(Locale.ROOT, "  " + cell + "   |  " + cell + "%n",
                    o == null ? "-" : o.getRunId(), o == null ? "-" : fourDigits(o.getMetricValue()), o == null ? "-" : fourDigits(o.getTestAccuracy()),
                    f.getRunId(), fourDigits(f.getMetricValue()), fourDigits(f.getTestAccuracy())));
        }
        return out.toString();
    }

    private static String fourDigits(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A confusion matrix with class names, rows = true class. */
    static String confusionMatrix(List<List<Integer>> matrix, List<String> classNames) {
        if (matrix == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int width = 6;
        out.append(String.format("%-12s", "true\\pred"));
        for (int j = 0; j < matrix.size(); j++) {
            out.append(String.format("%" + width + "s", abbreviate(name(classNames, j), width - 1)));
        }
        out.append('\n');
        for (int i = 0; i < matrix.size(); i++) {
            out.append(String.format("%-12s", abbreviate(name(classNames, i), 11)));
            for (Integer v : matrix.get(i)) {
                out.append(String.format("%" + width + "d", v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String name(List<String> names, int i) {
        return names != null && i < names.size() ? names.get(i) : Integer.toString(i);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
