package io.sweepstream.dashboard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sweepstream.dashboard.view.RunRow;

/**
 * One row per run (RFC 4180, CRLF line ends): run id, status, every hyperparameter, the sweep metric, best
 * validation accuracy, test accuracy, epochs done, duration, worker, attempt. Empty cells where a value is
 * unknown. A text cell that a spreadsheet would run as a formula ({@code = + @}) gets a leading {@code '};
 * numbers are left as they are, so a negative one stays a number.
 */
final class CsvReport implements ReportRenderer {

    @Override
    public String render(SweepReport r) {
        StringBuilder out = new StringBuilder(256 + 200 * r.runs().size());
        List<String> header = new ArrayList<>(List.of("run_id", "status"));
        header.addAll(r.hyperparameterNames());
        header.addAll(List.of("metric", "best_val_accuracy", "test_accuracy", "epochs_done", "epochs", "duration_ms", "worker", "attempt"));
        row(out, header);
        for (RunRow run : r.runs()) {
            List<String> row = new ArrayList<>(List.of(run.runId(), run.status()));
            for (String name : r.hyperparameterNames()) {
                row.add(orEmpty(r.value(run, name)));
            }
            row.add(number(run.metric()));
            row.add(number(run.bestValAccuracy()));
            row.add(number(run.testAccuracy()));
            row.add(Integer.toString(run.epochsDone()));
            row.add(Integer.toString(run.epochs()));
            row.add(run.durationMs() == null ? "" : run.durationMs().toString());
            row.add(orEmpty(run.worker()));
            row.add(Integer.toString(run.attempt()));
            row(out, row);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /** Quoted when it holds a comma, quote or line break; a would-be formula is defused. */
    static String cell(String s) {
        if (!s.isEmpty() && "=+@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Full precision, so the file reads back to the same double. */
    private static String number(Double v) {
        return v == null ? "" : Double.toString(v).toLowerCase(Locale.ROOT);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
