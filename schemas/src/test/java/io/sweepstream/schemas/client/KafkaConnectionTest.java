package io.sweepstream.schemas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

    @TempDir
    Path dir;

    @Test
    void mergesThePropertiesFileUnderTheClientsOwnSettings() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                acks=0
                """);
        KafkaConnection kafka = KafkaConnection.withPropertiesFile("kafka:9093", file);

        Map<String, Object> config = kafka.config(Map.of("acks", "all", "client.id", "role"));

        assertEquals("kafka:9093", config.get("bootstrap.servers"));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals("PLAIN", config.get("sasl.mechanism"));
        assertEquals("all", config.get("acks"), "a role's own setting wins: its guarantees rest on it");
        assertEquals("role", config.get("client.id"));
    }

    @Test
    void rejectsABootstrapAddressInThePropertiesFile() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=elsewhere:9092\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnection.withPropertiesFile("kafka:9092", file));
        assertTrue(e.getMessage().contains("--bootstrap"), e.getMessage());
    }

    @Test
    void namesAMissingPropertiesFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnection.withPropertiesFile("kafka:9092", dir.resolve("nope.properties")));
        assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
    }

    @Test
    void neverPrintsPropertyValues() {
        KafkaConnection kafka = new KafkaConnection("kafka:9092",
                Map.of("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";"));

        assertFalse(kafka.toString().contains("s3cret"), kafka.toString());
        assertTrue(kafka.toString().contains("sasl.jaas.config"), kafka.toString());
    }
}
