package io.sweepstream.cli;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.command.SweepCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep stop}: stops one run, or with {@code --sweep} cancels a whole sweep. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stops a run between two batches (its result: STOPPED), or cancels a sweep.",
                "With --sweep (the same as `sweep cancel SWEEP_ID`), the sweep's running runs stop, its queued runs are skipped, and no new run is published."})
final class StopCommand implements Runnable {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run to stop.")
    String runId;

    @Option(names = "--sweep", paramLabel = "SWEEP_ID", description = "Cancel this sweep instead.")
    String sweepId;

    @Option(names = "--reason", defaultValue = "stopped from the command line", description = "Why, for the record.")
    String reason;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        if ((runId == null) == (sweepId == null)) {
            throw new IllegalArgumentException("give a RUN_ID to stop a run, or --sweep SWEEP_ID to cancel a sweep (one of the two)");
        }
        KafkaConnection connection = kafka.requireBroker();
        TopicSetup.createAll(connection, null);
        if (runId != null) {
            try (SweepCommands commands = new SweepCommands(connection, "sweep-stop")) {
                commands.stopRun(runId, null, reason);
            }
            System.out.println("asked the trainers to stop run " + runId);
            return;
        }
        System.out.println(LifecycleCommands.cancel(connection, LifecycleCommands.latest(connection, sweepId), reason));
    }
}
