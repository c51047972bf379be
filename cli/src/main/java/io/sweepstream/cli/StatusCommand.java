package io.sweepstream.cli;

import java.time.Duration;

import io.sweepstream.schemas.avro.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep status}: sweeps with their progress and best run so far. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows every sweep's progress and best run (from the evaluator's summaries); with --sweep, its leaderboard.")
final class StatusCommand implements Runnable {

    @Option(names = "--sweep", description = "Show this sweep in detail.")
    String sweepId;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        String servers = kafka.requireBroker();
        try (SweepWatcher watcher = new SweepWatcher(servers)) {
            watcher.readToEnd(Duration.ofSeconds(10));
            if (sweepId == null) {
                if (watcher.summaries().isEmpty()) {
                    System.out.println("no sweep summaries yet on " + servers + " (is a 'sweep evaluator' running?)");
                }
                watcher.summaries().values().forEach(s -> System.out.println(EventFormat.summary(s)));
                watcher.workers().values().forEach(w -> System.out.println(EventFormat.worker(w)));
                return;
            }
            SweepSummary s = watcher.summary(sweepId);
            if (s == null) {
                throw new IllegalArgumentException("no summary of sweep " + sweepId + " on " + servers
                        + "; known: " + String.join(", ", watcher.summaries().keySet()));
            }
            LocalCommand.printReport(s, System.out);
        }
    }
}
