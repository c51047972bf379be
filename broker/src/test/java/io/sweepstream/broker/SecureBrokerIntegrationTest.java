package io.sweepstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sweepstream.broker.junit.SelfSignedTls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker with SCRAM users, over SASL_PLAINTEXT and over SASL_SSL with a self-signed certificate. */
class SecureBrokerIntegrationTest {

    private static final String PASSWORD = "alice-Pa55word-7f3k";

    @TempDir
    Path tmp;

    @Test
    void saslPlaintextLetsAScramUserProduceAndConsumeAndRefusesAWrongPassword() throws Exception {
        BrokerSecurity security = new BrokerSecurity("admin", "admin-secret-9q", Map.of("alice", PASSWORD), null);
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.temporary().withDataDir(tmp.resolve("kafka")).withSecurity(security))) {
            roundTrip(broker, security.clientProperties("alice", PASSWORD));
            assertRefused(broker, security.clientProperties("alice", "not-the-password"));
            assertNoFileHolds(tmp, "admin-secret-9q");
            assertNoFileHolds(tmp, PASSWORD);
        }
    }

    @Test
    void saslSslLetsAScramUserProduceAndConsumeOverTls() throws Exception {
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        BrokerSecurity security = new BrokerSecurity("admin", "admin-secret-9q", Map.of("alice", PASSWORD),
                SelfSignedTls.generate(certs, "store-secret-4x"));
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.temporary().withDataDir(tmp.resolve("kafka")).withSecurity(security))) {
            assertEquals("SASL_SSL", security.protocol());
            roundTrip(broker, security.clientProperties("alice", PASSWORD));
            assertRefused(broker, security.clientProperties("alice", "not-the-password"));
        }
    }

    @Test
    void printingTheSettingsShowsUserNamesButNoPassword() {
        BrokerSecurity security = new BrokerSecurity("admin", "admin-secret-9q", Map.of("alice", PASSWORD),
                new BrokerSecurity.Tls(Path.of("k.p12"), "store-secret-4x", Path.of("t.p12"), "store-secret-4x"));
        String shown = BrokerSettings.temporary().withSecurity(security).toString();
        assertTrue(shown.contains("alice"), shown);
        assertFalse(shown.contains(PASSWORD) || shown.contains("admin-secret-9q") || shown.contains("store-secret-4x"), shown);
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> new BrokerSecurity("admin", "admin-secret-9q", Map.of("bob", "pa\"ss"), null));
        assertFalse(quote.getMessage().contains("pa\"ss"), quote.getMessage());
    }

    private static void roundTrip(EmbeddedBroker broker, Map<String, String> userProperties) throws Exception {
        try (Admin admin = Admin.create(config(broker, userProperties))) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerConfig = config(broker, userProperties);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("secured", "k", "hello over " + broker.describe())).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = config(broker, userProperties);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("secured", 0);
            consumer.assign(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int read = 0;
            while (read == 0 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                read += records.count();
            }
            assertEquals(1, read, "the record comes back to an authenticated consumer");
        }
    }

    private static void assertRefused(EmbeddedBroker broker, Map<String, String> wrong) {
        Map<String, Object> config = config(broker, wrong);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
            assertFalse(e.getCause().getMessage().contains("not-the-password"), e.getCause().getMessage());
        }
    }

    private static Map<String, Object> config(EmbeddedBroker broker, Map<String, String> userProperties) {
        Map<String, Object> config = new HashMap<>(userProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    /** The broker keeps passwords only as SCRAM salts and hashes: no file it writes holds one in clear. */
    private static void assertNoFileHolds(Path dir, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(secret), f + " holds a password");
            }
        }
    }
}
