package io.sweepstream.dashboard;

import java.time.Duration;
import java.util.Map;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events the way the roles do (key = the topic's id field), for tests and the generator. */
public final class Publisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public Publisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    public Publisher definition(SweepDefinition d) {
        return send(Topics.SWEEPS, d.getSweepId(), d);
    }

    public Publisher summary(SweepSummary s) {
        return send(Topics.SWEEPS_SUMMARY, s.getSweepId(), s);
    }

    public Publisher request(RunRequest r) {
        return send(Topics.RUNS_REQUESTED, r.getRunId(), r);
    }

    public Publisher metric(EpochMetric m) {
        return send(Topics.RUNS_METRICS, m.getRunId(), m);
    }

    public Publisher result(RunResult r) {
        return send(Topics.RUNS_RESULTS, r.getRunId(), r);
    }

    public Publisher worker(WorkerStatus w) {
        return send(Topics.WORKERS_STATUS, w.getWorkerId(), w);
    }

    private <V> Publisher send(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.encode(value)), (meta, e) -> {
            if (e != null) {
                throw new IllegalStateException("could not publish to " + topic + ": " + e, e);
            }
        });
        return this;
    }

    /** Waits until Kafka acknowledged everything sent so far. */
    public Publisher flush() {
        producer.flush();
        return this;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
