package io.sweepstream.dashboard.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.SweepMetric;
import io.sweepstream.schemas.WorkerLiveness;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * Everything the dashboard shows, folded from the events of {@code sweeps}, {@code sweeps.summary},
 * {@code runs.requested}, {@code runs.metrics}, {@code runs.results} and {@code workers.status}. Feed
 * events in topic order (per key); the same events give the same view.
 *
 * <p>Rules it shares with every other reader: a run with two results has the last one
 * ({@link RunResultsByRun}); a metric of a newer attempt starts the run's curve over and one of an
 * older attempt is ignored; the sweep metric of a run is read by {@link SweepMetric}; ranks, best
 * runs and best values per parameter are the evaluator's (from its summary), never recomputed here.
 *
 * <p>Nothing is served as current before the replay has caught up ({@link #caughtUp()}); the HTTP
 * layer refuses data until then. Memory per run is bounded: its request, last epoch and result, and
 * four float curves of at most {@link Curve#MAX_EPOCHS} epochs. Workers silent for longer than
 * {@link #FORGET_WORKERS_AFTER} are forgotten.
 *
 * <p>Thread-safe: one thread feeds it (the Kafka feed), any thread reads; every method locks the view.
 */
public final class DashboardView {

    /** Names whose values are enum constants, so a best-per-value table makes sense for them. */
    private static final Set<String> CATEGORICAL = Arrays.stream(Hyperparameter.values())
            .filter(h -> h.type() == Hyperparameter.Type.CATEGORICAL).map(Hyperparameter::specName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Duration goneAfter;

    private final Map<String, SweepDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, SweepSummary> summaries = new HashMap<>();
    /** Run ids of each sweep, in the order they became known. */
    private final Map<String, Set<String>> runsOfSweep = new LinkedHashMap<>();
    private final Map<String, RunState> runs = new HashMap<>();
    private final RunResultsByRun results = new RunResultsByRun();
    private final Map<String, WorkerStatus> workers = new TreeMap<>();
    private final Map<String, Long> lastEventMs = new HashMap<>();
    /** One copy of each hyperparameter value text: a sweep has few distinct values and many runs. */
    private final Map<String, String> valueTexts = new HashMap<>();

    private boolean caughtUp;
    private long recordsRead;
    private long recordsBehind;
    private String kafkaTrouble;
    private long troubleSinceMs;
    private long skippedRecords;

    // Changes since the last drain.
    private long version;
    private boolean statusChanged = true;
    private boolean workersChanged;
    private final Set<String> changedSweeps = new LinkedHashSet<>();
    private final Set<String> changedSummaries = new LinkedHashSet<>();
    private final Set<String> changedRuns = new LinkedHashSet<>();
    private final List<Point> newPoints = new ArrayList<>();
    private boolean overflow;
    private boolean resyncPending = true;
    private Set<String> lostAtLastDrain = Set.of();

    /** Workers live, lost and gone by {@link WorkerLiveness}, the rule every view of workers applies. */
    public DashboardView() {
        this(WorkerLiveness.GONE_AFTER);
    }

    /** @param goneAfter a worker silent this long is no longer listed (shorter in tests) */
    DashboardView(Duration goneAfter) {
        if (goneAfter.compareTo(WorkerLiveness.LOST_AFTER) <= 0) {
            throw new IllegalArgumentException("goneAfter must be longer than " + WorkerLiveness.LOST_AFTER + ", found " + goneAfter);
        }
        this.goneAfter = goneAfter;
    }

    // ---- feeding ----------------------------------------------------------------------------

    public synchronized void onDefinition(SweepDefinition d) {
        definitions.put(d.getSweepId(), d);
        runsOfSweep.computeIfAbsent(d.getSweepId(), k -> new LinkedHashSet<>());
        touch(d.getSweepId(), d.getCreatedAtMs());
        changedSweeps.add(d.getSweepId());
        changedSummaries.add(d.getSweepId());
    }

    public synchronized void onSummary(SweepSummary s) {
        summaries.put(s.getSweepId(), s);
        runsOfSweep.computeIfAbsent(s.getSweepId(), k -> new LinkedHashSet<>());
        changedSweeps.add(s.getSweepId());
        changedSummaries.add(s.getSweepId());
    }

    public synchronized void onRequest(RunRequest r) {
        RunState run = run(r.getRunId(), r.getSweepId());
        run.request = r;
        if (!results.contains(r.getRunId())) {
            run.hyperparameters = texts(r.getHyperparameters());
        }
        touch(r.getSweepId(), r.getRequestedAtMs());
        changed(run);
    }

    public synchronized void onMetric(EpochMetric m) {
        RunState run = run(m.getRunId(), m.getSweepId());
        if (m.getAttempt() < run.attempt) {
            return; // a late epoch of an attempt that was already retried
        }
        if (m.getAttempt() > run.attempt || run.curve == null) {
            run.attempt = m.getAttempt();
            run.curve = new Curve(); // a retried run trains from scratch
            run.firstEpochAtMs = m.getTimestampMs();
            run.lastEpoch = null;
        }
        if (!run.curve.put(m)) {
            return;
        }
        if (run.lastEpoch == null || m.getEpoch() >= run.lastEpoch.getEpoch()) {
            run.lastEpoch = m;
        }
        touch(m.getSweepId(), m.getTimestampMs());
        changed(run);
        if (caughtUp) {
            newPoints.add(new Point(m.getRunId(), m.getSweepId(), m.getAttempt(), m.getEpoch(),
                    Curve.finite(m.getTrainLoss()), Curve.finite(m.getTrainAccuracy()),
                    Curve.finite(m.getValLoss()), Curve.finite(m.getValAccuracy())));
        }
    }

    public synchronized void onResult(RunResult r) {
        RunState run = run(r.getRunId(), r.getSweepId());
        results.put(r); // the last result of a run wins
        run.hyperparameters = texts(r.getHyperparameters());
        touch(r.getSweepId(), r.getFinishedAtMs());
        changed(run);
    }

    /** A worker's record was removed from {@code workers.status} (a tombstone): it is gone. */
    public synchronized void onWorkerGone(String workerId) {
        if (workers.remove(workerId) != null) {
            workersChanged = true;
        }
    }

    public synchronized void onWorker(WorkerStatus w) {
        workers.put(w.getWorkerId(), w);
        workersChanged = true;
        if (w.getRunId() != null && runs.containsKey(w.getRunId())) {
            changed(runs.get(w.getRunId()));
        }
    }

    /** The replay's progress: records read so far and still to read. */
    public synchronized void replayProgress(long read, long behind) {
        recordsRead = read;
        recordsBehind = behind;
        statusChanged = true;
    }

    /** The replay reached the end the topics had at start: from now on the view is current. */
    public synchronized void markCaughtUp(long read) {
        caughtUp = true;
        recordsRead = read;
        recordsBehind = 0;
        statusChanged = true;
        resyncPending = true;
    }

    /** Kafka does not answer ({@code why} says how), or answers again ({@code why} null). */
    public synchronized void kafkaTrouble(String why, long nowMs) {
        if (why == null) {
            if (kafkaTrouble != null) {
                kafkaTrouble = null;
                troubleSinceMs = 0;
                statusChanged = true;
            }
        } else if (kafkaTrouble == null) { // the first cause of an outage stays, with its start
            kafkaTrouble = why;
            troubleSinceMs = nowMs;
            statusChanged = true;
        }
    }

    /** A record that could not be decoded was skipped. */
    public synchronized void skipped() {
        skippedRecords++;
        statusChanged = true;
    }

    // ---- reading ----------------------------------------------------------------------------

    public synchronized boolean caughtUp() {
        return caughtUp;
    }

    public synchronized ViewStatus status(long nowMs) {
        return new ViewStatus(caughtUp, recordsRead, recordsBehind, kafkaTrouble, troubleSinceMs, skippedRecords,
                nowMs, WorkerLiveness.LOST_AFTER.toMillis());
    }

    /** Every sweep, newest first. */
    public synchronized List<SweepRow> sweeps(long nowMs) {
        List<SweepRow> out = new ArrayList<>();
        for (String id : runsOfSweep.keySet()) {
            SweepRow row = sweepRow(id, nowMs);
            if (row != null) {
                out.add(row);
            }
        }
        out.sort(Comparator.comparingLong(SweepRow::createdAtMs).reversed().thenComparing(SweepRow::sweepId));
        return out;
    }

    public synchronized Optional<SweepDetail> sweep(String sweepId, long nowMs) {
        SweepRow row = sweepRow(sweepId, nowMs);
        if (row == null) {
            return Optional.empty();
        }
        SweepDefinition d = definitions.get(sweepId);
        List<SweepDetail.Parameter> parameters = new ArrayList<>();
        if (d != null) {
            for (ParameterSpec p : d.getParameters()) {
                parameters.add(parameter(p));
            }
        }
        return Optional.of(new SweepDetail(row, parameters, Hyperparameter.NAMES, summary(summaries.get(sweepId))));
    }

    /** The runs of a sweep in the order they became known (by index where known); empty if there is no such sweep. */
    public synchronized Optional<List<RunRow>> runs(String sweepId, long nowMs) {
        Set<String> ids = runsOfSweep.get(sweepId);
        if (ids == null) {
            return Optional.empty();
        }
        Set<String> lost = lostWorkers(nowMs);
        Map<String, String> training = trainedBy(nowMs);
        List<RunRow> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(row(runs.get(id), lost, training));
        }
        out.sort(Comparator.comparingInt((RunRow r) -> r.index() < 0 ? Integer.MAX_VALUE : r.index()));
        return Optional.of(out);
    }

    public synchronized Optional<RunDetail> run(String runId, long nowMs) {
        RunState run = runs.get(runId);
        if (run == null) {
            return Optional.empty();
        }
        RunRow row = row(run, lostWorkers(nowMs), trainedBy(nowMs));
        Curve c = run.curve == null ? new Curve() : run.curve;
        RunResult r = results.get(runId);
        return Optional.of(new RunDetail(row, c.epochs(), c.trainLoss(), c.trainAccuracy(), c.valLoss(), c.valAccuracy(),
                r == null ? null : r.getConfusionMatrix(), r == null ? List.of() : r.getClassNames(),
                r == null ? null : finite(r.getTestLoss()), r == null ? null : finite(r.getFinalValLoss()),
                r == null ? null : r.getBestEpoch(),
                r != null ? r.getDataset() : run.request != null ? run.request.getDataset() : null,
                r != null ? Long.valueOf(r.getSeed()) : run.request != null ? Long.valueOf(run.request.getSeed()) : null));
    }

    /** Every worker that is not gone ({@link WorkerLiveness}), by id; gone ones are forgotten. */
    public synchronized List<WorkerRow> workers(long nowMs) {
        List<WorkerRow> out = new ArrayList<>();
        for (Iterator<WorkerStatus> it = workers.values().iterator(); it.hasNext(); ) {
            WorkerStatus w = it.next();
            WorkerLiveness.State liveness = WorkerLiveness.of(w, nowMs, goneAfter);
            if (liveness == WorkerLiveness.State.GONE) {
                it.remove();
                continue;
            }
            long silent = WorkerLiveness.silence(w, nowMs).toMillis();
            out.add(new WorkerRow(w.getWorkerId(), w.getHost(), liveness == WorkerLiveness.State.LOST ? "LOST" : w.getState().name(),
                    w.getSweepId(), w.getRunId(), w.getAttempt(), w.getEpoch(), w.getEpochs(), w.getProgress(),
                    w.getSamplesPerSecond(), w.getHeartbeatAtMs(), w.getStartedAtMs(), silent));
        }
        return out;
    }

    /**
     * The view in numbers, for {@code /metrics}: runs in training and throughput by the live workers'
     * heartbeats, runs ended by status, sweeps by status, workers by state. Linear in the runs with a
     * result; nothing is built per run.
     */
    public synchronized ViewCounts counts(long nowMs) {
        int training = 0;
        double samplesPerSecond = 0;
        Set<String> trainedRuns = new HashSet<>();
        Map<String, Integer> byState = new TreeMap<>();
        for (WorkerState s : WorkerState.values()) {
            byState.put(s.name(), 0);
        }
        byState.put(ViewCounts.LOST, 0);
        for (WorkerStatus w : workers.values()) {
            WorkerLiveness.State liveness = WorkerLiveness.of(w, nowMs, goneAfter);
            if (liveness == WorkerLiveness.State.GONE) {
                continue;
            }
            byState.merge(liveness == WorkerLiveness.State.LOST ? ViewCounts.LOST : w.getState().name(), 1, Integer::sum);
            if (liveness == WorkerLiveness.State.ALIVE && w.getState() == WorkerState.TRAINING && w.getRunId() != null) {
                if (trainedRuns.add(w.getRunId())) {
                    training++;
                }
                Double sps = w.getSamplesPerSecond();
                if (sps != null && Double.isFinite(sps) && sps > 0) {
                    samplesPerSecond += sps;
                }
            }
        }
        Map<RunStatus, Integer> ended = new EnumMap<>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            ended.put(s, 0);
        }
        for (RunResult r : results.values()) {
            ended.merge(r.getStatus(), 1, Integer::sum);
        }
        Map<SweepStatus, Integer> sweeps = new EnumMap<>(SweepStatus.class);
        for (SweepStatus s : SweepStatus.values()) {
            sweeps.put(s, 0);
        }
        for (String id : runsOfSweep.keySet()) {
            SweepSummary s = summaries.get(id);
            SweepDefinition d = definitions.get(id);
            if (s != null || d != null) {
                sweeps.merge(s != null ? s.getStatus() : d.getStatus(), 1, Integer::sum);
            }
        }
        return new ViewCounts(status(nowMs), training, samplesPerSecond, ended, sweeps, byState);
    }

    /** The latest definition of a sweep, for the cancel command; empty if unknown. */
    public synchronized Optional<SweepDefinition> definition(String sweepId) {
        return Optional.ofNullable(definitions.get(sweepId));
    }

    /** The sweeps that re-run this sweep's best configurations (their {@code followupOf} names it), oldest first. */
    public synchronized List<String> followupsOf(String sweepId) {
        List<SweepDefinition> out = new ArrayList<>();
        for (SweepDefinition d : definitions.values()) {
            if (sweepId.equals(d.getFollowupOf())) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparingLong(SweepDefinition::getCreatedAtMs).thenComparing(SweepDefinition::getSweepId));
        return out.stream().map(SweepDefinition::getSweepId).toList();
    }

    /** The sweep of a run; empty if the run is unknown. */
    public synchronized Optional<String> sweepOf(String runId) {
        RunState run = runs.get(runId);
        return run == null ? Optional.empty() : Optional.of(run.sweepId);
    }

    /**
     * What changed since the last call, or an empty {@link Changes} when nothing did. Before the
     * replay caught up only the status is pushed; the first drain after it, and one after more than
     * {@code maxRuns} runs or {@code maxPoints} epochs changed, says {@code resync}.
     */
    public synchronized Changes drain(long nowMs, int maxRuns, int maxPoints) {
        ViewStatus status = statusChanged ? status(nowMs) : null;
        statusChanged = false;
        if (!caughtUp) {
            clearChanges();
            return status == null ? empty() : new Changes(++version, false, List.of(), List.of(), List.of(), List.of(), null, status);
        }
        Set<String> lost = lostWorkers(nowMs);
        if (!lost.equals(lostAtLastDrain)) {
            workersChanged = true;
            // the runs of workers that went silent (or came back) show as retrying (or not)
            Set<String> flipped = new HashSet<>(lost);
            flipped.addAll(lostAtLastDrain);
            flipped.removeIf(id -> lost.contains(id) && lostAtLastDrain.contains(id));
            for (String id : flipped) {
                WorkerStatus w = workers.get(id);
                if (w != null && w.getRunId() != null && runs.containsKey(w.getRunId())) {
                    changed(runs.get(w.getRunId()));
                }
            }
            lostAtLastDrain = lost;
        }
        if (resyncPending || overflow || changedRuns.size() > maxRuns || newPoints.size() > maxPoints) {
            resyncPending = false;
            clearChanges();
            return new Changes(++version, true, List.of(), List.of(), List.of(), List.of(), null, status);
        }
        List<SweepRow> sweepRows = new ArrayList<>();
        for (String id : changedSweeps) {
            SweepRow row = sweepRow(id, nowMs);
            if (row != null) {
                sweepRows.add(row);
            }
        }
        List<RunRow> runRows = new ArrayList<>();
        Map<String, String> training = trainedBy(nowMs);
        for (String id : changedRuns) {
            runRows.add(row(runs.get(id), lost, training));
        }
        List<WorkerRow> workerRows = workersChanged ? workers(nowMs) : null;
        Changes c = new Changes(version + 1, false, sweepRows, List.copyOf(changedSummaries), runRows,
                List.copyOf(newPoints), workerRows, status);
        clearChanges();
        if (c.isEmpty()) {
            return empty();
        }
        version++;
        return c;
    }

    // ---- internals --------------------------------------------------------------------------

    private Changes empty() {
        return new Changes(version, false, List.of(), List.of(), List.of(), List.of(), null, null);
    }

    private void clearChanges() {
        changedSweeps.clear();
        changedSummaries.clear();
        changedRuns.clear();
        newPoints.clear();
        workersChanged = false;
        overflow = false;
    }

    private RunState run(String runId, String sweepId) {
        RunState run = runs.get(runId);
        if (run == null) {
            run = new RunState(runId, sweepId);
            runs.put(runId, run);
            runsOfSweep.computeIfAbsent(sweepId, k -> new LinkedHashSet<>()).add(runId);
        }
        return run;
    }

    private void changed(RunState run) {
        changedRuns.add(run.runId);
        changedSweeps.add(run.sweepId);
        if (changedRuns.size() > 100_000) {
            overflow = true; // a page can reload; the view must not grow without bound meanwhile
            changedRuns.clear();
            newPoints.clear();
        }
    }

    private void touch(String sweepId, long atMs) {
        lastEventMs.merge(sweepId, atMs, Math::max);
    }

    private boolean lost(WorkerStatus w, long nowMs) {
        return WorkerLiveness.of(w, nowMs, goneAfter) == WorkerLiveness.State.LOST;
    }

    /**
     * Runs that a live worker says it trains, by run id, with the worker: a run reports no metric
     * before its first epoch ends, but its worker's heartbeat names it from the start.
     */
    private Map<String, String> trainedBy(long nowMs) {
        Map<String, String> out = new HashMap<>();
        for (WorkerStatus w : workers.values()) {
            if (w.getState() == WorkerState.TRAINING && w.getRunId() != null
                    && WorkerLiveness.of(w, nowMs, goneAfter) == WorkerLiveness.State.ALIVE) {
                out.put(w.getRunId(), w.getWorkerId());
            }
        }
        return out;
    }

    private Set<String> lostWorkers(long nowMs) {
        Set<String> lost = new HashSet<>();
        for (WorkerStatus w : workers.values()) {
            if (lost(w, nowMs)) {
                lost.add(w.getWorkerId());
            }
        }
        return lost;
    }

    private SweepRow sweepRow(String sweepId, long nowMs) {
        SweepDefinition d = definitions.get(sweepId);
        SweepSummary s = summaries.get(sweepId);
        if (d == null && s == null) {
            return null; // runs of a sweep whose definition has not arrived (or was deleted): nothing to title them
        }
        int known = 0, queued = 0, running = 0, finished = 0, stopped = 0, stoppedEarly = 0, diverged = 0, failed = 0;
        Map<String, String> training = trainedBy(nowMs);
        for (String id : runsOfSweep.getOrDefault(sweepId, Set.of())) {
            known++;
            RunResult r = results.get(id);
            if (r == null) {
                if (runs.get(id).curve == null && !training.containsKey(id)) {
                    queued++;
                } else {
                    running++;
                }
                continue;
            }
            switch (r.getStatus()) {
                case FINISHED -> finished++;
                case STOPPED -> stopped++;
                case STOPPED_EARLY -> stoppedEarly++;
                case DIVERGED -> diverged++;
                case FAILED -> failed++;
                default -> throw new IllegalStateException("unknown run status " + r.getStatus());
            }
        }
        SweepRow.Counts counts = new SweepRow.Counts(known, queued, running, finished, stopped, stoppedEarly, diverged, failed);
        Integer total = d == null ? null : d.getTotalRuns();
        int denominator = total != null ? total : known;
        double progress = denominator == 0 ? 0 : Math.min(1.0, (double) counts.ended() / denominator);
        // Paused and cancelled are the user's word, on the definition; the summary may not have caught up.
        SweepStatus status = d != null && d.getStatus() != SweepStatus.ACTIVE ? d.getStatus() : s != null ? s.getStatus() : d.getStatus();
        long created = d != null ? d.getCreatedAtMs() : s.getUpdatedAtMs();
        long last = lastEventMs.getOrDefault(sweepId, created);
        boolean over = status == SweepStatus.FINISHED || status == SweepStatus.CANCELLED;
        SweepRow.Best best = null;
        if (s != null && s.getBest() != null && Double.isFinite(s.getBest().getMetricValue())) {
            best = new SweepRow.Best(s.getBest().getRunId(), s.getBest().getMetricValue());
        }
        return new SweepRow(sweepId, d != null ? d.getName() : s.getName(),
                d != null ? d.getMethod().name() : null, status.name(),
                d != null ? d.getMetricName() : s.getMetricName(),
                (d != null ? d.getMetricGoal() : s.getMetricGoal()).name(),
                d != null ? d.getDataset() : null, total, counts, progress, best, created, last,
                Math.max(0, (over ? last : nowMs) - created));
    }

    private RunRow row(RunState run, Set<String> lostWorkers, Map<String, String> training) {
        RunResult r = results.get(run.runId);
        Hyperparameters h = r != null ? r.getHyperparameters() : run.request != null ? run.request.getHyperparameters() : null;
        List<String> hp = run.hyperparameters;
        SweepDefinition d = definitions.get(run.sweepId);
        Double metric = null;
        if (r != null && d != null) {
            metric = metricOf(d.getMetricName(), r, run.lastEpoch);
        }
        int epochs = h != null ? h.getEpochs() : run.lastEpoch != null ? run.lastEpoch.getEpochs() : 0;
        if (r != null) {
            return new RunRow(run.runId, run.sweepId, index(run), r.getStatus().name(), false, r.getAttempt(), hp, metric,
                    finite(r.getBestValAccuracy()), finite(r.getTestAccuracy()), r.getEpochsCompleted(), epochs,
                    r.getDurationMs(), r.getWorkerId(), r.getFinishedAtMs() - r.getDurationMs(), r.getError());
        }
        if (run.curve != null) {
            String worker = run.lastEpoch != null ? run.lastEpoch.getWorkerId() : null;
            boolean retrying = worker != null && lostWorkers.contains(worker);
            long started = run.firstEpochAtMs;
            return new RunRow(run.runId, run.sweepId, index(run), "RUNNING", retrying, run.attempt, hp, null,
                    run.curve.bestValAccuracy(), null, run.lastEpoch != null ? run.lastEpoch.getEpoch() : 0, epochs,
                    null, worker, started, null);
        }
        String taker = training.get(run.runId);
        if (taker != null) { // taken by a worker, before its first epoch ended
            return new RunRow(run.runId, run.sweepId, index(run), "RUNNING", false, workers.get(taker).getAttempt() != null
                    ? workers.get(taker).getAttempt() : 1, hp, null, null, null, 0, epochs, null, taker,
                    run.request != null ? run.request.getRequestedAtMs() : null, null);
        }
        return new RunRow(run.runId, run.sweepId, index(run), "QUEUED", false,
                run.request != null ? run.request.getAttempt() : 1, hp, null, null, null, 0, epochs, null, null,
                run.request != null ? run.request.getRequestedAtMs() : null, null);
    }

    private List<String> texts(Hyperparameters h) {
        if (valueTexts.size() > 100_000) {
            valueTexts.clear(); // sharing copies is only a saving: continuous values (random learning rates) hardly repeat
        }
        Hyperparameter[] all = Hyperparameter.values();
        String[] out = new String[all.length];
        for (int i = 0; i < out.length; i++) {
            String v = all[i].text(h);
            out[i] = valueTexts.computeIfAbsent(v, k -> k);
        }
        return List.of(out);
    }

    private static Double metricOf(String metricName, RunResult r, EpochMetric lastEpoch) {
        try {
            OptionalDouble v = SweepMetric.parse(metricName).of(r, lastEpoch);
            return v.isPresent() ? finite(v.getAsDouble()) : null;
        } catch (IllegalArgumentException e) {
            return null; // a definition with an unknown metric: the evaluator rejects it, the page shows no value
        }
    }

    private static int index(RunState run) {
        return run.request == null ? -1 : run.request.getRunIndex();
    }

    private static SweepDetail.Parameter parameter(ParameterSpec p) {
        boolean swept = p.getKind() == ParameterKind.DISTRIBUTION || (p.getKind() == ParameterKind.VALUES && p.getValues().size() > 1);
        boolean categorical = CATEGORICAL.contains(p.getName())
                || "categorical".equals(p.getDistribution())
                || (p.getKind() != ParameterKind.DISTRIBUTION && !p.getValues().stream().allMatch(DashboardView::isNumber));
        return new SweepDetail.Parameter(p.getName(), p.getKind().name(), p.getValues(), p.getDistribution(),
                finite(p.getMin()), finite(p.getMax()), swept, categorical);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim().toLowerCase(Locale.ROOT));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static SweepDetail.Summary summary(SweepSummary s) {
        if (s == null) {
            return null;
        }
        List<SweepDetail.Entry> board = new ArrayList<>();
        for (LeaderboardEntry e : s.getLeaderboard()) {
            Hyperparameters h = e.getHyperparameters();
            board.add(new SweepDetail.Entry(e.getRank(), e.getRunId(), finite(e.getMetricValue()), finite(e.getValAccuracy()),
                    finite(e.getTestAccuracy()), e.getStatus().name(), e.getEpochsCompleted(),
                    Arrays.stream(Hyperparameter.values()).map(p -> p.text(h)).toList()));
        }
        List<SweepDetail.ParameterBest> perValue = s.getBestPerParameterValue().stream()
                .map(b -> new SweepDetail.ParameterBest(b.getParameter(), b.getValue(), b.getRunId(), finite(b.getMetricValue())))
                .toList();
        List<SweepDetail.Importance> importance = s.getImportance().stream()
                .map(i -> new SweepDetail.Importance(i.getParameter(), i.getImportance(), finite(i.getCorrelation())))
                .toList();
        return new SweepDetail.Summary(board, s.getBestConfusionMatrix(), s.getClassNames(),
                s.getBest() == null ? null : s.getBest().getRunId(), perValue, importance, s.getUpdatedAtMs());
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
