package io.sweepstream.broker;

/** A running Kafka that tests and local mode talk to: the embedded broker or a container. */
public interface KafkaBackend extends AutoCloseable {

    /** {@code host:port[,host:port]} for clients. */
    String bootstrapServers();

    /** Human-readable description for logs and skip messages. */
    String describe();

    @Override
    void close();
}
