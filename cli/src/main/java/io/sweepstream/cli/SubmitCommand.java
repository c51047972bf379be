package io.sweepstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.sweepstream.producer.kafka.ControllerNeed;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.ControllerStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep submit}: publishes a sweep for the trainers. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Validates a sweep spec and publishes the sweep and its runs to Kafka; prints the sweep id.")
final class SubmitCommand implements Runnable {

    private static final Duration CONTROLLER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec file (YAML or JSON, W&B format).")
    Path file;

    @Option(names = "--sweep-id", description = "Use this id instead of <name>-<random>.")
    String sweepId;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        SweepSpec spec = SpecFiles.read(file);
        KafkaConnection connection = kafka.requireBroker();
        String servers = connection.bootstrapServers();
        TopicSetup.createAll(connection, null);
        String id = sweepId != null ? sweepId : SpecFiles.newSweepId(spec);
        SweepController.Submitted s = SweepController.submit(connection, spec, id);
        Integer total = s.definition().getTotalRuns();
        System.out.println("sweep " + id + ": published " + s.runsPublished() + " of " + (total == null ? "unbounded" : total) + " run(s) to " + servers);
        ControllerNeed.of(s.definition()).or(() -> ControllerNeed.atEnd(spec))
                .ifPresent(reason -> System.out.println("  " + reason + controllerCheck(connection)));
        SweepEstimate.print(spec, System.out, System.err);
        System.out.println("  train:   sweep trainer --bootstrap " + servers + "   (start several)");
        System.out.println("  rank:    sweep evaluator --bootstrap " + servers);
        System.out.println("  watch:   sweep tail metrics --sweep " + id + "   |   sweep status --sweep " + id);
    }

    /** Whether a controller runs (by its heartbeat), and if none does, the command that starts one. */
    private static String controllerCheck(KafkaConnection connection) {
        List<ControllerStatus> live;
        try (SweepWatcher watcher = new SweepWatcher(connection, List.of(Topics.CONTROLLERS_STATUS), SweepWatcher.Listener.NONE)) {
            watcher.readToEnd(CONTROLLER_CHECK_TIMEOUT);
            live = watcher.liveControllers(System.currentTimeMillis());
        }
        if (!live.isEmpty()) {
            return "; " + live.get(0).getControllerId() + " is running";
        }
        return String.format(Locale.ROOT, "%n  no controller is running: the sweep waits until one starts:%n"
                + "    sweep controller --bootstrap %s", connection.bootstrapServers());
    }
}
