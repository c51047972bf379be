package io.sweepstream.cli;

import java.nio.file.Path;

import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep submit}: publishes a sweep for the trainers. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Validates a sweep spec and publishes the sweep and its runs to Kafka; prints the sweep id.")
final class SubmitCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec file (YAML or JSON, W&B format).")
    Path file;

    @Option(names = "--sweep-id", description = "Use this id instead of <name>-<random>.")
    String sweepId;

    @Mixin
    KafkaOptions kafka;

    @Override
    public void run() {
        SweepSpec spec = SpecFiles.read(file);
        String servers = kafka.requireBroker();
        TopicSetup.createAll(servers, null);
        String id = sweepId != null ? sweepId : SpecFiles.newSweepId(spec);
        SweepController.Submitted s = SweepController.submit(servers, spec, id);
        Integer total = s.definition().getTotalRuns();
        System.out.println("sweep " + id + ": published " + s.runsPublished() + " of " + (total == null ? "unbounded" : total) + " run(s) to " + servers);
        if (spec.parallelism().isPresent()) {
            System.out.println("  parallelism " + spec.parallelism().get() + ": a 'sweep controller' publishes the runs, "
                    + spec.parallelism().get() + " at a time; keep one running");
        }
        System.out.println("  train:   sweep trainer --bootstrap " + servers + "   (start several)");
        System.out.println("  rank:    sweep evaluator --bootstrap " + servers);
        System.out.println("  watch:   sweep tail metrics --sweep " + id + "   |   sweep status --sweep " + id);
    }
}
