package io.sweepstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sweepstream.schemas.client.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap} and {@code --kafka-config}, shared by every command that talks to a running Kafka.
 * Their environment variables ({@code SWEEP_BOOTSTRAP}, {@code SWEEP_KAFKA_CONFIG}) come in through
 * {@link EnvDefaults}.
 */
final class KafkaOptions {

    static final String ENV = "SWEEP_BOOTSTRAP";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers. Default: $" + ENV + ", else localhost:9092.")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.* ...) applied to every Kafka client "
                    + "of this command. Default: $SWEEP_KAFKA_CONFIG, else none (plaintext).")
    Path kafkaConfig;

    String bootstrapServers() {
        return bootstrap != null && !bootstrap.isBlank() ? bootstrap : "localhost:9092";
    }

    /** Where Kafka is and the client properties every client gets; reads the properties file. */
    KafkaConnection connection() {
        return kafkaConfig == null ? KafkaConnection.plaintext(bootstrapServers())
                : KafkaConnection.withPropertiesFile(bootstrapServers(), kafkaConfig);
    }

    /** The connection, once a broker answers there; fails with one clear line otherwise. */
    KafkaConnection requireBroker() {
        KafkaConnection connection = connection();
        String servers = connection.bootstrapServers();
        Duration timeout = Duration.ofSeconds(8);
        try (Admin admin = Admin.create(connection.config(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500)))) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                // fatal, not "unreachable": the broker answered and said no
                throw new IllegalArgumentException("Kafka at " + servers + " refused this client: " + e.getCause().getMessage()
                        + " (check --kafka-config / $SWEEP_KAFKA_CONFIG)", e.getCause());
            }
            throw new BrokerUnreachableException(servers, timeout);
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException(servers, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException(servers, timeout);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalArgumentException("--bootstrap " + servers + ": " + e.getMessage(), e);
        }
    }

    /** No broker answered: what to do about it, in one line. */
    static final class BrokerUnreachableException extends RuntimeException {
        BrokerUnreachableException(String servers, Duration timeout) {
            super("no Kafka broker answers at " + servers + " (waited " + timeout.toSeconds() + " s). Start one with "
                    + "'./sweep broker', or point --bootstrap / $" + ENV + " at yours; 'sweep local' needs none.");
        }
    }
}
