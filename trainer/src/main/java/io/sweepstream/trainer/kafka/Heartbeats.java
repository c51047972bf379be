package io.sweepstream.trainer.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the worker's {@code WorkerStatus} on {@code workers.status}: when it changes and every
 * interval. Their acknowledgements tell {@link BrokerContact} whether the broker answers.
 */
final class Heartbeats implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final WorkerSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final BrokerContact contact;
    private final String host = hostName();
    private final long startedAtMs = System.currentTimeMillis();
    private final String engine;
    private long nextAtMs;

    Heartbeats(WorkerSettings settings, BrokerContact contact, String engine) {
        this.settings = settings;
        this.contact = contact;
        this.engine = engine;
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "trainer-status-" + settings.workerId());
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() runs on the poll thread and waits for metadata, 60 s by default: in a broker outage that
        // froze the poll loop (no lock renewals, no stop commands, no word of the outage). A heartbeat that
        // cannot go now fails at once instead; the next one follows within the interval.
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
        producer = new KafkaProducer<>(settings.kafka().config(c), new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes when the interval has passed. */
    void beatIfDue(WorkerState state, RunExecution run) {
        if (System.currentTimeMillis() >= nextAtMs) {
            beat(state, run);
        }
    }

    /** Publishes now; {@code run} is null when no run is in progress. */
    void beat(WorkerState state, RunExecution run) {
        WorkerStatus status = WorkerStatus.newBuilder()
                .setWorkerId(settings.workerId())
                .setHost(host)
                .setState(state)
                .setSweepId(run == null ? null : run.request().getSweepId())
                .setRunId(run == null ? null : run.request().getRunId())
                .setAttempt(run == null ? null : run.attempt())
                .setEpoch(run == null ? null : run.epoch())
                .setEpochs(run == null ? null : run.request().getHyperparameters().getEpochs())
                .setProgress(run == null ? 0.0 : run.progress())
                .setSamplesPerSecond(run == null || run.samplesPerSecond() == 0 ? null : run.samplesPerSecond())
                .setHeartbeatAtMs(System.currentTimeMillis())
                .setStartedAtMs(startedAtMs)
                .setEngine(engine)
                .build();
        producer.send(new ProducerRecord<>(Topics.WORKERS_STATUS.name(), settings.workerId(), Topics.WORKERS_STATUS.encode(status)),
                (meta, e) -> {
                    if (e != null) {
                        log.debug("heartbeat not written: {}", e.toString());
                    } else {
                        contact.answered();
                    }
                });
        nextAtMs = System.currentTimeMillis() + settings.heartbeatInterval().toMillis();
    }

    /** Writes a tombstone for another worker's record: it is gone (see {@link GoneWorkers}). */
    void tombstone(String workerId) {
        producer.send(new ProducerRecord<>(Topics.WORKERS_STATUS.name(), workerId, null), (meta, e) -> {
            if (e != null) {
                log.debug("tombstone of {} not written: {}", workerId, e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(2));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
