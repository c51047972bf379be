package io.sweepstream.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * Progress for a file or a pipe: plain lines, no carriage return or ANSI code. A line when the counts or the
 * best run change or a run starts an epoch, else one every {@link #EVERY_MS} while runs train, so a log shows
 * the sweep is alive without growing a line per poll.
 */
final class PlainProgress implements ProgressDisplay {

    static final long EVERY_MS = 5_000;
    private final PrintStream out;
    private final long startMs;
    private String lastCounts = "";
    private List<String> lastEpochs = List.of();
    private long lastPrintMs = Long.MIN_VALUE;

    PlainProgress(PrintStream out, long startMs) {
        this.out = out;
        this.startMs = startMs;
    }

    @Override
    public void show(ProgressFrame frame, long nowMs) {
        String counts = frame.countsLine();
        List<String> epochs = frame.training().stream().map(w -> w.getRunId() + "@" + w.getEpoch()).toList();
        boolean news = !counts.equals(lastCounts) || !epochs.equals(lastEpochs);
        boolean due = !frame.training().isEmpty() && nowMs - lastPrintMs >= EVERY_MS;
        if (!news && !due) {
            return;
        }
        String training = frame.training().isEmpty() ? "" : "; training " + frame.training().stream()
                .map(PlainProgress::run).collect(Collectors.joining(", "));
        out.println(String.format(Locale.ROOT, "%6.1f s  ", (nowMs - startMs) / 1000.0) + counts + training);
        out.flush();
        lastCounts = counts;
        lastEpochs = epochs;
        lastPrintMs = nowMs;
    }

    private static String run(WorkerStatus w) {
        if (w.getEpoch() == null || w.getEpoch() < 1) {
            return w.getRunId() + " starting"; // taken, no batch trained yet
        }
        return String.format(Locale.ROOT, "%s epoch %d/%d %.0f%%", w.getRunId(), w.getEpoch(), w.getEpochs(), 100 * w.getProgress());
    }
}
