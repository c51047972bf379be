package io.sweepstream.producer.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

import io.sweepstream.producer.spec.Dataset;
import io.sweepstream.producer.spec.Followup;
import io.sweepstream.schemas.SweepMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;

/**
 * A follow-up sweep: the best configurations of an ended sweep, run again on another dataset as a
 * linked sweep ({@code followupOf} names the original). Pure: the same original and results give the
 * same sweep id, run ids, configurations and seeds, so publishing it twice publishes one sweep.
 *
 * <p>The follow-up is a grid over exactly the chosen configurations: one run each, in rank order
 * (run index 0 is the original's best), with the original run's seed, so the two runs differ only in
 * the dataset. It needs no controller: all its runs are published at once.
 *
 * @param sweepId    {@link #idOf}: a function of the original's id and the dataset
 * @param definition the follow-up's record on {@code sweeps}
 * @param runs       its run requests, best configuration first
 * @param repeats    the original's run ids they repeat, in the same order
 */
public record FollowupSweep(String sweepId, SweepDefinition definition, List<RunRequest> runs, List<String> repeats) {

    public FollowupSweep {
        runs = List.copyOf(runs);
        repeats = List.copyOf(repeats);
    }

    /** The follow-up's sweep id: {@code <original>-followup-<dataset>}, e.g. {@code fmnist-a1b2-followup-mnist}. */
    public static String idOf(String originalId, Dataset dataset) {
        return originalId + "-followup-" + dataset.specName().replace('_', '-');
    }

    /**
     * The best {@code k} runs by the sweep's metric, best first. Only FINISHED runs with a value of the
     * metric count: a failed, diverged or stopped run did not train to the end. Equal values are ranked
     * by run id (the earlier run first), and a configuration already chosen is not chosen twice.
     * Fewer than {@code k} when fewer qualify.
     */
    public static List<RunResult> best(Collection<RunResult> results, SweepDefinition sweep, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top k must be a positive integer, found " + k);
        }
        SweepMetric metric = SweepMetric.parse(sweep.getMetricName());
        List<Scored> scored = new ArrayList<>();
        for (RunResult r : results) {
            OptionalDouble v = metric.of(r, null);
            if (r.getStatus() == RunStatus.FINISHED && v.isPresent() && Double.isFinite(v.getAsDouble())) {
                scored.add(new Scored(r, v.getAsDouble()));
            }
        }
        scored.sort((a, b) -> {
            int byValue = SweepMetric.compare(a.value, b.value, sweep.getMetricGoal());
            return byValue != 0 ? byValue : a.result.getRunId().compareTo(b.result.getRunId());
        });
        List<RunResult> best = new ArrayList<>();
        Set<Hyperparameters> chosen = new LinkedHashSet<>();
        for (Scored s : scored) {
            if (best.size() == k) {
                break;
            }
            if (chosen.add(s.result.getHyperparameters())) {
                best.add(s.result);
            }
        }
        return best;
    }

    private record Scored(RunResult result, double value) {
    }

    /**
     * The follow-up of {@code original} that re-runs its best {@code followup.topK()} configurations on
     * {@code followup.dataset()}.
     *
     * @throws IllegalArgumentException when no run of the original finished with a value of its metric
     */
    public static FollowupSweep plan(SweepDefinition original, Collection<RunResult> results, Followup followup, long nowMs) {
        List<RunResult> best = best(results, original, followup.topK());
        if (best.isEmpty()) {
            throw new IllegalArgumentException("sweep " + original.getSweepId() + " has no finished run with a value of "
                    + original.getMetricName() + " (of " + results.size() + " result(s)): nothing to follow up");
        }
        String id = idOf(original.getSweepId(), followup.dataset());
        List<RunRequest> runs = new ArrayList<>();
        for (int i = 0; i < best.size(); i++) {
            RunResult r = best.get(i);
            runs.add(RunRequest.newBuilder()
                    .setSweepId(id)
                    .setRunId(SweepRecords.runId(id, i))
                    .setDataset(followup.dataset().specName())
                    .setHyperparameters(Hyperparameters.newBuilder(r.getHyperparameters()).build())
                    .setSeed(r.getSeed())
                    .setRunIndex(i)
                    .setAttempt(1)
                    .setRequestedAtMs(nowMs)
                    .build());
        }
        SweepDefinition definition = SweepDefinition.newBuilder()
                .setSweepId(id)
                .setName(original.getName() + " on " + followup.dataset().specName())
                .setSpecYaml(specText(original, best, followup))
                .setMethod(SearchMethod.GRID)
                .setMetricName(original.getMetricName())
                .setMetricGoal(original.getMetricGoal())
                .setDataset(followup.dataset().specName())
                .setSeed(original.getSeed())
                .setRunCap(runs.size())
                .setParallelism(null)
                .setParameters(new ArrayList<>(original.getParameters()))
                .setTotalRuns(runs.size())
                .setStatus(SweepStatus.ACTIVE)
                .setCreatedAtMs(nowMs)
                .setFollowupOf(original.getSweepId())
                .setEarlyTermination(null)
                .build();
        return new FollowupSweep(id, definition, runs, best.stream().map(RunResult::getRunId).toList());
    }

    /** What the follow-up is, for people reading its definition: the runs it repeats travel in its run requests. */
    private static String specText(SweepDefinition original, List<RunResult> best, Followup followup) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "# follow-up of sweep %s: its top %d run(s) by %s (%s), run again on %s%n",
                original.getSweepId(), followup.topK(), original.getMetricName(),
                original.getMetricGoal().name().toLowerCase(Locale.ROOT), followup.dataset().specName()));
        for (int i = 0; i < best.size(); i++) {
            s.append(String.format(Locale.ROOT, "# run %d repeats %s%n", i, best.get(i).getRunId()));
        }
        s.append("name: ").append(original.getName()).append(" on ").append(followup.dataset().specName()).append('\n');
        s.append("method: grid\n");
        s.append("metric: {name: ").append(original.getMetricName()).append(", goal: ")
                .append(original.getMetricGoal().name().toLowerCase(Locale.ROOT)).append("}\n");
        s.append("dataset: ").append(followup.dataset().specName()).append('\n');
        s.append("run_cap: ").append(best.size()).append('\n');
        return s.toString();
    }
}
