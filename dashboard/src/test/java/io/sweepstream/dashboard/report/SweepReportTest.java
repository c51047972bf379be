package io.sweepstream.dashboard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import org.junit.jupiter.api.Test;

/**
 * The four formats of one made-up sweep, checked against the results it was made of: counts, the best run
 * and its metric, the confusion matrix, per-value bests, a CSV row per run, a JSON round trip; and hostile
 * names and values written as text, never as markup.
 */
class SweepReportTest {

    private static final String XSS = "<script>alert(1)</script>";
    private static final String XSS_VALUE = "<img src=x onerror=alert(2)>";
    private static final SweepFixture SWEEP = SweepFixture.of("report-sweep", XSS, 9, 4);
    private static final SweepFixture FOLLOWUP = SweepFixture.of("report-followup", "mnist follow-up", 2, 4);
    private static final int FINISHED = 7; // runs 0-6 finished, run 7 diverged, run 8 queued
    private static final long NOW = SWEEP.t0() + 10_000_000;

    private final List<RunResult> results = new ArrayList<>();
    private final SweepReport report = report();

    private SweepReport report() {
        DashboardView view = new DashboardView();
        SweepDefinition d = SweepDefinition.newBuilder(SWEEP.definition())
                .setSpecYaml("name: x\n# </pre><script>alert(3)</script>\n```\n")
                .setParameters(withHostileValue(SWEEP.definition().getParameters())).build();
        view.onDefinition(d);
        for (int i = 0; i < SWEEP.runs(); i++) {
            view.onRequest(SWEEP.request(i));
        }
        for (int i = 0; i < FINISHED; i++) {
            for (int e = 1; e <= SWEEP.epochs(); e++) {
                view.onMetric(SWEEP.metric(i, e, 1, "w1"));
            }
            results.add(SWEEP.result(i, "w1"));
            view.onResult(results.get(i));
        }
        view.onMetric(SWEEP.metric(7, 1, 1, "w2"));
        view.onResult(RunResult.newBuilder(SWEEP.result(7, "w2")).setStatus(RunStatus.DIVERGED).setBestValAccuracy(0.1)
                .setTestAccuracy(null).setConfusionMatrix(null).setEpochsCompleted(1).setError("loss became NaN").build());
        SweepSummary summary = SweepSummary.newBuilder(SWEEP.summary(results, 5))
                .setImportance(List.of(new ParameterImportance("optimizer", 0.61, null), new ParameterImportance("learning_rate", 0.27, -0.44)))
                .build();
        view.onSummary(summary);

        // the best two configurations again, on MNIST
        view.onDefinition(SweepDefinition.newBuilder(FOLLOWUP.definition()).setDataset("mnist").setFollowupOf(SWEEP.sweepId()).build());
        List<RunResult> again = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            RunResult original = ranked().get(k);
            RunResult r = RunResult.newBuilder(FOLLOWUP.result(k, "w1")).setHyperparameters(original.getHyperparameters())
                    .setDataset("mnist").setBestValAccuracy(0.97 - k * 0.001).setTestAccuracy(0.965 - k * 0.001).build();
            view.onResult(r);
            again.add(r);
        }
        view.onSummary(FOLLOWUP.summary(again, 5));
        view.markCaughtUp(0);
        return SweepReport.of(view, SWEEP.sweepId(), NOW).orElseThrow();
    }

    private static List<ParameterSpec> withHostileValue(List<ParameterSpec> parameters) {
        List<ParameterSpec> out = new ArrayList<>(parameters);
        out.add(ParameterSpec.newBuilder().setName("activation").setKind(ParameterKind.VALUES).setValues(List.of("relu", XSS_VALUE)).build());
        return out;
    }

    private List<RunResult> ranked() {
        List<RunResult> ranked = new ArrayList<>(results);
        ranked.sort(Comparator.comparingDouble((RunResult r) -> r.getBestValAccuracy()).reversed().thenComparing(RunResult::getRunId));
        return ranked;
    }

    private RunResult best() {
        return ranked().get(0);
    }

    // ---- the report record ----------------------------------------------------------------------

    @Test
    void takesTheViewsRowsRanksAndTopCurves() {
        assertEquals(SWEEP.runs(), report.runs().size());
        assertEquals(FINISHED, report.sweep().counts().finished());
        assertEquals(1, report.sweep().counts().diverged());
        assertEquals(1, report.sweep().counts().queued());
        assertEquals(best().getRunId(), report.summary().leaderboard().get(0).runId());
        assertEquals(SweepReport.CURVE_RUNS, report.topRuns().size());
        assertEquals(ranked().get(1).getRunId(), report.topRuns().get(1).run().runId());
        assertEquals(SWEEP.epochs(), report.topRuns().get(0).valAccuracy().size());
        assertEquals(1, report.followups().size());
        assertEquals(List.of("optimizer", "learning_rate", "loss", "hidden_size", "activation"), report.sweptParameters());
        assertEquals(List.of("optimizer", "loss", "activation"), report.categoricalSweptParameters());
    }

    @Test
    void anUnknownSweepHasNoReport() {
        DashboardView view = new DashboardView();
        view.markCaughtUp(0);

        assertTrue(SweepReport.of(view, "nope", NOW).isEmpty());
    }

    // ---- HTML -------------------------------------------------------------------------------------

    @Test
    void htmlEscapesEveryTextFromTheTopics() {
        String html = ReportFormat.HTML.render(report);

        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script element at all");
        assertFalse(html.contains(XSS_VALUE));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name shows as text");
        assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"), "the value shows as text");
        assertTrue(html.contains("# &lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;"), "the spec shows as text");
    }

    @Test
    void htmlIsSelfContained() {
        String html = ReportFormat.HTML.render(report);

        assertFalse(html.contains("http://"), "no address to fetch");
        assertFalse(html.contains("https://"));
        assertFalse(Pattern.compile("<(link|img|iframe|object|embed|script)\\b|<[^>]*\\s(src|href)=|url\\(", Pattern.CASE_INSENSITIVE)
                .matcher(html).find(), "nothing loaded from anywhere");
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void htmlLeaderboardRanksTheBestRunFirstWithItsNumbers() {
        String board = section(ReportFormat.HTML.render(report), "leaderboard");
        List<List<String>> rows = htmlRows(board);

        assertEquals(5, rows.size());
        List<String> first = rows.get(0);
        assertEquals("1", first.get(0));
        assertEquals(best().getRunId(), first.get(1));
        assertTrue(first.contains(Text.metric(best().getBestValAccuracy())), first.toString());
        assertTrue(first.contains(Text.metric(best().getTestAccuracy())), first.toString());
        assertTrue(first.contains(Text.duration(best().getDurationMs())), first.toString());
        assertTrue(first.contains(Hyperparameter.text(best().getHyperparameters(), "optimizer")), first.toString());
    }

    @Test
    void htmlCountsEachRunByStatus() {
        List<String> counts = htmlRows(section(ReportFormat.HTML.render(report), "counts")).get(0);

        // known, queued, running, finished, stopped, stopped early, diverged, failed
        assertEquals(List.of("9", "1", "0", "7", "0", "0", "1", "0"), counts);
    }

    @Test
    void htmlConfusionMatrixIsTheBestRunsWithClassNames() {
        String confusion = section(ReportFormat.HTML.render(report), "confusion");
        List<List<String>> rows = htmlRows(confusion);
        List<List<Integer>> expected = best().getConfusionMatrix();

        assertEquals(10, rows.size());
        for (int t = 0; t < 10; t++) {
            assertEquals(best().getClassNames().get(t), rows.get(t).get(0));
            for (int p = 0; p < 10; p++) {
                assertEquals(expected.get(t).get(p).toString(), rows.get(t).get(1 + p), "cell " + t + "," + p);
            }
        }
        assertTrue(confusion.contains("Ankle boot"));
    }

    @Test
    void htmlShowsTheBestRunPerValueOfEachCategoricalParameter() {
        String perValue = section(ReportFormat.HTML.render(report), "per-value");

        for (String parameter : List.of("optimizer", "loss")) {
            assertTrue(perValue.contains("data-param=\"" + parameter + "\""), parameter);
            for (RunResult r : ranked()) { // the first run of each value in rank order is its best
                String value = Hyperparameter.text(r.getHyperparameters(), parameter);
                assertTrue(perValue.contains("<td>" + value + "</td><td class=\"num\">"), value);
            }
        }
        RunResult bestMse = ranked().stream().filter(r -> r.getHyperparameters().getLoss().name().equals("MEAN_SQUARED_ERROR")).findFirst().orElseThrow();
        assertTrue(perValue.contains("<td>mean_squared_error</td><td class=\"num\">" + Text.metric(bestMse.getBestValAccuracy())
                + "</td><td>" + bestMse.getRunId() + "</td>"));
        assertFalse(perValue.contains("data-param=\"learning_rate\""), "a numeric parameter has no per-value table");
    }

    @Test
    void htmlDrawsCurvesOfTheTopRunsAndALinePerRunWithAMetric() {
        String html = ReportFormat.HTML.render(report);
        long withMetric = report.runs().stream().filter(r -> r.metric() != null).count();

        assertTrue(section(html, "curves").contains("data-series=\"5\""));
        assertEquals(2, count(section(html, "curves"), "data-series=\"5\""), "accuracy and loss");
        assertTrue(section(html, "parallel").contains("data-lines=\"" + withMetric + "\""));
        assertEquals(withMetric, count(section(html, "parallel"), "<polyline"));
    }

    @Test
    void htmlShowsImportanceAndTheFollowUpNextToTheOriginalRuns() {
        String html = ReportFormat.HTML.render(report);
        String importance = section(html, "importance");
        String followups = section(html, "followups");

        assertTrue(importance.contains("0.610") && importance.contains("-0.440"), importance);
        assertTrue(followups.contains("mnist follow-up"));
        List<String> row = htmlRows(followups).get(0);
        assertTrue(row.contains(best().getRunId()), "the original run of the configuration: " + row);
        assertTrue(row.contains(Text.metric(best().getTestAccuracy())), row.toString());
        assertTrue(row.contains(Text.metric(0.965)), "the follow-up's best test accuracy: " + row);
    }

    @Test
    void everyFormatSaysWhatIsMissingWhenThereIsOnlyADefinition() {
        DashboardView view = new DashboardView();
        view.onDefinition(SweepFixture.of("bare", "bare", 3, 2).definition());
        view.markCaughtUp(0);
        SweepReport bare = SweepReport.of(view, "bare", NOW).orElseThrow();

        assertTrue(ReportFormat.HTML.render(bare).contains("No summary from the evaluator yet"));
        assertTrue(ReportFormat.HTML.render(bare).contains("No run has a result yet."));
        assertTrue(ReportFormat.MD.render(bare).contains("No summary from the evaluator yet"));
        assertEquals(1, ReportFormat.CSV.render(bare).split("\r\n").length, "the header only");
        assertTrue(ReportFormat.JSON.render(bare).contains("\"summary\" : null"));
    }

    // ---- Markdown, CSV, JSON ---------------------------------------------------------------------

    @Test
    void markdownHasTheTablesAndEscapesMarkup() {
        String md = ReportFormat.MD.render(report);

        String outsideTheSpec = md.replaceAll("(?s)````yaml.*?````", ""); // a fenced block shows markup as text
        assertFalse(outsideTheSpec.toLowerCase(Locale.ROOT).contains("<script"));
        assertTrue(md.contains("# Sweep report: &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(md.contains("charts (curves of the top runs, parallel coordinates) are in the HTML report"));
        assertTrue(md.contains("| 1 | " + best().getRunId() + " |"), "the best run ranks first");
        assertTrue(md.contains("| Ankle boot |"));
        assertTrue(md.contains("````yaml"), "the fence outgrows the spec's own backticks");
        assertEquals("a \\| b &lt;i&gt;", MarkdownReport.cell("a | b <i>"));
    }

    @Test
    void csvHasOneRowPerRunWithItsNumbers() {
        List<String> lines = List.of(ReportFormat.CSV.render(report).split("\r\n"));
        List<String> header = List.of(lines.get(0).split(",", -1));

        assertEquals(SWEEP.runs() + 1, lines.size());
        assertEquals("run_id", header.get(0));
        assertTrue(header.containsAll(Hyperparameter.NAMES));
        for (RunResult r : results) {
            List<String> row = lines.stream().filter(l -> l.startsWith(r.getRunId() + ",")).map(l -> List.of(l.split(",", -1)))
                    .findFirst().orElseThrow();
            assertEquals(header.size(), row.size());
            assertEquals("FINISHED", row.get(header.indexOf("status")));
            assertEquals(r.getBestValAccuracy(), Double.parseDouble(row.get(header.indexOf("metric"))));
            assertEquals(r.getTestAccuracy(), Double.parseDouble(row.get(header.indexOf("test_accuracy"))));
            assertEquals(Long.toString(r.getDurationMs()), row.get(header.indexOf("duration_ms")));
            assertEquals(Hyperparameter.text(r.getHyperparameters(), "learning_rate"), row.get(header.indexOf("learning_rate")));
            assertEquals("w1", row.get(header.indexOf("worker")));
        }
        String queued = lines.stream().filter(l -> l.startsWith(SWEEP.runId(8) + ",")).findFirst().orElseThrow();
        assertEquals("QUEUED", queued.split(",", -1)[header.indexOf("status")]);
        assertEquals("", queued.split(",", -1)[header.indexOf("metric")]);
    }

    @Test
    void csvQuotesAndDefusesCells() {
        assertEquals("\"a,b\"", CsvReport.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReport.cell("say \"hi\""));
        assertEquals("'=1+1", CsvReport.cell("=1+1"));
        assertEquals("-0.5", CsvReport.cell("-0.5"));
    }

    @Test
    void jsonReadsBackIntoTheSameReport() throws Exception {
        String json = ReportFormat.JSON.render(report);

        SweepReport back = JsonReport.MAPPER.readValue(json, SweepReport.class);
        JsonNode tree = JsonReport.MAPPER.readTree(json);

        assertEquals(report, back);
        assertEquals(best().getRunId(), tree.at("/summary/leaderboard/0/runId").asText());
        assertEquals(best().getBestValAccuracy(), tree.at("/summary/leaderboard/0/metricValue").asDouble());
        assertEquals(SWEEP.runs(), tree.get("runs").size());
        assertNotNull(tree.get("spec").get("specYaml"));
        assertFalse(tree.has("shownParameters"), "only the record's components are written");
    }

    @Test
    void formatsAreNamedByTheirFileExtension() {
        assertEquals(ReportFormat.HTML, ReportFormat.ofFileName("r.HTML").orElseThrow());
        assertEquals(ReportFormat.HTML, ReportFormat.ofFileName("r.htm").orElseThrow());
        assertEquals(ReportFormat.MD, ReportFormat.ofFileName("out/r.md").orElseThrow());
        assertEquals(ReportFormat.CSV, ReportFormat.ofFileName("r.csv").orElseThrow());
        assertEquals(ReportFormat.JSON, ReportFormat.ofFileName("r.json").orElseThrow());
        assertTrue(ReportFormat.ofFileName("r.txt").isEmpty());
    }

    // ---- reading HTML back ------------------------------------------------------------------------

    /** The {@code <section id="id">} element's HTML. */
    static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "no section " + id);
        return html.substring(start, html.indexOf("</section>", start));
    }

    /** The text of each body row's cells (th and td), tags removed. */
    static List<List<String>> htmlRows(String html) {
        String body = html.substring(html.indexOf("<tbody>"));
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr[^>]*>(.*?)</tr>").matcher(body);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>").matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replaceAll("<[^>]+>", ""));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static long count(String s, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(s).results().count();
    }
}
