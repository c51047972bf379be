package io.sweepstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirKeepsEveryCommittedRecordAndThePort() throws Exception {
        BrokerSettings settings = BrokerSettings.temporary().withDataDir(dataDir);
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start(settings)) {
            port = broker.port();
            createTopic(broker, "kept", 3);
            try (KafkaProducer<String, String> producer = producer(broker)) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>("kept", "k" + i, "v" + i)).get();
                }
            }
        }
        assertTrue(Files.exists(dataDir.resolve("logs")), "the data directory survives a stop");

        try (EmbeddedBroker again = EmbeddedBroker.start(settings)) {
            assertEquals(port, again.port(), "a restart reuses the port this data directory had");
            List<String> values = readAll(again, "kept", 3);
            assertEquals(300, values.size());
            for (int i = 0; i < 300; i++) {
                assertTrue(values.contains("v" + i), "record v" + i + " survived the restart");
            }
        }
    }

    @Test
    void temporaryBrokerDeletesItsDataDirOnClose() {
        Path dir;
        try (EmbeddedBroker broker = EmbeddedBroker.start(BrokerSettings.temporary())) {
            dir = broker.dataDir();
            assertTrue(Files.isDirectory(dir));
        }
        assertTrue(Files.notExists(dir), "temporary data directory " + dir + " is deleted");
    }

    static void createTopic(EmbeddedBroker broker, String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(broker.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    static KafkaProducer<String, String> producer(EmbeddedBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    static List<String> readAll(EmbeddedBroker broker, String topic, int partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !caughtUp(consumer, end, Set.copyOf(tps))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end, Set<TopicPartition> tps) {
        return tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }
}
