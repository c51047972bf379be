package io.sweepstream.dashboard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sweepstream.dashboard.view.RunRow;
import io.sweepstream.dashboard.view.SweepDetail;
import io.sweepstream.dashboard.view.SweepRow;

/**
 * The report as Markdown tables (GitHub's dialect), the same sections as the HTML report without its
 * charts. Text from the topics is escaped for table cells: a name cannot end a cell or slip in HTML.
 */
final class MarkdownReport implements ReportRenderer {

    @Override
    public String render(SweepReport r) {
        StringBuilder out = new StringBuilder(16 * 1024);
        SweepRow s = r.sweep();
        out.append("# Sweep report: ").append(cell(s.name().isBlank() ? s.sweepId() : s.name())).append("\n\n")
                .append(cell(s.sweepId())).append(" · ").append(cell(Text.orNone(s.method()))).append(" search · ")
                .append(cell(s.metricName())).append(' ').append(HtmlReport.goal(s.metricGoal())).append(" · ")
                .append(cell(Text.orNone(s.dataset()))).append(" · ").append(cell(s.status())).append(" · started ")
                .append(Text.time(s.createdAtMs())).append(", ").append(Text.duration(s.elapsedMs())).append("\n\n")
                .append("_The charts (curves of the top runs, parallel coordinates) are in the HTML report: `sweep report ")
                .append(cell(s.sweepId())).append(" --format html`._\n\n");
        spec(out, r);
        counts(out, r);
        leaderboard(out, r);
        importance(out, r);
        confusionMatrix(out, r);
        bestPerValue(out, r);
        followups(out, r);
        out.append("Written by `sweep report` from the Kafka topics at ").append(Text.time(r.generatedAtMs()))
                .append(". Ranks, bests and importance are the evaluator's.\n");
        return out.toString();
    }

    private static void spec(StringBuilder out, SweepReport r) {
        out.append("## Spec\n\n");
        SweepReport.Spec spec = r.spec();
        if (spec == null) {
            out.append("The sweep's definition is not on the `sweeps` topic.\n\n");
            return;
        }
        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("method", spec.method()));
        facts.add(List.of("metric", spec.metricName() + " (" + HtmlReport.goal(spec.metricGoal()) + ")"));
        facts.add(List.of("dataset", spec.dataset()));
        facts.add(List.of("seed", Long.toString(spec.seed())));
        facts.add(List.of("runs", spec.totalRuns() == null ? "unbounded" : spec.totalRuns().toString()));
        if (spec.parallelism() != null) {
            facts.add(List.of("parallelism", spec.parallelism().toString()));
        }
        if (spec.followupOf() != null) {
            facts.add(List.of("follow-up of", spec.followupOf()));
        }
        table(out, List.of("", ""), facts);
        List<List<String>> parameters = new ArrayList<>();
        for (SweepDetail.Parameter p : spec.parameters()) {
            parameters.add(List.of(p.name(), HtmlReport.domain(p), p.swept() ? "yes" : ""));
        }
        table(out, List.of("parameter", "values", "swept"), parameters);
        String fence = "```";
        while (spec.specYaml().contains(fence)) {
            fence += "`"; // a fence longer than any run of backticks in the spec
        }
        out.append("<details><summary>the spec as submitted</summary>\n\n").append(fence).append("yaml\n").append(spec.specYaml());
        if (!spec.specYaml().endsWith("\n")) {
            out.append('\n');
        }
        out.append(fence).append("\n\n</details>\n\n");
    }

    private static void counts(StringBuilder out, SweepReport r) {
        SweepRow s = r.sweep();
        SweepRow.Counts c = s.counts();
        out.append("## Runs\n\n");
        table(out, List.of("known", "queued", "running", "finished", "stopped", "stopped early", "diverged", "failed"),
                List.of(List.of(c.known(), c.queued(), c.running(), c.finished(), c.stopped(), c.stoppedEarly(), c.diverged(), c.failed())
                        .stream().map(String::valueOf).toList()));
        out.append(c.ended()).append(" of ").append(s.totalRuns() == null ? c.known() + " known" : s.totalRuns().toString())
                .append(" runs ended (").append(String.format(Locale.ROOT, "%.0f", 100 * s.progress())).append(" %)");
        if (s.best() != null) {
            out.append("; best run **").append(cell(s.best().runId())).append("**, ").append(cell(s.metricName())).append(' ')
                    .append(Text.metric(s.best().value()));
        }
        out.append(".\n\n");
    }

    private static void leaderboard(StringBuilder out, SweepReport r) {
        out.append("## Leaderboard\n\n");
        if (r.summary() == null) {
            out.append(NO_SUMMARY);
            return;
        }
        List<String> shown = r.shownParameters();
        List<String> header = new ArrayList<>(List.of("#", "run"));
        header.addAll(shown);
        header.addAll(List.of(r.sweep().metricName(), "test accuracy", "epochs done", "duration", "status"));
        List<List<String>> rows = new ArrayList<>();
        for (SweepDetail.Entry e : r.summary().leaderboard()) {
            RunRow run = r.run(e.runId()).orElse(null);
            List<String> row = new ArrayList<>(List.of(Integer.toString(e.rank()), e.runId()));
            shown.forEach(p -> row.add(Text.orNone(r.value(e, p))));
            row.addAll(List.of(Text.metric(e.metricValue()), Text.metric(e.testAccuracy()), Integer.toString(e.epochsCompleted()),
                    Text.duration(run == null ? null : run.durationMs()), e.status()));
            rows.add(row);
        }
        out.append("Ranked by the evaluator by ").append(cell(r.sweep().metricName())).append(", ")
                .append(HtmlReport.goal(r.sweep().metricGoal())).append(".\n\n");
        table(out, header, rows);
    }

    /** The hook for parameter importance, as in {@link HtmlReport}. */
    private static void importance(StringBuilder out, SweepReport r) {
        out.append("## Parameter importance\n\n");
        List<SweepDetail.Importance> importance = r.summary() == null ? List.of() : r.summary().importance();
        if (importance.isEmpty()) {
            out.append("The evaluator has published no parameter importance for this sweep.\n\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (SweepDetail.Importance i : importance) {
            rows.add(List.of(i.parameter(), String.format(Locale.ROOT, "%.3f", i.importance()),
                    i.correlation() == null ? Text.NONE : String.format(Locale.ROOT, "%+.3f", i.correlation())));
        }
        table(out, List.of("parameter", "importance", "correlation with " + r.sweep().metricName()), rows);
    }

    private static void confusionMatrix(StringBuilder out, SweepReport r) {
        out.append("## Confusion matrix of the best run\n\n");
        SweepDetail.Summary s = r.summary();
        if (s == null || s.bestConfusionMatrix() == null || s.bestConfusionMatrix().isEmpty()) {
            out.append(s == null ? NO_SUMMARY : "The best run has no confusion matrix (it was not evaluated on the test set).\n\n");
            return;
        }
        List<List<Integer>> m = s.bestConfusionMatrix();
        List<String> header = new ArrayList<>(List.of("true \\ predicted"));
        for (int p = 0; p < m.size(); p++) {
            header.add(HtmlReport.className(s, p));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < m.size(); t++) {
            List<String> row = new ArrayList<>(List.of(HtmlReport.className(s, t)));
            m.get(t).forEach(v -> row.add(Integer.toString(v)));
            rows.add(row);
        }
        out.append("Run ").append(cell(s.bestRunId())).append(" on the test set: rows are the true class, columns the predicted one.\n\n");
        table(out, header, rows);
    }

    private static void bestPerValue(StringBuilder out, SweepReport r) {
        out.append("## Best run per value\n\n");
        if (r.summary() == null) {
            out.append(NO_SUMMARY);
            return;
        }
        boolean any = false;
        for (String p : r.categoricalSweptParameters()) {
            List<List<String>> rows = r.summary().bestPerParameterValue().stream().filter(b -> b.parameter().equals(p))
                    .map(b -> List.of(b.value(), Text.metric(b.metricValue()), b.runId())).toList();
            if (!rows.isEmpty()) {
                any = true;
                table(out, List.of(p, "best " + r.sweep().metricName(), "run"), rows);
            }
        }
        if (!any) {
            out.append("No categorical parameter is swept.\n\n");
        }
    }

    /** The hook for follow-up sweeps, as in {@link HtmlReport}. */
    private static void followups(StringBuilder out, SweepReport r) {
        out.append("## Follow-up sweeps\n\n");
        if (r.followups().isEmpty()) {
            out.append("No follow-up sweep has re-run this sweep's best configurations.\n\n");
            return;
        }
        List<String> shown = r.shownParameters();
        for (SweepDetail f : r.followups()) {
            SweepRow s = f.sweep();
            out.append("### ").append(cell(s.name())).append(" (").append(cell(s.sweepId())).append(", ")
                    .append(cell(Text.orNone(s.dataset()))).append(", ").append(cell(s.status())).append(")\n\n");
            if (f.summary() == null || f.summary().leaderboard().isEmpty()) {
                out.append("No ranked run yet.\n\n");
                continue;
            }
            List<String> header = new ArrayList<>(List.of("#"));
            header.addAll(shown);
            header.addAll(List.of("run here", "test accuracy here", "follow-up run", s.metricName(), "test accuracy"));
            List<List<String>> rows = new ArrayList<>();
            for (SweepDetail.Entry e : f.summary().leaderboard()) {
                RunRow here = r.runWith(e.hyperparameters()).orElse(null);
                List<String> row = new ArrayList<>(List.of(Integer.toString(e.rank())));
                shown.forEach(p -> row.add(Text.orNone(r.value(e, p))));
                row.addAll(List.of(here == null ? Text.NONE : here.runId(), Text.metric(here == null ? null : here.testAccuracy()),
                        e.runId(), Text.metric(e.metricValue()), Text.metric(e.testAccuracy())));
                rows.add(row);
            }
            table(out, header, rows);
        }
    }

    // ---- bits ---------------------------------------------------------------------------------

    private static final String NO_SUMMARY = "No summary from the evaluator yet (is a `sweep evaluator` running?).\n\n";

    private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        out.append('|');
        header.forEach(h -> out.append(' ').append(cell(h)).append(" |"));
        out.append("\n|");
        header.forEach(h -> out.append(" --- |"));
        out.append('\n');
        for (List<String> row : rows) {
            out.append('|');
            row.forEach(v -> out.append(' ').append(cell(v)).append(" |"));
            out.append('\n');
        }
        out.append('\n');
    }

    /** Text for a table cell or a line: HTML escaped, pipes and backslashes escaped, no line breaks. */
    static String cell(String s) {
        return Html.text(s).replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replaceAll("[\\r\\n]+", " ");
    }
}
