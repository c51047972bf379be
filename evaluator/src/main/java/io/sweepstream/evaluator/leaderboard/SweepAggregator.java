package io.sweepstream.evaluator.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import io.sweepstream.evaluator.importance.Importance;
import io.sweepstream.evaluator.importance.Parameter;
import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.SweepMetric;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;

/**
 * Folds the events of every sweep into its {@link SweepSummary}. Feed it events in topic order;
 * the same events give the same summaries (time comes from the events, never from the clock).
 *
 * <p>Each run counts once, by {@link RunResultsByRun}'s rule: the last result on {@code runs.results}
 * for a run id is its result and replaces any earlier one (a run trained twice because its trainer
 * died after writing the result). The last, because compaction keeps the last record of a key: this
 * live view and one replayed from the compacted topic then agree.
 *
 * <p>Bounded state (issue 14): a sweep keeps what its summary is computed from, and once it has ended
 * (FINISHED or CANCELLED) only that: its results {@link RunResultsByRun#withoutDetail without their detail}
 * but the best run's (whose confusion matrix the summary carries), no last epoch of a run with a result
 * unless the metric is a train_* one (then a copy without names), and the importance cache as arrays. The
 * summaries do not change: leaderboard, counts, best per value and importance read every run's metric
 * and configuration, and {@code sweep extend} can reopen an ended sweep, so runs are compacted, not evicted.
 * A result read after that (a repeat, or a run of the extension) is kept whole until the sweep ends again.
 */
public final class SweepAggregator {

    /**
     * Results read after a sweep ended (its cancelled runs' STOPPED results, repeats) kept whole before the
     * sweep is compacted again: bounds both the extra memory and how often a sweep is compacted.
     */
    public static final int KEEP_WHOLE_AFTER_END = 64;

    private final int leaderboardSize;
    private final Map<String, SweepState> sweeps = new LinkedHashMap<>();

    public SweepAggregator(int leaderboardSize) {
        if (leaderboardSize < 1) {
            throw new IllegalArgumentException("leaderboardSize must be >= 1, found " + leaderboardSize);
        }
        this.leaderboardSize = leaderboardSize;
    }

    /**
     * @return the sweep id whose summary may have changed
     * @throws IllegalArgumentException for a definition no summary can be built from (an unknown
     *     metric); nothing is recorded, so one bad definition cannot break every later summary
     */
    public String onDefinition(SweepDefinition d) {
        SweepMetric.parse(d.getMetricName());
        SweepState s = state(d.getSweepId());
        s.definition = d;
        s.touch(d.getCreatedAtMs());
        compactIfEnded(s); // a cancel, or (in a replay) a definition read after the results
        return d.getSweepId();
    }

    public String onRequest(RunRequest r) {
        SweepState s = state(r.getSweepId());
        s.requested.add(r.getRunId());
        s.touch(r.getRequestedAtMs());
        return r.getSweepId();
    }

    public String onMetric(EpochMetric m) {
        SweepState s = state(m.getSweepId());
        if (s.compacted && !trainMetric(s) && s.results.contains(m.getRunId())) {
            // An ended sweep's run with a result (its epochs read after it, in a replay): not running, and its
            // metric value comes from the result, so the epoch is not kept.
            s.touch(m.getTimestampMs());
            return m.getSweepId();
        }
        EpochMetric last = s.lastEpoch.get(m.getRunId());
        // A retried run starts over: the newest attempt's newest epoch wins.
        if (last == null || m.getAttempt() > last.getAttempt()
                || (m.getAttempt() == last.getAttempt() && m.getEpoch() >= last.getEpoch())) {
            s.lastEpoch.put(m.getRunId(), m);
        }
        s.touch(m.getTimestampMs());
        if (s.compacted) {
            compactIfEnded(s); // a train_* sweep waits for its runs' last epochs (below)
        }
        return m.getSweepId();
    }

    public String onResult(RunResult r) {
        SweepState s = state(r.getSweepId());
        s.results.put(r);
        s.requested.add(r.getRunId());
        s.touch(r.getFinishedAtMs());
        compactIfEnded(s);
        return r.getSweepId();
    }

    /** Whether the sweep has ended: every run has its result, or it was cancelled. */
    public boolean ended(String sweepId) {
        SweepState s = sweeps.get(sweepId);
        if (s == null || s.definition == null) {
            return false;
        }
        SweepStatus status = status(s);
        return status == SweepStatus.FINISHED || status == SweepStatus.CANCELLED;
    }

    /**
     * Drops what no summary of an ended sweep reads (see the class comment); it changes no summary. Runs again
     * after each later result of the sweep, which is rare: a repeat, or a run of an extension once it ends too.
     */
    private static void compactIfEnded(SweepState s) {
        if (s.definition == null || (status(s) != SweepStatus.FINISHED && status(s) != SweepStatus.CANCELLED)) {
            s.compacted = false; // open (again, after an extend): compacted at once when it ends
            return;
        }
        if (s.compacted && ++s.keptWhole < KEEP_WHOLE_AFTER_END) {
            return; // a cancelled sweep's remaining runs end one by one: one pass per batch of them, not per result
        }
        s.compacted = true;
        s.keptWhole = 0;
        boolean trainMetric = trainMetric(s);
        if (trainMetric && !everyValueFinal(s)) {
            return; // a replay read results before their last epochs: which run is best is not known yet; try again later
        }
        SweepMetric metric = SweepMetric.parse(s.definition.getMetricName());
        List<Ranked> ranked = ranked(s, metric, s.definition.getMetricGoal());
        String best = ranked.isEmpty() ? null : ranked.get(0).result.getRunId();
        for (RunResult r : new ArrayList<>(s.results.values())) {
            if (!r.getRunId().equals(best) && (r.getConfusionMatrix() != null || !r.getClassNames().isEmpty() || r.getError() != null)) {
                s.results.put(RunResultsByRun.withoutDetail(r));
            }
        }
        for (Iterator<Map.Entry<String, EpochMetric>> it = s.lastEpoch.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, EpochMetric> e = it.next();
            RunResult result = s.results.get(e.getKey());
            if (result == null) {
                continue; // still running (or its result is yet to be read): it counts as running
            }
            if (!trainMetric) {
                it.remove(); // a run with a result is not running, and val/test metrics come from the result
            } else if (!e.getValue().getWorkerId().isEmpty()) {
                e.setValue(withoutNames(e.getValue(), result));
            }
        }
        // One id string per run: the set of requested runs shares the result's.
        Set<String> requested = new HashSet<>(s.requested.size());
        for (String runId : s.requested) {
            RunResult r = s.results.get(runId);
            requested.add(r == null ? runId : r.getRunId());
        }
        s.requested = requested;
    }

    /** Whether the sweep ranks by a train_* metric, which a run's last epoch has and its result does not. */
    private static boolean trainMetric(SweepState s) {
        SweepMetric metric = s.definition == null ? null : SweepMetric.parse(s.definition.getMetricName());
        return metric == SweepMetric.TRAIN_ACCURACY || metric == SweepMetric.TRAIN_LOSS;
    }

    /** Whether every run with a result has its last epoch read, so its train_* value will not change. */
    private static boolean everyValueFinal(SweepState s) {
        for (RunResult r : s.results.values()) {
            EpochMetric last = s.lastEpoch.get(r.getRunId());
            if (r.getEpochsCompleted() > 0 && (last == null || last.getAttempt() < r.getAttempt() || last.getEpoch() < r.getEpochsCompleted())) {
                return false;
            }
        }
        return true;
    }

    /** The epoch's numbers, its names shared with the run's result. */
    private static EpochMetric withoutNames(EpochMetric m, RunResult result) {
        return EpochMetric.newBuilder()
                .setSweepId(result.getSweepId()).setRunId(result.getRunId()).setAttempt(m.getAttempt()).setEpoch(m.getEpoch())
                .setEpochs(m.getEpochs()).setTrainLoss(m.getTrainLoss()).setTrainAccuracy(m.getTrainAccuracy())
                .setValLoss(m.getValLoss()).setValAccuracy(m.getValAccuracy()).setSamplesPerSecond(m.getSamplesPerSecond())
                .setWorkerId("").setTimestampMs(m.getTimestampMs())
                .build();
    }

    public Set<String> sweepIds() {
        return sweeps.keySet();
    }

    /** Runs of a sweep with a record kept whole (a result with its confusion matrix, an epoch with its names): for tests. */
    int detailedRuns(String sweepId) {
        SweepState s = sweeps.get(sweepId);
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (RunResult r : s.results.values()) {
            n += r.getConfusionMatrix() != null ? 1 : 0;
        }
        for (EpochMetric m : s.lastEpoch.values()) {
            n += m.getWorkerId().isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** The current summary of a sweep; null until its definition has been seen. */
    public SweepSummary summary(String sweepId) {
        SweepState s = sweeps.get(sweepId);
        if (s == null || s.definition == null) {
            return null;
        }
        SweepDefinition d = s.definition;
        SweepMetric metric = SweepMetric.parse(d.getMetricName());
        MetricGoal goal = d.getMetricGoal();
        List<Ranked> ranked = ranked(s, metric, goal);

        List<LeaderboardEntry> board = new ArrayList<>();
        for (int i = 0; i < Math.min(leaderboardSize, ranked.size()); i++) {
            board.add(entry(i + 1, ranked.get(i)));
        }
        RunResult best = ranked.isEmpty() ? null : ranked.get(0).result;

        return SweepSummary.newBuilder()
                .setSweepId(d.getSweepId())
                .setName(d.getName())
                .setMetricName(d.getMetricName())
                .setMetricGoal(goal)
                .setCounts(counts(s))
                .setLeaderboard(board)
                .setBest(board.isEmpty() ? null : board.get(0))
                .setBestConfusionMatrix(best == null ? null : best.getConfusionMatrix())
                .setClassNames(best == null ? List.of() : best.getClassNames())
                .setBestPerParameterValue(bestPerParameterValue(d, ranked))
                .setImportance(importance(s, d, ranked))
                .setUpdatedAtMs(s.updatedAtMs)
                .setStatus(status(s))
                .build();
    }

    /** The runs with a metric value, best first (ties by run id); failed and diverged runs do not rank. */
    private static List<Ranked> ranked(SweepState s, SweepMetric metric, MetricGoal goal) {
        List<Ranked> ranked = new ArrayList<>();
        for (RunResult r : s.results.values()) {
            if (r.getStatus() == RunStatus.FAILED || r.getStatus() == RunStatus.DIVERGED) {
                continue;
            }
            OptionalDouble v = metric.of(r, s.lastEpoch.get(r.getRunId()));
            if (v.isPresent()) {
                ranked.add(new Ranked(r, v.getAsDouble()));
            }
        }
        Comparator<Ranked> byMetric = (a, b) -> SweepMetric.compare(a.value, b.value, goal);
        ranked.sort(byMetric.thenComparing(x -> x.result.getRunId()));
        return ranked;
    }

    private static RunCounts counts(SweepState s) {
        int finished = 0, stopped = 0, stoppedEarly = 0, diverged = 0, failed = 0;
        for (RunResult r : s.results.values()) {
            switch (r.getStatus()) {
                case FINISHED -> finished++;
                case STOPPED -> stopped++;
                case STOPPED_EARLY -> stoppedEarly++;
                case DIVERGED -> diverged++;
                case FAILED -> failed++;
                default -> throw new IllegalStateException("unknown status " + r.getStatus());
            }
        }
        int running = 0;
        for (String runId : s.lastEpoch.keySet()) {
            if (!s.results.contains(runId)) {
                running++;
            }
        }
        return RunCounts.newBuilder()
                // The sweep's size, not the runs requested so far: a paced sweep's runs are published a few at
                // a time, and "2/2 done" followed by "2/4 done" reads as progress going backwards.
                .setTotal(s.definition.getTotalRuns())
                .setRequested(s.requested.size())
                .setRunning(running)
                .setFinished(finished)
                .setStopped(stopped)
                .setStoppedEarly(stoppedEarly)
                .setDiverged(diverged)
                .setFailed(failed)
                .build();
    }

    private static SweepStatus status(SweepState s) {
        SweepStatus declared = s.definition.getStatus();
        if (declared != SweepStatus.ACTIVE) {
            return declared;
        }
        Integer total = s.definition.getTotalRuns();
        return total != null && s.results.size() >= total ? SweepStatus.FINISHED : SweepStatus.ACTIVE;
    }

    /** For each value of each parameter the spec chose among ({@code values}), its best run. */
    private static List<ParameterBest> bestPerParameterValue(SweepDefinition d, List<Ranked> ranked) {
        List<ParameterBest> out = new ArrayList<>();
        for (ParameterSpec p : d.getParameters()) {
            if (p.getKind() != ParameterKind.VALUES || !Hyperparameter.NAMES.contains(p.getName())) {
                continue;
            }
            Map<String, Ranked> bestByValue = new LinkedHashMap<>();
            for (Ranked r : ranked) { // ranked is best first, so the first seen per value is its best
                bestByValue.putIfAbsent(Hyperparameter.text(r.result.getHyperparameters(), p.getName()), r);
            }
            bestByValue.forEach((value, r) -> out.add(ParameterBest.newBuilder()
                    .setParameter(p.getName())
                    .setValue(value)
                    .setRunId(r.result.getRunId())
                    .setMetricValue(r.value)
                    .build()));
        }
        return out;
    }

    /**
     * Parameter importance over the runs the leaderboard ranks (finished, stopped and stopped early;
     * not failed or diverged), once {@link ParameterImportance#MIN_RUNS} have a metric. Computed again
     * only when those runs or their values change.
     */
    private static List<ParameterImportance> importance(SweepState s, SweepDefinition d, List<Ranked> ranked) {
        String[] keyRuns = new String[ranked.size()];
        double[] keyValues = new double[ranked.size()];
        for (int i = 0; i < keyRuns.length; i++) {
            keyRuns[i] = ranked.get(i).result.getRunId();
            keyValues[i] = ranked.get(i).value;
        }
        if (Arrays.equals(keyRuns, s.importanceRuns) && Arrays.equals(keyValues, s.importanceValues)) {
            return s.importance;
        }
        List<Parameter> parameters = new ArrayList<>();
        for (ParameterSpec p : d.getParameters()) {
            if (p.getKind() == ParameterKind.VALUE || !Hyperparameter.NAMES.contains(p.getName())) {
                continue;
            }
            List<String> values = new ArrayList<>(ranked.size());
            ranked.forEach(r -> values.add(Hyperparameter.text(r.result.getHyperparameters(), p.getName())));
            boolean logScaled = p.getDistribution() != null && p.getDistribution().contains("log");
            parameters.add(new Parameter(p.getName(), logScaled, values));
        }
        double[] metric = ranked.stream().mapToDouble(Ranked::value).toArray();
        List<ParameterImportance> out = new ArrayList<>();
        for (Importance i : io.sweepstream.evaluator.importance.ParameterImportance.of(parameters, metric, d.getSeed())) {
            out.add(ParameterImportance.newBuilder()
                    .setParameter(i.parameter())
                    .setImportance(i.importance())
                    .setCorrelation(Double.isNaN(i.correlation()) ? null : i.correlation())
                    .build());
        }
        s.importanceRuns = keyRuns;
        s.importanceValues = keyValues;
        s.importance = List.copyOf(out);
        return s.importance;
    }

    private static LeaderboardEntry entry(int rank, Ranked r) {
        RunResult res = r.result;
        return LeaderboardEntry.newBuilder()
                .setRank(rank)
                .setRunId(res.getRunId())
                .setMetricValue(r.value)
                .setValAccuracy(res.getBestValAccuracy() == null ? Double.NaN : res.getBestValAccuracy())
                .setTestAccuracy(res.getTestAccuracy())
                .setStatus(res.getStatus())
                .setHyperparameters(res.getHyperparameters())
                .setEpochsCompleted(res.getEpochsCompleted())
                .build();
    }

    private SweepState state(String sweepId) {
        return sweeps.computeIfAbsent(sweepId, id -> new SweepState());
    }

    private record Ranked(RunResult result, double value) {
    }

    private static final class SweepState {
        SweepDefinition definition;
        Set<String> requested = new HashSet<>();
        final Map<String, EpochMetric> lastEpoch = new HashMap<>();
        final RunResultsByRun results = new RunResultsByRun();
        /** The ranked runs (ids, metric values) the importance was last computed from, and the result. */
        String[] importanceRuns;
        double[] importanceValues;
        List<ParameterImportance> importance = List.of();
        long updatedAtMs;
        /** Compacted since it ended, and results read since. */
        boolean compacted;
        int keptWhole;

        void touch(long timestampMs) {
            updatedAtMs = Math.max(updatedAtMs, timestampMs);
        }
    }
}
