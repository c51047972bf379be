package io.sweepstream.cli;

import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.command.SweepCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep pause|resume|cancel|extend SWEEP}: a sweep's lifecycle. Each reads the sweep's latest
 * definition (an unknown sweep is a user error, exit 2), then publishes through {@link SweepCommands}
 * (or, to extend, {@link SweepController#extend}), as the dashboard's buttons do.
 */
final class LifecycleCommands {

    private LifecycleCommands() {
    }

    /** The sweep named on the command line, and the connection to find it on. */
    abstract static class OnSweep implements Runnable {

        @Parameters(index = "0", paramLabel = "SWEEP_ID", description = "The sweep.")
        String sweepId;

        @Mixin
        KafkaOptions kafka;

        @Override
        public void run() {
            checkArguments();
            KafkaConnection connection = kafka.requireBroker();
            TopicSetup.createAll(connection, null);
            SweepDefinition latest = latest(connection, sweepId);
            System.out.println(apply(connection, latest));
        }

        /** Refuses bad arguments before anything reaches Kafka. */
        void checkArguments() {
        }

        /** Does the command and returns the one line to print. */
        abstract String apply(KafkaConnection connection, SweepDefinition latest);
    }

    static SweepDefinition latest(KafkaConnection connection, String sweepId) {
        return SweepCommands.latest(connection, sweepId).orElseThrow(() ->
                new IllegalArgumentException("no sweep " + sweepId + " on " + connection.bootstrapServers()));
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pauses a sweep: runs training now finish, no new run starts until `sweep resume`.",
                    "Its queued runs are set aside (runs.parked), none is lost."})
    static final class Pause extends OnSweep {

        @Option(names = "--reason", defaultValue = "paused from the command line", description = "Why, for the record.")
        String reason;

        @Override
        String apply(KafkaConnection connection, SweepDefinition latest) {
            try (SweepCommands commands = new SweepCommands(connection, "sweep-pause")) {
                commands.pause(latest, reason);
            }
            return "paused sweep " + sweepId + ": running runs finish, no new run starts until `sweep resume " + sweepId + "`";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resumes a paused sweep: its runs set aside while it was paused are queued again.")
    static final class Resume extends OnSweep {

        @Option(names = "--reason", defaultValue = "resumed from the command line", description = "Why, for the record.")
        String reason;

        @Override
        String apply(KafkaConnection connection, SweepDefinition latest) {
            int queued;
            try (SweepCommands commands = new SweepCommands(connection, "sweep-resume")) {
                queued = commands.resume(latest, reason);
            }
            return "resumed sweep " + sweepId + ": " + queued + " run(s) set aside while it was paused are queued again";
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a sweep: its running runs stop, its queued runs are skipped, no new run is published.")
    static final class Cancel extends OnSweep {

        @Option(names = "--reason", defaultValue = "cancelled from the command line", description = "Why, for the record.")
        String reason;

        @Override
        String apply(KafkaConnection connection, SweepDefinition latest) {
            return cancel(connection, latest, reason);
        }
    }

    /** Shared by {@code sweep cancel} and its older spelling {@code sweep stop --sweep}. */
    static String cancel(KafkaConnection connection, SweepDefinition latest, String reason) {
        try (SweepCommands commands = new SweepCommands(connection, "sweep-cancel")) {
            commands.cancel(latest, reason);
        }
        return "cancelled sweep " + latest.getSweepId() + ": its runs stop, queued ones are skipped";
    }

    @Command(name = "extend", mixinStandardHelpOptions = true,
            description = {"Gives a random or bayes sweep (or a grid with a run_cap below its size) more runs.",
                    "Run indices go on from the sweep's total; a sweep with parallelism or bayes gets them from its controller."})
    static final class Extend extends OnSweep {

        @Option(names = "--runs", required = true, paramLabel = "N", description = "How many runs to add.")
        int runs;

        @Override
        void checkArguments() {
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be a positive number of runs, found " + runs);
            }
        }

        @Override
        String apply(KafkaConnection connection, SweepDefinition latest) {
            SweepController.Extended e = SweepController.extend(connection, latest, runs);
            int total = e.definition().getTotalRuns();
            String how = e.runsPublished() > 0 ? "published runs " + e.runsBefore() + ".." + (total - 1)
                    : "its controller publishes runs " + e.runsBefore() + ".." + (total - 1);
            return "extended sweep " + sweepId + " from " + e.runsBefore() + " to " + total + " runs: " + how;
        }
    }
}
