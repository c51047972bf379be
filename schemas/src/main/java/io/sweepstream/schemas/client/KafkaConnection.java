package io.sweepstream.schemas.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka is and how to talk to it: the bootstrap servers, and client properties (typically
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) that every client a role creates gets.
 *
 * <p>{@link #config} merges them under each client's own settings: a role's settings (acks, isolation,
 * acknowledgement mode, client id) always win, because the guarantees rest on them; the user's
 * properties fill in everything else. {@link #toString()} names the properties but never prints their
 * values (a JAAS config holds a password).
 *
 * @param bootstrapServers  {@code host:port[,host:port...]}
 * @param clientProperties  extra client properties; must not set {@code bootstrap.servers}
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        clientProperties = Map.copyOf(clientProperties);
        if (clientProperties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("the Kafka client properties set bootstrap.servers; set the address with "
                    + "--bootstrap or SWEEP_BOOTSTRAP instead, so that there is one place for it");
        }
    }

    /** No extra properties: plaintext, as on the embedded broker and in tests. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** The bootstrap servers with the properties read from a Java properties file. */
    public static KafkaConnection withPropertiesFile(String bootstrapServers, Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka client properties file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Kafka client properties file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> props = new HashMap<>();
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
        return new KafkaConnection(bootstrapServers, props);
    }

    /**
     * One client's configuration: these client properties, then the bootstrap servers, then the
     * client's own settings on top.
     */
    public Map<String, Object> config(Map<String, ?> clientSettings) {
        Map<String, Object> merged = new HashMap<>(clientProperties);
        merged.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        merged.putAll(clientSettings);
        return merged;
    }

    @Override
    public String toString() {
        return clientProperties.isEmpty() ? bootstrapServers
                : bootstrapServers + " with client properties " + new TreeMap<>(clientProperties).keySet();
    }
}
