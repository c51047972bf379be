package io.sweepstream.trainer.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trainer writes about runs: results, dead letters and per-epoch metrics, through one
 * idempotent producer with {@code acks=all}, so a record the broker confirmed survives and a retried
 * send is not written twice. Results go to the compacted {@code runs.results}, keyed by run id.
 */
final class ResultPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;

    ResultPublisher(WorkerSettings settings) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "trainer-results-" + settings.workerId());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(settings.kafka().config(c), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static ProducerRecord<byte[], byte[]> resultRecord(RunResult result) {
        return new ProducerRecord<>(Topics.RUNS_RESULTS.name(), result.getRunId().getBytes(StandardCharsets.UTF_8),
                Topics.RUNS_RESULTS.encode(result));
    }

    /** Sends a result or dead letter; the caller waits on the future before acknowledging the request. */
    Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return producer.send(record);
    }

    /** Sends an epoch's metric without waiting; called on the training thread. */
    void metric(EpochMetric metric) {
        producer.send(new ProducerRecord<>(Topics.RUNS_METRICS.name(), metric.getRunId().getBytes(StandardCharsets.UTF_8),
                Topics.RUNS_METRICS.encode(metric)), (meta, e) -> {
                    if (e != null) {
                        log.warn("metric of {} epoch {} not written: {}", metric.getRunId(), metric.getEpoch(), e.toString());
                    }
                });
    }

    @Override
    public void close() {
        producer.close();
    }
}
