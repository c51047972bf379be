package io.sweepstream.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/** {@code --bootstrap}, shared by every command that talks to a running Kafka. */
final class KafkaOptions {

    static final String ENV = "SWEEP_BOOTSTRAP";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Default: $" + ENV + ", else localhost:9092.")
    String bootstrap;

    String bootstrapServers() {
        if (bootstrap != null && !bootstrap.isBlank()) {
            return bootstrap;
        }
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? env : "localhost:9092";
    }

    /** Returns the bootstrap address once a broker answers there; fails with one clear line otherwise. */
    String requireBroker() {
        String servers = bootstrapServers();
        Duration timeout = Duration.ofSeconds(8);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return servers;
        } catch (ExecutionException | TimeoutException e) {
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
