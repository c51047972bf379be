package io.sweepstream.dashboard.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.dashboard.view.RunDetail;
import io.sweepstream.dashboard.view.RunRow;
import io.sweepstream.dashboard.view.SweepDetail;
import io.sweepstream.dashboard.view.SweepRow;
import io.sweepstream.schemas.avro.SweepDefinition;

/**
 * Everything a report of one sweep shows, taken from the dashboard's view ({@link DashboardView}) once it
 * has caught up with the topics: the same rows, ranks and bests as the live page, never recomputed. The
 * renderers ({@link ReportFormat}) are pure functions of it; the JSON format writes it as it is.
 *
 * @param generatedAtMs       when the report was taken
 * @param sweep               the sweeps-list row: name, method, status, metric, counts by status, best run
 * @param spec                the sweep's definition; null when only the evaluator's summary is on the topics
 * @param hyperparameterNames names of each {@link RunRow#hyperparameters()} value, in order
 * @param runs                every run, in sweep order
 * @param summary             the evaluator's summary (leaderboard, best confusion matrix, per-value bests,
 *                            importance); null before it published one
 * @param topRuns             the top runs of the leaderboard with their per-epoch curves, best first
 * @param followups           the sweeps that re-ran this sweep's best configurations (on another dataset)
 */
public record SweepReport(long generatedAtMs, SweepRow sweep, Spec spec, List<String> hyperparameterNames,
                          List<RunRow> runs, SweepDetail.Summary summary, List<RunDetail> topRuns,
                          List<SweepDetail> followups) {

    /** Runs whose curves the report draws: the top of the leaderboard. */
    public static final int CURVE_RUNS = 5;

    public SweepReport {
        Objects.requireNonNull(sweep, "sweep");
        hyperparameterNames = List.copyOf(hyperparameterNames);
        runs = List.copyOf(runs);
        topRuns = List.copyOf(topRuns);
        followups = List.copyOf(followups);
    }

    /**
     * The sweep as published: its definition's settings, the search space and the spec text, verbatim.
     *
     * @param followupOf the sweep whose best configurations this one re-runs; null for an original sweep
     */
    public record Spec(String method, String metricName, String metricGoal, String dataset, long seed, Integer runCap,
                       Integer parallelism, Integer totalRuns, String followupOf, List<SweepDetail.Parameter> parameters,
                       String specYaml) {

        public Spec {
            parameters = List.copyOf(parameters);
        }
    }

    /** The report of {@code sweepId} as the view has it; empty when the view knows no such sweep. */
    public static Optional<SweepReport> of(DashboardView view, String sweepId, long nowMs) {
        Optional<SweepDetail> found = view.sweep(sweepId, nowMs);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SweepDetail detail = found.get();
        Spec spec = view.definition(sweepId).map(d -> spec(d, detail.parameters())).orElse(null);
        List<RunRow> runs = view.runs(sweepId, nowMs).orElse(List.of());
        List<RunDetail> top = new ArrayList<>();
        if (detail.summary() != null) {
            for (SweepDetail.Entry e : detail.summary().leaderboard()) {
                if (top.size() == CURVE_RUNS) {
                    break;
                }
                view.run(e.runId(), nowMs).ifPresent(top::add);
            }
        }
        List<SweepDetail> followups = new ArrayList<>();
        for (String id : view.followupsOf(sweepId)) {
            view.sweep(id, nowMs).ifPresent(followups::add);
        }
        return Optional.of(new SweepReport(nowMs, detail.sweep(), spec, detail.hyperparameterNames(), runs, detail.summary(),
                top, followups));
    }

    private static Spec spec(SweepDefinition d, List<SweepDetail.Parameter> parameters) {
        return new Spec(d.getMethod().name(), d.getMetricName(), d.getMetricGoal().name(), d.getDataset(), d.getSeed(),
                d.getRunCap(), d.getParallelism(), d.getTotalRuns(), d.getFollowupOf(), parameters, d.getSpecYaml());
    }

    // ---- what the renderers share ---------------------------------------------------------------

    /** The search space; empty without a definition. */
    public List<SweepDetail.Parameter> parameters() {
        return spec == null ? List.of() : spec.parameters();
    }

    /**
     * The hyperparameters a table shows: those the spec names, then any other whose value differs between
     * runs (a default the spec left out stays out unless it varies). Every hyperparameter without a spec.
     */
    public List<String> shownParameters() {
        if (spec == null) {
            return hyperparameterNames;
        }
        Set<String> shown = new LinkedHashSet<>();
        for (SweepDetail.Parameter p : spec.parameters()) {
            if (hyperparameterNames.contains(p.name())) {
                shown.add(p.name());
            }
        }
        for (int i = 0; i < hyperparameterNames.size(); i++) {
            Set<String> values = new LinkedHashSet<>();
            for (RunRow r : runs) {
                if (!r.hyperparameters().isEmpty()) {
                    values.add(r.hyperparameters().get(i));
                }
            }
            if (values.size() > 1) {
                shown.add(hyperparameterNames.get(i));
            }
        }
        return List.copyOf(shown);
    }

    /** The parameters the search varies (several values or a distribution), in spec order. */
    public List<String> sweptParameters() {
        return parameters().stream().filter(p -> p.swept() && hyperparameterNames.contains(p.name()))
                .map(SweepDetail.Parameter::name).toList();
    }

    /** The swept parameters whose values are names (optimizer, loss...): a best run per value makes sense for them. */
    public List<String> categoricalSweptParameters() {
        return parameters().stream().filter(p -> p.swept() && p.categorical()).map(SweepDetail.Parameter::name).toList();
    }

    /** The run's value of a hyperparameter as a spec writes it; null when unknown. */
    public String value(RunRow run, String parameter) {
        int i = hyperparameterNames.indexOf(parameter);
        return i < 0 || run.hyperparameters().isEmpty() ? null : run.hyperparameters().get(i);
    }

    /** A leaderboard entry's value of a hyperparameter. */
    public String value(SweepDetail.Entry entry, String parameter) {
        int i = hyperparameterNames.indexOf(parameter);
        return i < 0 || entry.hyperparameters().isEmpty() ? null : entry.hyperparameters().get(i);
    }

    public Optional<RunRow> run(String runId) {
        return runs.stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    /** The run of this sweep with exactly these hyperparameters (a follow-up's configuration); empty if none. */
    public Optional<RunRow> runWith(List<String> hyperparameters) {
        return runs.stream().filter(r -> r.hyperparameters().equals(hyperparameters)).findFirst();
    }
}
