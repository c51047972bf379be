package io.sweepstream.trainer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.sweepstream.schemas.WorkerLiveness;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.worker.WorkerEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes dead workers from {@code workers.status}: the record of a worker silent for
 * {@link WorkerSettings#goneAfter()} ({@link WorkerLiveness#GONE_AFTER}) gets a tombstone, so no view
 * lists it any more and compaction deletes it. Poll thread only.
 *
 * <p>Who writes the tombstone: every live trainer, by the same rule. Not {@code sweep status} or the
 * dashboard: views only read (and may run with read-only credentials). Not only the trainer that
 * retrains a lost worker's run: idle workers die too, and a retry alone does not prove its first
 * trainer dead. Not a trainer at its own start: ids are random and never come back. Every live trainer
 * is simple and safe: two trainers writing the same tombstone do no harm (same key, no value), and a
 * worker removed by mistake (a machine frozen for five minutes) is back with its next heartbeat, two
 * seconds later. Cleanly stopped workers go the same way: STOPPED stays listed for the same five minutes,
 * for people to see, then goes, so the topic does not keep every trainer ever started.
 *
 * <p>It decides only once it has read the topic to the end it had at start, so a worker's latest
 * heartbeat is never judged by an older one. Each trainer reads every heartbeat, which is the same
 * load as one {@code sweep status} left running per trainer: fine for tens or hundreds of trainers.
 */
final class GoneWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GoneWorkers.class);

    private final WorkerSettings settings;
    private final Consumer<String> tombstone;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<String, WorkerStatus> latest = new HashMap<>();
    private Map<TopicPartition, Long> startEnd;
    private long nextCheckMs;

    /** @param tombstone writes a tombstone for a worker id on {@code workers.status} */
    GoneWorkers(WorkerSettings settings, Consumer<String> tombstone) {
        this.settings = settings;
        this.tombstone = tombstone;
        consumer = new KafkaConsumer<>(settings.kafka().config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "trainer-workers-" + settings.workerId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = TopicReplay.assignAll(consumer, List.of(Topics.WORKERS_STATUS.name()));
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads what arrived, without waiting, and every few seconds removes the workers gone by now.
     *
     * @return the workers removed by this call
     */
    List<WorkerEvent.GoneWorkerRemoved> poll(long nowMs) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ZERO)) {
            apply(r);
        }
        if (!caughtUp() || nowMs < nextCheckMs) {
            return List.of();
        }
        nextCheckMs = nowMs + checkEvery().toMillis();
        List<WorkerEvent.GoneWorkerRemoved> removed = new ArrayList<>();
        for (WorkerStatus w : List.copyOf(latest.values())) {
            String id = w.getWorkerId();
            if (!id.equals(settings.workerId()) && WorkerLiveness.of(w, nowMs, settings.goneAfter()) == WorkerLiveness.State.GONE) {
                tombstone.accept(id);
                latest.remove(id);
                Duration silent = WorkerLiveness.silence(w, nowMs);
                log.info("worker {} removed worker {} from {}: no heartbeat for {} s", settings.workerId(), id,
                        Topics.WORKERS_STATUS.name(), silent.toSeconds());
                removed.add(new WorkerEvent.GoneWorkerRemoved(settings.workerId(), id, silent));
            }
        }
        return removed;
    }

    /** A tenth of the gone-after time, between 1 and 30 s: removals are late by at most that. */
    private Duration checkEvery() {
        long ms = Math.max(1000, Math.min(30_000, settings.goneAfter().toMillis() / 10));
        return Duration.ofMillis(ms);
    }

    private boolean caughtUp() {
        if (startEnd == null) {
            startEnd = consumer.endOffsets(partitions);
        }
        if (startEnd.isEmpty()) {
            return true;
        }
        if (TopicReplay.caughtUp(consumer, startEnd)) {
            startEnd = Map.of(); // once is enough: from here on the consumer follows the topic live
            return true;
        }
        return false;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            if (r.key() != null) {
                latest.remove(new String(r.key(), StandardCharsets.UTF_8));
            }
            return;
        }
        try {
            WorkerStatus w = Topics.WORKERS_STATUS.decode(r.partition(), r.offset(), r.value());
            latest.put(w.getWorkerId(), w);
        } catch (UndecodableRecordException e) {
            // Poison in a view topic is its writer's problem; this only means one worker not judged.
            log.debug("ignoring unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        // Nothing to commit (no group); a timeout would only wait for the fetch the broker holds (up to 500 ms).
        consumer.close(Duration.ZERO);
    }
}
