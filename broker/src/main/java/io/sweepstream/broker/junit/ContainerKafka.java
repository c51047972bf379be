package io.sweepstream.broker.junit;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.QueueBrokerSettings;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in Docker through Testcontainers (image {@code apache/kafka}, same major version as the
 * embedded broker). Only loaded when asked for, so Testcontainers is optional at run time.
 */
final class ContainerKafka implements KafkaBackend {

    static final String IMAGE = "apache/kafka:4.4.0";

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "1000")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv(QueueBrokerSettings.asEnvironment());
        container.start();
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String describe() {
        return "Kafka container " + IMAGE + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
