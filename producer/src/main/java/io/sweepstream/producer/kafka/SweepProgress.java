package io.sweepstream.producer.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import io.sweepstream.producer.search.FinishedRun;
import io.sweepstream.producer.search.SearchState;
import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.SweepMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;

/**
 * What the controller knows of one sweep, all of it rebuilt from the topics. Not thread-safe.
 *
 * <p>Bounded (issue 14): a result is kept {@link RunResultsByRun#withoutDetail without its detail} (confusion matrix, class names,
 * error text: the controller plans from configurations and metric values only), and a sweep the controller has
 * nothing more to do for ({@link ControllerLoop}: it does not feed it, and its follow-up is out or it has
 * none) {@link #forgetRuns forgets its runs} for good: records of its runs read later are not kept.
 */
final class SweepProgress {

    SweepDefinition definition;
    private SweepSpec spec;
    int nextIndex;
    /** Every run published, by run id, with its configuration (Bayesian search steers clear of those in flight). */
    private final Map<String, RunConfig> published = new LinkedHashMap<>();
    /** One result per run, the last on runs.results: the rule every reader of results applies. */
    private RunResultsByRun results = new RunResultsByRun();
    /** Requests Kafka refused, by run id: sent again as they were, never planned anew. */
    private final Map<String, RunRequest> unsent = new LinkedHashMap<>();
    /** The controller will never again plan from this sweep's runs: their records are not kept. */
    private boolean runsForgotten;

    void definition(SweepDefinition d) {
        definition = d;
        spec = null;
    }

    SweepSpec spec() {
        if (spec == null) {
            spec = SweepRecords.spec(definition);
        }
        return spec;
    }

    /** A run is published (read back from runs.requested, or being sent): it is in flight until its result. */
    void published(RunRequest request) {
        if (!runsForgotten) {
            published.put(request.getRunId(), SweepRecords.config(request.getHyperparameters()));
        }
        nextIndex = Math.max(nextIndex, request.getRunIndex() + 1);
    }

    void finished(RunResult r) {
        if (!runsForgotten) {
            results.put(RunResultsByRun.withoutDetail(r)); // it plans from configurations and metric values only
        }
    }

    /**
     * Drops the runs of a sweep the controller has nothing more to do for, and keeps none read later:
     * a sweep it does not feed (submit and extend publish its runs) whose follow-up is out or that has none.
     */
    void forgetRuns() {
        runsForgotten = true;
        published.clear();
        results = new RunResultsByRun();
        unsent.clear();
    }

    boolean runsForgotten() {
        return runsForgotten;
    }

    /** Runs with a record kept here (published or with a result): for tests. */
    int runsKept() {
        return published.size() + results.size();
    }


    /** A send of {@code request} failed: it stays in flight and is sent again. */
    void unsent(RunRequest request) {
        unsent.put(request.getRunId(), request);
    }

    /** The refused requests, to send again now; forgotten here until they fail again. */
    List<RunRequest> takeUnsent() {
        List<RunRequest> out = new ArrayList<>(unsent.values());
        unsent.clear();
        return out;
    }

    /**
     * Whether the sweep has ended: every run its budget allows has a result (the evaluator's rule for
     * FINISHED). An unbounded sweep never ends, a cancelled or paused one has not ended.
     */
    boolean ended() {
        if (definition == null || definition.getTotalRuns() == null) {
            return false;
        }
        SweepStatus status = definition.getStatus();
        return (status == SweepStatus.ACTIVE || status == SweepStatus.FINISHED) && results.size() >= definition.getTotalRuns();
    }

    /** One result per run, as every reader counts them. */
    Collection<RunResult> results() {
        return results.values();
    }

    int inFlight() {
        int n = 0;
        for (String runId : published.keySet()) {
            if (!results.contains(runId)) {
                n++;
            }
        }
        return n;
    }

    /** Runs with a result and a finite metric, each once, as search strategies learn from them. */
    List<FinishedRun> history(SweepSpec spec) {
        return state(spec).finished();
    }

    /**
     * What search strategies see: runs with a result and a finite metric (each once), runs published
     * and without a result (in flight or queued), and runs whose result has no metric value.
     */
    SearchState state(SweepSpec spec) {
        SweepMetric metric = SweepMetric.parse(spec.metric().name());
        List<FinishedRun> finished = new ArrayList<>();
        List<RunConfig> unscored = new ArrayList<>();
        for (RunResult r : results.values()) {
            // No last epoch here: train_* metrics give no history (validation refuses them for bayes).
            OptionalDouble value = metric.of(r, null);
            if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
                finished.add(new FinishedRun(SweepRecords.config(r), value.getAsDouble()));
            } else {
                unscored.add(SweepRecords.config(r));
            }
        }
        List<RunConfig> pending = new ArrayList<>();
        published.forEach((runId, config) -> {
            if (!results.contains(runId)) {
                pending.add(config);
            }
        });
        return new SearchState(finished, pending, unscored);
    }
}
