package io.sweepstream.schemas.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stop, pause, resume and cancel, as {@code sweep stop|pause|resume|cancel} and the dashboard's buttons
 * publish them. A sweep command is two records: the sweep's definition with its new status on the
 * compacted {@code sweeps} (the state every reader keeps, whatever the control topic's retention), and
 * the command on {@code runs.control} (the event: trainers stop running runs of a cancelled sweep).
 * A command counts once Kafka acknowledged every record of it.
 *
 * <ul>
 *   <li>cancel: its running runs stop, its queued runs end STOPPED, no new run is published;</li>
 *   <li>pause: running runs finish; no new run starts: the controller publishes none, and a trainer
 *       that takes a queued run of the sweep sets it aside on {@code runs.parked} (docs/queue.md);</li>
 *   <li>resume: the sweep is ACTIVE again and every run set aside goes back on {@code runs.requested}.</li>
 * </ul>
 */
public final class SweepCommands implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConnection kafka;
    private final KafkaProducer<String, byte[]> producer;

    public SweepCommands(KafkaConnection kafka, String clientId) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis())),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Asks the trainers to stop a run between two batches (its result: STOPPED). */
    public void stopRun(String runId, String sweepId, String reason) {
        Control stop = control(ControlType.STOP_RUN, sweepId, reason).setRunId(runId).build();
        await(List.of(send(Topics.RUNS_CONTROL, runId, Topics.RUNS_CONTROL.encode(stop))));
    }

    /** Cancels a sweep: its running runs stop, its queued ones are skipped, the controller publishes no more. */
    public void cancel(SweepDefinition latest, String reason) {
        String sweepId = latest.getSweepId();
        Control cancel = control(ControlType.CANCEL_SWEEP, sweepId, reason).build();
        await(List.of(send(Topics.RUNS_CONTROL, sweepId, Topics.RUNS_CONTROL.encode(cancel))));
        publishStatus(latest, SweepStatus.CANCELLED);
    }

    /**
     * Pauses a sweep: no new run of it starts, the runs training now finish.
     *
     * @throws IllegalArgumentException for a cancelled sweep
     */
    public void pause(SweepDefinition latest, String reason) {
        requireNotCancelled(latest, "paused");
        publishStatus(latest, SweepStatus.PAUSED);
        Control pause = control(ControlType.PAUSE_SWEEP, latest.getSweepId(), reason).build();
        await(List.of(send(Topics.RUNS_CONTROL, latest.getSweepId(), Topics.RUNS_CONTROL.encode(pause))));
    }

    /**
     * Resumes a sweep: ACTIVE again, and its runs set aside while it was paused are queued again. Safe to
     * repeat: a run queued twice is one run (a trainer skips a run that has a result).
     *
     * @return how many runs went back on the queue
     * @throws IllegalArgumentException for a cancelled sweep
     */
    public int resume(SweepDefinition latest, String reason) {
        requireNotCancelled(latest, "resumed");
        String sweepId = latest.getSweepId();
        publishStatus(latest, SweepStatus.ACTIVE);
        Control resume = control(ControlType.RESUME_SWEEP, sweepId, reason).build();
        await(List.of(send(Topics.RUNS_CONTROL, sweepId, Topics.RUNS_CONTROL.encode(resume))));
        // After the status: a trainer that parks a run after this read sees ACTIVE and queues it again itself.
        List<RunRequest> parked = latestByKey(kafka, Topics.RUNS_PARKED).values().stream()
                .filter(q -> q.getSweepId().equals(sweepId)).toList();
        List<Future<RecordMetadata>> queued = new ArrayList<>();
        for (RunRequest q : parked) {
            queued.add(send(Topics.RUNS_REQUESTED, q.getRunId(), Topics.RUNS_REQUESTED.encode(q)));
        }
        await(queued);
        // Only once they are queued: a resume that dies before this point is repeated, and loses nothing.
        List<Future<RecordMetadata>> tombstones = new ArrayList<>();
        for (RunRequest q : parked) {
            tombstones.add(send(Topics.RUNS_PARKED, q.getRunId(), null));
        }
        await(tombstones);
        return parked.size();
    }

    /** The latest definition of a sweep on {@code sweeps}, read to its end; empty when there is none. */
    public static Optional<SweepDefinition> latest(KafkaConnection kafka, String sweepId) {
        return Optional.ofNullable(latestByKey(kafka, Topics.SWEEPS).get(sweepId));
    }

    /** The runs of a sweep set aside on {@code runs.parked} now, read to its end. */
    public static List<RunRequest> parked(KafkaConnection kafka, String sweepId) {
        return latestByKey(kafka, Topics.RUNS_PARKED).values().stream().filter(q -> q.getSweepId().equals(sweepId)).toList();
    }

    private void publishStatus(SweepDefinition latest, SweepStatus status) {
        SweepDefinition changed = SweepDefinition.newBuilder(latest).setStatus(status).build();
        await(List.of(send(Topics.SWEEPS, latest.getSweepId(), Topics.SWEEPS.encode(changed))));
    }

    private static void requireNotCancelled(SweepDefinition d, String verb) {
        if (d.getStatus() == SweepStatus.CANCELLED) {
            throw new IllegalArgumentException("sweep " + d.getSweepId() + " was cancelled; it cannot be " + verb);
        }
    }

    private static Control.Builder control(ControlType type, String sweepId, String reason) {
        return Control.newBuilder().setType(type).setSweepId(sweepId).setReason(reason).setIssuedAtMs(System.currentTimeMillis());
    }

    private Future<RecordMetadata> send(Topic<String, ?> topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic.name(), key, value));
    }

    private static void await(List<Future<RecordMetadata>> sends) {
        try {
            for (Future<RecordMetadata> f : sends) {
                f.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new CommandNotTakenException("Kafka refused the command: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CommandNotTakenException("Kafka did not acknowledge the command within " + SEND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandNotTakenException("interrupted while sending the command", e);
        }
    }

    /** Every key's latest value on a compacted topic, read to the end it had when called (tombstones remove). */
    private static <V> Map<String, V> latestByKey(KafkaConnection kafka, Topic<String, V> topic) {
        Map<String, V> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TopicReplay.assignAll(c, List.of(topic.name()));
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!TopicReplay.caughtUp(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new CommandNotTakenException("could not read " + topic.name() + " to its end within "
                            + READ_TIMEOUT.toSeconds() + " s", null);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                        continue;
                    }
                    try {
                        latest.put(r.key(), topic.decode(r.partition(), r.offset(), r.value()));
                    } catch (UndecodableRecordException e) {
                        // poison is the dead-letter topic's business; a command only needs the readable records
                    }
                }
            }
        }
        return latest;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }

    /** Kafka did not take a command (refused, timed out, or could not be read); the user may try again. */
    public static final class CommandNotTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommandNotTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
