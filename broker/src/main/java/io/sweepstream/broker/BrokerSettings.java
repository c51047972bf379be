package io.sweepstream.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to run the embedded broker.
 *
 * @param host         interface to listen on and to advertise
 * @param port         client port; 0 picks the port this data directory used before, or a free one
 * @param dataDir      where the logs live; {@code null} for a temporary directory deleted on close
 * @param startTimeout how long to wait until the broker answers
 * @param overrides    extra broker settings, applied last
 * @param security     SASL users and TLS files for the client port; {@code null} for plaintext
 */
public record BrokerSettings(String host, int port, Path dataDir, Duration startTimeout, Map<String, String> overrides,
                             BrokerSecurity security) {

    public BrokerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, found " + port);
        }
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, found " + startTimeout);
        }
        overrides = Map.copyOf(overrides);
    }

    /** A plaintext broker. */
    public BrokerSettings(String host, int port, Path dataDir, Duration startTimeout, Map<String, String> overrides) {
        this(host, port, dataDir, startTimeout, overrides, null);
    }

    /** A temporary broker on a free port of localhost. */
    public static BrokerSettings temporary() {
        return new BrokerSettings("localhost", 0, null, Duration.ofSeconds(60), Map.of());
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(host, newPort, dataDir, startTimeout, overrides, security);
    }

    public BrokerSettings withDataDir(Path newDataDir) {
        return new BrokerSettings(host, port, newDataDir, startTimeout, overrides, security);
    }

    public BrokerSettings withHost(String newHost) {
        return new BrokerSettings(newHost, port, dataDir, startTimeout, overrides, security);
    }

    /** SASL (and TLS) on the client port; {@code null} for plaintext. */
    public BrokerSettings withSecurity(BrokerSecurity newSecurity) {
        return new BrokerSettings(host, port, dataDir, startTimeout, overrides, newSecurity);
    }
}
