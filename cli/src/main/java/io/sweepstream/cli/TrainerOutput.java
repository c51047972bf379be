package io.sweepstream.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import io.sweepstream.trainer.worker.WorkerEvent;
import io.sweepstream.trainer.worker.WorkerListener;

/**
 * What {@code sweep trainer} prints: one plain line when a run starts, ends or is handed back, and when
 * the broker is lost and back; with {@code verbose}, one per epoch too. Plain lines, not a redrawn
 * display, so that the output reads the same in a terminal, a log file or {@code journalctl}.
 */
final class TrainerOutput implements WorkerListener {

    private final PrintStream out;
    private final boolean verbose;
    private final String servers;
    private final Clock clock;

    TrainerOutput(PrintStream out, boolean verbose, String servers, Clock clock) {
        this.out = out;
        this.verbose = verbose;
        this.servers = servers;
        this.clock = clock;
    }

    @Override
    public void on(WorkerEvent event) {
        String line = line(event);
        if (line != null) {
            out.println(EventFormat.time(clock.millis()) + " " + line);
        }
    }

    /** The line for an event, without its time; null for an event not shown. */
    String line(WorkerEvent event) {
        if (event instanceof WorkerEvent.RunStarted e) {
            return String.format(Locale.ROOT, "run %s started (attempt %d): %s", e.runId(), e.attempt(), EventFormat.config(e.hyperparameters()));
        } else if (event instanceof WorkerEvent.EpochEnded e) {
            return verbose ? String.format(Locale.ROOT, "run %s epoch %d/%d: train loss %.4f acc %.4f, val loss %.4f acc %.4f, %,.0f samples/s",
                    e.runId(), e.epoch(), e.epochs(), e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy(), e.samplesPerSecond()) : null;
        } else if (event instanceof WorkerEvent.RunEnded e) {
            String best = e.bestValAccuracy().isPresent()
                    ? String.format(Locale.ROOT, "best val acc %.4f (epoch %d), ", e.bestValAccuracy().getAsDouble(), e.bestEpoch())
                    : "";
            return String.format(Locale.ROOT, "run %s %s: %s%d epoch(s) in %s%s", e.runId(), e.status(), best, e.epochsCompleted(),
                    seconds(e.duration()), e.error() == null ? "" : " (" + e.error() + ")");
        } else if (event instanceof WorkerEvent.RunHandedBack e) {
            return "run " + e.runId() + " handed back: " + e.reason();
        } else if (event instanceof WorkerEvent.BrokerLost e) {
            return "lost the broker at " + servers + ": " + e.reason() + "; retrying";
        } else if (event instanceof WorkerEvent.BrokerBack e) {
            return "the broker at " + servers + " answers again, after " + seconds(e.outage());
        } else if (event instanceof WorkerEvent.GoneWorkerRemoved e) {
            return "removed worker " + e.goneWorkerId() + " from workers.status: no heartbeat for " + seconds(e.silentFor());
        }
        return null;
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
