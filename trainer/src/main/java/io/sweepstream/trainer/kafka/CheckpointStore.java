package io.sweepstream.trainer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.DeadLetters;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trainer's access to {@code runs.checkpoints} (compacted, key runId): it writes its run's checkpoint after each
 * epoch, reads a run's latest checkpoint before training a redelivered run, and tombstones it once the run has a
 * result.
 *
 * <ul>
 *   <li>Writing never stalls training: {@link #write} encodes and hands the record to the producer. At most one
 *       checkpoint is in flight; one written meanwhile waits, and a newer one replaces it (only the latest
 *       matters). A checkpoint over the topic's record limit is logged once and the run goes on without them.</li>
 *   <li>Any checkpoint of a run is a point on the same trajectory (training is deterministic), so a late or
 *       out-of-order write can only make a takeover resume from an earlier epoch, never from wrong state.</li>
 *   <li>Reading by key: the key's partition is read backwards in windows from its end, so a lookup reads about
 *       the checkpoints written since the run's last one, not the whole topic.</li>
 * </ul>
 *
 * <p>Its own producer, apart from results and metrics: a multi-megabyte checkpoint must not delay a result, and
 * only this producer needs {@code max.request.size} raised to the topic's limit. {@link #write} and
 * {@link #discard} may be called from any thread; {@link #latest} from one thread only (the training thread).
 */
final class CheckpointStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    /** Records read per window at first when looking back for a key; doubled per window. */
    private static final int FIRST_WINDOW = 16;

    private final WorkerSettings settings;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Object lock = new Object();
    // guarded by lock
    private boolean inFlight;
    private ProducerRecord<byte[], byte[]> waiting;
    /** The run this worker last wrote a checkpoint of (a worker trains one run at a time). */
    private String lastWritten;
    /** A run whose checkpoints the topic refused as too large: it goes on without them. */
    private String oversized;
    // used by the reading thread only
    private KafkaConsumer<byte[], byte[]> consumer;

    CheckpointStore(WorkerSettings settings) {
        this.settings = settings;
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "trainer-checkpoints-" + settings.workerId());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.CHECKPOINT_MAX_BYTES);
        // no compression: trained float32 weights are nearly random bits; on a 2 MB adam checkpoint zstd saved 9%
        // and lz4 2%, for tens to hundreds of ms on the training thread (docs/reliability.md, "Resume")
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // send() runs on the training thread and waits for metadata: never a minute (the default) for a checkpoint
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(settings.kafka().config(c), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes a run's checkpoint without waiting (see the class comment for what happens when one is in flight). */
    void write(RunCheckpoint checkpoint) {
        String runId = checkpoint.getRunId();
        byte[] value = Topics.RUNS_CHECKPOINTS.encode(checkpoint);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.RUNS_CHECKPOINTS.name(), key(runId), value);
        synchronized (lock) {
            if (runId.equals(oversized)) {
                return;
            }
            lastWritten = runId;
            if (inFlight) {
                waiting = record;
            } else {
                send(record);
            }
        }
    }

    /**
     * The run has its result: drops a checkpoint still waiting and tombstones the run's checkpoint, if this worker
     * wrote one or {@code maybeElsewhere} (an earlier attempt may have). Not waited for: a tombstone that is lost
     * leaves a stale checkpoint that nothing reads (the run has its result), which compaction keeps until the next
     * one.
     */
    void discard(String runId, boolean maybeElsewhere) {
        synchronized (lock) {
            if (waiting != null && runId.equals(keyOf(waiting))) {
                waiting = null;
            }
            boolean mine = runId.equals(lastWritten);
            if (mine) {
                lastWritten = null;
            }
            if (runId.equals(oversized)) {
                oversized = null;
            }
            if (!mine && !maybeElsewhere) {
                return;
            }
            // same producer and partition as the checkpoints: the tombstone lands after any of them in flight
            producer.send(new ProducerRecord<>(Topics.RUNS_CHECKPOINTS.name(), key(runId), null), (meta, e) -> {
                if (e != null) {
                    log.warn("checkpoint of {} not tombstoned: {}", runId, e.toString());
                }
            });
        }
    }

    /**
     * The run's latest checkpoint, or null if it has none (none written, tombstoned, or not readable within
     * {@code timeout}: the run then trains from epoch 1, which is slower but right). An undecodable record goes to
     * {@code runs.dlq}.
     */
    RunCheckpoint latest(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (consumer == null) {
                consumer = newConsumer();
            }
            ConsumerRecord<byte[], byte[]> found = lookBack(runId, deadline);
            if (found == null || found.value() == null) {
                return null;
            }
            try {
                return Topics.RUNS_CHECKPOINTS.decode(found.partition(), found.offset(), found.value());
            } catch (UndecodableRecordException e) {
                log.warn("checkpoint of {} at {}-{}@{} cannot be read and goes to runs.dlq; training from epoch 1: {}",
                        runId, found.topic(), found.partition(), found.offset(), e.getMessage());
                producer.send(DeadLetters.record(found, e, "trainer " + settings.workerId()));
                return null;
            }
        } catch (KafkaException e) {
            log.warn("could not read the checkpoint of {}; training from epoch 1: {}", runId, e.toString());
            return null;
        }
    }

    /** The last record with the run's key in its partition, or null (none found, or out of time). */
    private ConsumerRecord<byte[], byte[]> lookBack(String runId, long deadline) {
        byte[] key = key(runId);
        List<PartitionInfo> partitions = consumer.partitionsFor(Topics.RUNS_CHECKPOINTS.name(), remaining(deadline));
        if (partitions == null || partitions.isEmpty()) {
            log.warn("topic runs.checkpoints does not exist (`sweep topics` creates it); {} trains from epoch 1", runId);
            return null;
        }
        // the producer's default partitioner for a keyed record
        TopicPartition tp = new TopicPartition(Topics.RUNS_CHECKPOINTS.name(),
                Utils.toPositive(Utils.murmur2(key)) % partitions.size());
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp), remaining(deadline)).get(tp);
        long windowEnd = consumer.endOffsets(List.of(tp), remaining(deadline)).get(tp);
        long window = FIRST_WINDOW;
        while (windowEnd > begin) {
            long from = Math.max(begin, windowEnd - window);
            consumer.seek(tp, from);
            ConsumerRecord<byte[], byte[]> last = null;
            while (consumer.position(tp, remaining(deadline)) < windowEnd) {
                if (System.nanoTime() >= deadline) {
                    log.warn("looking for the checkpoint of {} took too long; training from epoch 1", runId);
                    return null;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < windowEnd && r.key() != null && Arrays.equals(key, r.key())) {
                        last = r;
                    }
                }
            }
            if (last != null) {
                return last; // later windows were read already: this is the latest
            }
            windowEnd = from;
            window *= 2;
        }
        return null;
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        return new KafkaConsumer<>(settings.kafka().config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "trainer-checkpoints-" + settings.workerId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.CHECKPOINT_MAX_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.CHECKPOINT_MAX_BYTES,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    // called with lock held
    private void send(ProducerRecord<byte[], byte[]> record) {
        inFlight = true;
        producer.send(record, (meta, e) -> sent(record, e));
    }

    // on the producer's I/O thread: keep it short; at most one send follows
    private void sent(ProducerRecord<byte[], byte[]> record, Exception e) {
        String runId = keyOf(record);
        synchronized (lock) {
            inFlight = false;
            if (e instanceof RecordTooLargeException) {
                log.warn("checkpoints of {} are too large for runs.checkpoints ({} bytes, limit {}); it goes on without"
                        + " them, and a takeover would train it from epoch 1", runId, record.value().length, Topics.CHECKPOINT_MAX_BYTES);
                oversized = runId;
                if (waiting != null && runId.equals(keyOf(waiting))) {
                    waiting = null;
                }
            } else if (e != null) {
                log.warn("checkpoint of {} not written: {}", runId, e.toString());
            }
            if (waiting != null) {
                ProducerRecord<byte[], byte[]> next = waiting;
                waiting = null;
                send(next);
            }
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static byte[] key(String runId) {
        return runId.getBytes(StandardCharsets.UTF_8);
    }

    private static String keyOf(ProducerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (consumer != null) {
            consumer.close();
        }
    }
}
