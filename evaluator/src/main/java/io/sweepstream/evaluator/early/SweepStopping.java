package io.sweepstream.evaluator.early;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sweepstream.schemas.SweepMetric;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.EarlyTermination;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;

/**
 * Early termination for every sweep: folds the topics' events into one {@link SuccessiveHalving}
 * per sweep whose definition has an {@code earlyTermination} block, and says which runs to stop.
 * Feed it events in topic order; call {@link #decide} only once the inputs are caught up, so a
 * restart does not stop runs from a half-read history.
 *
 * <p>A run stops being judged when it has a result or any {@code STOP_RUN} names it (ours, read
 * back, or a user's); a cancelled sweep is not judged at all. Metrics read before their sweep's
 * definition are kept until it arrives (the topics are read in no particular order across them),
 * then dropped if the sweep has no early termination.
 *
 * <p>Bounded state (issue 14): a run's sweep is remembered only until the run has a result, and an ended
 * run keeps only its values up to the last milestone ({@link SuccessiveHalving#ended}); a sweep's ended runs
 * stay, since its milestones' cutoffs count them and {@code sweep extend} can add runs to be judged.
 */
public final class SweepStopping {

    private final Map<String, Sweep> sweeps = new HashMap<>();
    /** Sweep of each run seen, so a STOP_RUN without a sweep id finds its run. */
    private final Map<String, String> sweepOfRun = new HashMap<>();

    private static final class Sweep {
        SuccessiveHalving halving;
        SweepMetric metric;
        boolean defined;
        boolean cancelled;
        /** Metrics read before the definition, then replayed into halving. */
        List<EpochMetric> early = new ArrayList<>();
        /** Runs that ended before the definition was read. */
        Set<String> endedEarly = new HashSet<>();
    }

    /** @return the sweep id whose decisions may have changed */
    public String onDefinition(SweepDefinition d) {
        Sweep s = sweep(d.getSweepId());
        if (s.defined) {
            return d.getSweepId(); // a status update: the rule was fixed when the sweep was created
        }
        s.defined = true;
        EarlyTermination e = d.getEarlyTermination();
        if (e != null && !e.getMilestones().isEmpty()) {
            s.metric = SweepMetric.parse(d.getMetricName());
            s.halving = new SuccessiveHalving(e.getMilestones(), e.getEta(), e.getStrict(), d.getMetricGoal() == MetricGoal.MAXIMIZE);
            s.early.forEach(m -> record(s, m));
            s.endedEarly.forEach(s.halving::ended);
        }
        s.early = null;
        s.endedEarly = null;
        return d.getSweepId();
    }

    public String onMetric(EpochMetric m) {
        Sweep s = sweep(m.getSweepId());
        sweepOfRun.putIfAbsent(m.getRunId(), m.getSweepId());
        if (!s.defined) {
            s.early.add(m);
        } else if (s.halving != null) {
            record(s, m);
        }
        return m.getSweepId();
    }

    public String onResult(RunResult r) {
        // A stop of a run with a result changes nothing, so a run needs no way to its sweep any more (bounded state).
        sweepOfRun.remove(r.getRunId());
        ended(r.getSweepId(), r.getRunId());
        return r.getSweepId();
    }

    /** @return the sweep id the control is about, or null when it names no run or sweep this has seen */
    public String onControl(Control c) {
        if (c.getType() == ControlType.STOP_RUN && c.getRunId() != null) {
            String sweepId = c.getSweepId() != null ? c.getSweepId() : sweepOfRun.get(c.getRunId());
            if (sweepId != null) {
                ended(sweepId, c.getRunId());
            }
            return sweepId;
        }
        if (c.getType() == ControlType.CANCEL_SWEEP && c.getSweepId() != null) {
            sweep(c.getSweepId()).cancelled = true;
            return c.getSweepId();
        }
        return null;
    }

    /** Runs of {@code sweepId} to stop now; each is returned once. Empty for a sweep without early termination. */
    public List<Stop> decide(String sweepId) {
        Sweep s = sweeps.get(sweepId);
        if (s == null || s.halving == null || s.cancelled) {
            return List.of();
        }
        return s.halving.decide();
    }

    /** The sweep's metric name, for the stop's reason. */
    public String metricName(String sweepId) {
        Sweep s = sweeps.get(sweepId);
        return s == null || s.metric == null ? "metric" : s.metric.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void ended(String sweepId, String runId) {
        Sweep s = sweep(sweepId);
        if (!s.defined) {
            s.endedEarly.add(runId);
        } else if (s.halving != null) {
            s.halving.ended(runId);
        }
    }

    private static void record(Sweep s, EpochMetric m) {
        s.metric.ofEpoch(m).ifPresent(v -> s.halving.record(m.getRunId(), m.getAttempt(), m.getEpoch(), v));
    }

    private Sweep sweep(String sweepId) {
        return sweeps.computeIfAbsent(sweepId, id -> new Sweep());
    }
}
