package io.sweepstream.dashboard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sweepstream.dashboard.view.RunDetail;
import io.sweepstream.dashboard.view.RunRow;
import io.sweepstream.dashboard.view.SweepDetail;
import io.sweepstream.dashboard.view.SweepRow;

/**
 * The report as one HTML file that opens offline: inline CSS, charts as inline SVG ({@link Charts}), no
 * script, no address to fetch (a Content-Security-Policy forbids both, should anything slip through).
 * Every text from the topics is escaped. One method per section; {@link #render} lists them in order.
 */
final class HtmlReport implements ReportRenderer {

    private static final String CSS = """
            :root{--fg:#1f2933;--muted:#64748b;--line:#e2e8f0;--bg:#fff;--card:#f8fafc;--accent:37,99,235;--best:#fff7ed}
            @media (prefers-color-scheme:dark){:root{--fg:#e2e8f0;--muted:#94a3b8;--line:#334155;--bg:#0f172a;--card:#111c33;--best:#3b2512}}
            *{box-sizing:border-box}
            body{margin:0 auto;max-width:1100px;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
            h1{margin:0 0 4px;font-size:24px;overflow-wrap:anywhere}h2{font-size:17px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}
            section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:16px 0;overflow-x:auto}
            .muted,.empty{color:var(--muted)}.small{font-size:12px}
            table{border-collapse:collapse;font-variant-numeric:tabular-nums}
            th,td{padding:4px 6px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
            th{font-weight:600}td.num,th.num{text-align:right}tr.best td{background:var(--best)}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 12px}dt{color:var(--muted)}dd{margin:0}
            pre{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px;overflow-x:auto}
            .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
            svg.chart{width:100%;height:auto;display:block}svg.parallel{min-width:560px}
            svg text{fill:var(--fg);font-size:11px}svg text.tick{fill:var(--muted)}svg text.title,svg text.axis-name{font-weight:600}
            svg line.grid{stroke:var(--line)}svg line.axis{stroke:var(--muted)}
            .legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 8px}.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
            table.confusion td{text-align:right;min-width:44px}table.confusion td.hot{color:#fff}
            .bar{display:inline-block;height:10px;background:rgb(var(--accent));border-radius:2px;vertical-align:middle}
            .per-value{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
            footer{color:var(--muted);font-size:12px;margin-top:24px}
            """;

    @Override
    public String render(SweepReport r) {
        StringBuilder out = new StringBuilder(64 * 1024);
        String title = "Sweep report: " + (r.sweep().name().isBlank() ? r.sweep().sweepId() : r.sweep().name());
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.text(title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        header(out, r, title);
        spec(out, r);
        counts(out, r);
        leaderboard(out, r);
        curves(out, r);
        parallelCoordinates(out, r);
        importance(out, r);
        confusionMatrix(out, r);
        bestPerValue(out, r);
        followups(out, r);
        out.append("<footer>Written by <code>sweep report</code> from the Kafka topics at ").append(Text.time(r.generatedAtMs()))
                .append(". Ranks, bests and importance are the evaluator's.</footer>\n</body></html>\n");
        return out.toString();
    }

    private static void header(StringBuilder out, SweepReport r, String title) {
        SweepRow s = r.sweep();
        out.append("<header><h1>").append(Html.text(title)).append("</h1><p class=\"muted\">")
                .append(Html.text(s.sweepId())).append(" · ").append(Html.text(Text.orNone(s.method()))).append(" search · ")
                .append(Html.text(s.metricName())).append(' ').append(goal(s.metricGoal())).append(" · ")
                .append(Html.text(Text.orNone(s.dataset()))).append(" · ").append(Html.text(s.status()))
                .append(" · started ").append(Text.time(s.createdAtMs())).append(", ").append(Text.duration(s.elapsedMs()))
                .append("</p></header>\n");
    }

    private static void spec(StringBuilder out, SweepReport r) {
        out.append("<section id=\"spec\"><h2>Spec</h2>");
        SweepReport.Spec spec = r.spec();
        if (spec == null) {
            out.append("<p class=\"empty\">The sweep's definition is not on the <code>sweeps</code> topic; this report has only the evaluator's summary and the runs.</p></section>\n");
            return;
        }
        out.append("<dl>");
        dl(out, "method", spec.method());
        dl(out, "metric", spec.metricName() + " (" + goal(spec.metricGoal()) + ")");
        dl(out, "dataset", spec.dataset());
        dl(out, "seed", Long.toString(spec.seed()));
        dl(out, "runs", spec.totalRuns() == null ? "unbounded" : spec.totalRuns().toString());
        if (spec.runCap() != null) {
            dl(out, "run cap", spec.runCap().toString());
        }
        if (spec.parallelism() != null) {
            dl(out, "parallelism", spec.parallelism().toString());
        }
        if (spec.followupOf() != null) {
            dl(out, "follow-up of", spec.followupOf());
        }
        out.append("</dl>");
        out.append("<table class=\"parameters\"><thead><tr><th>parameter</th><th>values</th><th>swept</th></tr></thead><tbody>");
        for (SweepDetail.Parameter p : spec.parameters()) {
            out.append("<tr><td>").append(Html.text(p.name())).append("</td><td>").append(Html.text(domain(p)))
                    .append("</td><td>").append(p.swept() ? "yes" : "").append("</td></tr>");
        }
        out.append("</tbody></table>");
        out.append("<details><summary>the spec as submitted</summary><pre>").append(Html.text(spec.specYaml()))
                .append("</pre></details></section>\n");
    }

    private static void counts(StringBuilder out, SweepReport r) {
        SweepRow s = r.sweep();
        SweepRow.Counts c = s.counts();
        out.append("<section id=\"counts\"><h2>Runs</h2><table><thead><tr>");
        String[] names = {"known", "queued", "running", "finished", "stopped", "stopped early", "diverged", "failed"};
        int[] values = {c.known(), c.queued(), c.running(), c.finished(), c.stopped(), c.stoppedEarly(), c.diverged(), c.failed()};
        for (String n : names) {
            out.append("<th class=\"num\">").append(n).append("</th>");
        }
        out.append("</tr></thead><tbody><tr>");
        for (int v : values) {
            out.append("<td class=\"num\">").append(v).append("</td>");
        }
        out.append("</tr></tbody></table><p>").append(c.ended()).append(" of ")
                .append(s.totalRuns() == null ? c.known() + " known" : s.totalRuns().toString()).append(" runs ended (")
                .append(String.format(Locale.ROOT, "%.0f", 100 * s.progress())).append(" %)");
        if (s.best() != null) {
            out.append("; best run <b>").append(Html.text(s.best().runId())).append("</b>, ").append(Html.text(s.metricName()))
                    .append(' ').append(Text.metric(s.best().value()));
        }
        out.append(".</p></section>\n");
    }

    private static void leaderboard(StringBuilder out, SweepReport r) {
        out.append("<section id=\"leaderboard\"><h2>Leaderboard</h2>");
        if (r.summary() == null) {
            out.append(noSummary()).append("</section>\n");
            return;
        }
        List<String> shown = r.shownParameters();
        out.append("<p class=\"muted\">Ranked by the evaluator by ").append(Html.text(r.sweep().metricName())).append(", ")
                .append(goal(r.sweep().metricGoal())).append(".</p><table><thead><tr><th class=\"num\">#</th><th>run</th>");
        for (String p : shown) {
            out.append("<th>").append(Html.text(p)).append("</th>");
        }
        out.append("<th class=\"num\">").append(Html.text(r.sweep().metricName()))
                .append("</th><th class=\"num\">test accuracy</th><th class=\"num\">epochs done</th><th class=\"num\">duration</th><th>status</th></tr></thead><tbody>");
        for (SweepDetail.Entry e : r.summary().leaderboard()) {
            RunRow run = r.run(e.runId()).orElse(null);
            out.append(e.rank() == 1 ? "<tr class=\"best\">" : "<tr>").append("<td class=\"num\">").append(e.rank())
                    .append("</td><td>").append(Html.text(e.runId())).append("</td>");
            for (String p : shown) {
                out.append("<td>").append(Html.text(Text.orNone(r.value(e, p)))).append("</td>");
            }
            out.append("<td class=\"num\">").append(Text.metric(e.metricValue())).append("</td><td class=\"num\">")
                    .append(Text.metric(e.testAccuracy())).append("</td><td class=\"num\">").append(e.epochsCompleted())
                    .append("</td><td class=\"num\">").append(Text.duration(run == null ? null : run.durationMs()))
                    .append("</td><td>").append(Html.text(e.status())).append("</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    private static void curves(StringBuilder out, SweepReport r) {
        out.append("<section id=\"curves\"><h2>Curves of the top runs</h2>");
        if (r.topRuns().isEmpty()) {
            out.append(r.summary() == null ? noSummary() : "<p class=\"empty\">No ranked run yet.</p>").append("</section>\n");
            return;
        }
        List<Charts.Series> accuracy = new ArrayList<>();
        List<Charts.Series> loss = new ArrayList<>();
        out.append("<p class=\"legend\">");
        for (int i = 0; i < r.topRuns().size(); i++) {
            RunDetail d = r.topRuns().get(i);
            String color = Charts.PALETTE.get(i % Charts.PALETTE.size());
            String label = "#" + (i + 1) + " " + d.run().runId();
            accuracy.add(new Charts.Series(label, d.epoch(), d.valAccuracy(), color));
            loss.add(new Charts.Series(label, d.epoch(), d.valLoss(), color));
            out.append("<span><span class=\"swatch\" style=\"background:").append(color).append("\"></span>")
                    .append(Html.text(label)).append("</span>");
        }
        out.append("</p><div class=\"charts\">").append(Charts.lines("validation accuracy", accuracy))
                .append(Charts.lines("validation loss", loss)).append("</div></section>\n");
    }

    private static void parallelCoordinates(StringBuilder out, SweepReport r) {
        out.append("<section id=\"parallel\"><h2>Swept parameters against ").append(Html.text(r.sweep().metricName()))
                .append("</h2><p class=\"muted small\">One line per run with a result, from worse (blue) to better (orange).</p>")
                .append(Charts.parallelCoordinates(r)).append("</section>\n");
    }

    /**
     * The hook for parameter importance: the evaluator's importance and correlation of each parameter with
     * the metric, when its summary has them (the {@code importance} field of {@code SweepSummary}).
     */
    private static void importance(StringBuilder out, SweepReport r) {
        out.append("<section id=\"importance\"><h2>Parameter importance</h2>");
        List<SweepDetail.Importance> importance = r.summary() == null ? List.of() : r.summary().importance();
        if (importance.isEmpty()) {
            out.append("<p class=\"empty\">The evaluator has published no parameter importance for this sweep.</p></section>\n");
            return;
        }
        out.append("<table><thead><tr><th>parameter</th><th>importance</th><th class=\"num\"></th><th class=\"num\">correlation with ")
                .append(Html.text(r.sweep().metricName())).append("</th></tr></thead><tbody>");
        for (SweepDetail.Importance i : importance) {
            double share = Math.max(0, Math.min(1, i.importance()));
            out.append("<tr><td>").append(Html.text(i.parameter())).append("</td><td><span class=\"bar\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.0f", 4 + 196 * share)).append("px\"></span></td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.3f", i.importance())).append("</td><td class=\"num\">")
                    .append(i.correlation() == null ? Text.NONE : String.format(Locale.ROOT, "%+.3f", i.correlation()))
                    .append("</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    private static void confusionMatrix(StringBuilder out, SweepReport r) {
        out.append("<section id=\"confusion\"><h2>Confusion matrix of the best run</h2>");
        SweepDetail.Summary s = r.summary();
        if (s == null || s.bestConfusionMatrix() == null || s.bestConfusionMatrix().isEmpty()) {
            out.append(s == null ? noSummary() : "<p class=\"empty\">The best run has no confusion matrix (it was not evaluated on the test set).</p>")
                    .append("</section>\n");
            return;
        }
        List<List<Integer>> m = s.bestConfusionMatrix();
        out.append("<p class=\"muted\">Run ").append(Html.text(s.bestRunId()))
                .append(" on the test set: rows are the true class, columns the predicted one.</p>")
                .append("<table class=\"confusion\"><thead><tr><th class=\"small muted\">true ↓ / predicted →</th>");
        for (int p = 0; p < m.size(); p++) {
            out.append("<th>").append(Html.text(className(s, p))).append("</th>");
        }
        out.append("<th class=\"num\">correct</th></tr></thead><tbody>");
        for (int t = 0; t < m.size(); t++) {
            List<Integer> row = m.get(t);
            long total = row.stream().mapToLong(Integer::longValue).sum();
            out.append("<tr><th>").append(Html.text(className(s, t))).append("</th>");
            for (int p = 0; p < row.size(); p++) {
                double share = total == 0 ? 0 : row.get(p) / (double) total;
                out.append("<td").append(share > 0.5 ? " class=\"hot\"" : "").append(" style=\"background:rgba(var(--accent),")
                        .append(String.format(Locale.ROOT, "%.3f", 0.06 + 0.94 * share)).append(")\" title=\"")
                        .append(Html.text(className(s, t) + " predicted as " + className(s, p))).append("\">")
                        .append(row.get(p)).append("</td>");
            }
            int diagonal = t < row.size() ? row.get(t) : 0;
            out.append("<td class=\"num\">").append(total == 0 ? Text.NONE : String.format(Locale.ROOT, "%.1f %%", 100.0 * diagonal / total))
                    .append("</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    private static void bestPerValue(StringBuilder out, SweepReport r) {
        out.append("<section id=\"per-value\"><h2>Best run per value</h2>");
        if (r.summary() == null) {
            out.append(noSummary()).append("</section>\n");
            return;
        }
        List<String> parameters = r.categoricalSweptParameters();
        boolean any = false;
        out.append("<div class=\"per-value\">");
        for (String p : parameters) {
            List<SweepDetail.ParameterBest> bests = r.summary().bestPerParameterValue().stream().filter(b -> b.parameter().equals(p)).toList();
            if (bests.isEmpty()) {
                continue;
            }
            any = true;
            out.append("<table data-param=\"").append(Html.text(p)).append("\"><thead><tr><th>").append(Html.text(p))
                    .append("</th><th class=\"num\">best ").append(Html.text(r.sweep().metricName())).append("</th><th>run</th></tr></thead><tbody>");
            for (SweepDetail.ParameterBest b : bests) {
                out.append("<tr><td>").append(Html.text(b.value())).append("</td><td class=\"num\">").append(Text.metric(b.metricValue()))
                        .append("</td><td>").append(Html.text(b.runId())).append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        out.append("</div>");
        if (!any) {
            out.append("<p class=\"empty\">No categorical parameter is swept.</p>");
        }
        out.append("</section>\n");
    }

    /**
     * The hook for follow-up sweeps (the best configurations re-run on another dataset): each one's ranked
     * runs next to the run of this sweep with the same configuration.
     */
    private static void followups(StringBuilder out, SweepReport r) {
        out.append("<section id=\"followups\"><h2>Follow-up sweeps</h2>");
        if (r.followups().isEmpty()) {
            out.append("<p class=\"empty\">No follow-up sweep has re-run this sweep's best configurations.</p></section>\n");
            return;
        }
        List<String> shown = r.shownParameters();
        for (SweepDetail f : r.followups()) {
            SweepRow s = f.sweep();
            out.append("<h3>").append(Html.text(s.name())).append(" <span class=\"muted\">(").append(Html.text(s.sweepId()))
                    .append(", ").append(Html.text(Text.orNone(s.dataset()))).append(", ").append(Html.text(s.status())).append(", ")
                    .append(s.counts().ended()).append(" of ").append(s.totalRuns() == null ? s.counts().known() : s.totalRuns())
                    .append(" runs ended)</span></h3>");
            if (f.summary() == null || f.summary().leaderboard().isEmpty()) {
                out.append("<p class=\"empty\">No ranked run yet.</p>");
                continue;
            }
            out.append("<table><thead><tr><th class=\"num\">#</th>");
            for (String p : shown) {
                out.append("<th>").append(Html.text(p)).append("</th>");
            }
            out.append("<th>run here</th><th class=\"num\">test accuracy here</th><th>follow-up run</th><th class=\"num\">")
                    .append(Html.text(s.metricName())).append("</th><th class=\"num\">test accuracy</th></tr></thead><tbody>");
            for (SweepDetail.Entry e : f.summary().leaderboard()) {
                RunRow here = r.runWith(e.hyperparameters()).orElse(null);
                out.append("<tr><td class=\"num\">").append(e.rank()).append("</td>");
                for (String p : shown) {
                    out.append("<td>").append(Html.text(Text.orNone(r.value(e, p)))).append("</td>");
                }
                out.append("<td>").append(here == null ? Text.NONE : Html.text(here.runId())).append("</td><td class=\"num\">")
                        .append(Text.metric(here == null ? null : here.testAccuracy())).append("</td><td>").append(Html.text(e.runId()))
                        .append("</td><td class=\"num\">").append(Text.metric(e.metricValue())).append("</td><td class=\"num\">")
                        .append(Text.metric(e.testAccuracy())).append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        out.append("</section>\n");
    }

    // ---- bits ---------------------------------------------------------------------------------

    private static void dl(StringBuilder out, String term, String value) {
        out.append("<dt>").append(Html.text(term)).append("</dt><dd>").append(Html.text(value)).append("</dd>");
    }

    private static String noSummary() {
        return "<p class=\"empty\">No summary from the evaluator yet (is a <code>sweep evaluator</code> running?).</p>";
    }

    static String goal(String metricGoal) {
        return "MINIMIZE".equals(metricGoal) ? "lower is better" : "higher is better";
    }

    /** A parameter's domain as a spec writes it: its values, or its distribution and bounds. */
    static String domain(SweepDetail.Parameter p) {
        if (p.distribution() != null && !"categorical".equals(p.distribution())) {
            StringBuilder s = new StringBuilder(p.distribution());
            if (p.min() != null || p.max() != null) {
                s.append(" [").append(p.min() == null ? "" : Text.axis(p.min())).append(", ")
                        .append(p.max() == null ? "" : Text.axis(p.max())).append(']');
            }
            return s.toString();
        }
        return String.join(", ", p.values());
    }

    static String className(SweepDetail.Summary s, int i) {
        return i < s.classNames().size() ? s.classNames().get(i) : Integer.toString(i);
    }
}
