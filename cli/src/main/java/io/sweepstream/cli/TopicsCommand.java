package io.sweepstream.cli;

import io.sweepstream.schemas.client.KafkaConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep topics}: creates every topic with its settings, for a cluster set up before any role starts. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates every Sweepstream topic with its partitions and settings (those that exist are kept) and "
                + "waits until each partition answers.",
                "Every role does this too at start; run it once when setting up a cluster (compose, a Kubernetes Job)."})
final class TopicsCommand implements Runnable {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--replication-factor", defaultValue = "1", paramLabel = "N",
            description = "Replicas of each partition (at most the number of brokers; 3 on a production cluster). "
                    + "Default: $SWEEP_TOPIC_REPLICATION, else ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Override
    public void run() {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1, found " + replicationFactor);
        }
        KafkaConnection connection = kafka.requireBroker();
        System.out.println("topics on " + connection.bootstrapServers() + ", replication factor " + replicationFactor + ":");
        TopicSetup.createAll(connection, replicationFactor, System.out);
    }
}
