package io.sweepstream.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.sweepstream.schemas.avro.WorkerStatus;

/** Progress for a terminal: a bar with the counts and a line per training run, redrawn in place with ANSI codes. */
final class TerminalProgress implements ProgressDisplay {

    private static final int WIDTH = 24;
    private final PrintStream out;
    private int drawnLines;

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void show(ProgressFrame frame, long nowMs) {
        ProgressCounts c = frame.counts();
        int filled = c.total() == 0 ? WIDTH : c.done() * WIDTH / c.total();
        List<String> lines = new ArrayList<>();
        lines.add("[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + frame.countsLine());
        for (WorkerStatus w : frame.training()) {
            lines.add("  " + EventFormat.worker(w));
        }
        // Move up over the previous frame and redraw it in place; blank the lines it had beyond this one.
        StringBuilder s = new StringBuilder();
        if (drawnLines > 0) {
            s.append("\033[").append(drawnLines).append('F');
        }
        for (String line : lines) {
            s.append("\033[2K").append(line).append('\n');
        }
        for (int i = lines.size(); i < drawnLines; i++) {
            s.append("\033[2K\n");
        }
        out.print(s);
        out.flush();
        drawnLines = Math.max(lines.size(), drawnLines);
    }
}
