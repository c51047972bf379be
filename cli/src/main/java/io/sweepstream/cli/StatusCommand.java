package io.sweepstream.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sweepstream.producer.kafka.ControllerNeed;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.TrainerQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep status}: sweeps with their progress and best run so far, their results, and the work queue. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows every sweep's progress and best run (from the evaluator's summaries), each sweep's results "
                + "(one per run), and the work queue; with --sweep, its leaderboard.")
final class StatusCommand implements Runnable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--sweep", description = "Show this sweep in detail.")
    String sweepId;

    @Option(names = "--group", description = "The trainers' share group. Default: ${DEFAULT-VALUE}.")
    String group = TrainerQueue.GROUP;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        KafkaConnection connection = kafka.requireBroker();
        String servers = connection.bootstrapServers();
        try (SweepWatcher watcher = new SweepWatcher(connection)) {
            watcher.readToEnd(TIMEOUT);
            Map<String, List<RunResult>> results = bySweep(watcher.results());
            boolean controllerRuns = !watcher.liveControllers(System.currentTimeMillis()).isEmpty();
            if (sweepId == null) {
                if (watcher.summaries().isEmpty()) {
                    System.out.println("no sweep summaries yet on " + servers + " (is a 'sweep evaluator' running?)");
                }
                // One line per sweep, in the order they were submitted: what it waits for, else its summary.
                for (SweepDefinition d : watcher.definitions()) {
                    SweepSummary summary = watcher.summary(d.getSweepId());
                    int done = results.getOrDefault(d.getSweepId(), List.of()).size();
                    System.out.println(waiting(d, done, controllerRuns, servers).orElseGet(() -> summary != null
                            ? EventFormat.summary(summary) : EventFormat.unsummarized(d, done)));
                }
                watcher.summaries().values().stream().filter(s -> watcher.definition(s.getSweepId()) == null)
                        .forEach(s -> System.out.println(EventFormat.summary(s)));
                results.forEach((sweep, rs) -> System.out.println(EventFormat.results(sweep, rs)));
                System.out.println(queue(connection, watcher.workers().values()));
                WorkerLines.lines(watcher.workers().values(), watcher.results(), System.currentTimeMillis()).forEach(System.out::println);
                return;
            }
            SweepSummary s = watcher.summary(sweepId);
            List<RunResult> own = results.get(sweepId);
            if (s == null && own == null && watcher.definition(sweepId) == null) {
                throw new IllegalArgumentException("no summary of sweep " + sweepId + " on " + servers
                        + "; known: " + String.join(", ", watcher.summaries().keySet()));
            }
            SweepDefinition d = watcher.definition(sweepId);
            if (d != null) {
                waiting(d, own == null ? 0 : own.size(), controllerRuns, servers).ifPresent(System.out::println);
            }
            if (s != null) {
                LocalCommand.printReport(s, System.out);
            } else {
                System.out.println("no summary of sweep " + sweepId + " yet (is a 'sweep evaluator' running?)");
            }
            if (own != null) {
                System.out.println(EventFormat.results(sweepId, own));
            }
            System.out.println(queue(connection, watcher.workers().values()));
        }
    }

    /** The queue line; a queue that cannot be read is said so, the rest of the status still shows. */
    private String queue(KafkaConnection connection, Collection<WorkerStatus> workers) {
        // The admin client refuses an API timeout shorter than its request timeout (30 s by default).
        try (Admin admin = Admin.create(connection.config(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())))) {
            return EventFormat.queue(QueueStatus.read(admin, group, TIMEOUT), training(workers, System.currentTimeMillis()));
        } catch (KafkaException e) {
            return "queue: cannot read share group " + group + ": " + e.getMessage();
        }
    }

    /** Runs in training, from the heartbeats: a worker that went silent no longer holds its run. */
    static int training(Collection<WorkerStatus> workers, long nowMs) {
        return (int) workers.stream().filter(w -> w.getState() == WorkerState.TRAINING && !EventFormat.silent(w, nowMs)).count();
    }

    /**
     * The line of a sweep that waits for a controller: it needs one ({@link ControllerNeed}), is active and not
     * done, and no controller's heartbeat is alive. It replaces the summary's line, which would read 0/0 done.
     */
    private static Optional<String> waiting(SweepDefinition d, int done, boolean controllerRuns, String servers) {
        boolean finished = d.getTotalRuns() != null && done >= d.getTotalRuns();
        if (controllerRuns || d.getStatus() != SweepStatus.ACTIVE || finished || ControllerNeed.of(d).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EventFormat.waitingForController(d, done, "sweep controller --bootstrap " + servers));
    }

    private static Map<String, List<RunResult>> bySweep(RunResultsByRun results) {
        Map<String, List<RunResult>> bySweep = new LinkedHashMap<>();
        for (RunResult r : results.values()) {
            bySweep.computeIfAbsent(r.getSweepId(), k -> new ArrayList<>()).add(r);
        }
        return bySweep;
    }
}
