package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.BrokerClients;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.testing.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The committed end of partitions, as a read_committed reader of the views sees it, asked on its own connection. */
@ExtendWith(KafkaExtension.class)
class EndOffsetsIntegrationTest {

    private static final String TOPIC = "end-offsets-test";

    @Test
    void givesTheLastStableOffsetOfEachPartition(KafkaBackend backend) throws Exception {
        String servers = backend.bootstrapServers();
        try (Admin admin = BrokerClients.admin(servers)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        TopicPartition written = new TopicPartition(TOPIC, 0);
        TopicPartition inTransaction = new TopicPartition(TOPIC, 1);
        try (KafkaProducer<byte[], byte[]> plain = BrokerClients.rawProducer(servers)) {
            for (int i = 0; i < 3; i++) {
                plain.send(new ProducerRecord<>(TOPIC, 0, null, new byte[] {(byte) i})).get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> config = new HashMap<>(BrokerClients.producerConfig(servers));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "end-offsets-test");
        try (KafkaProducer<byte[], byte[]> transactional = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
             EndOffsets ends = new EndOffsets(KafkaConnection.plaintext(servers), "end-offsets-test", Duration.ofSeconds(10))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(TOPIC, 1, null, new byte[] {1})).get(30, TimeUnit.SECONDS);

            assertEquals(Map.of(written, 3L, inTransaction, 0L), ends.of(List.of(written, inTransaction)),
                    "a record of an open transaction is not the end yet");

            transactional.commitTransaction();
            // the coordinator writes the commit marker after the record a moment later; the end is past both
            Await.until(() -> ends.of(List.of(inTransaction)).get(inTransaction) == 2L, "the end moves past the commit marker");
            assertEquals(Map.of(written, 3L, inTransaction, 2L), ends.of(List.of(written, inTransaction)));
        }
    }
}
