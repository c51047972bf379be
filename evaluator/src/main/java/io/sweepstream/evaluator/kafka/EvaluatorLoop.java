package io.sweepstream.evaluator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.DeadLetters;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's work, one {@link #step} at a time on one thread: replay the input topics into the
 * aggregator, dead-letter what cannot be read, publish the summaries that changed. What it cannot
 * handle itself it throws, for {@link EvaluatorService} to sort into retriable and fatal.
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>No half-built view: nothing is published before the inputs are read up to the end offsets
 *       they had at start. A catch-up that makes no progress for {@link #CATCH_UP_STALL} is said in
 *       the log once; it goes on trying.</li>
 *   <li>A summary counts as published once Kafka acknowledged it ({@link #latest}); a failed send
 *       leaves its sweep to publish, so the next publish round sends it again.</li>
 *   <li>Poison: a record that cannot be decoded, or a definition no summary can be built from, goes
 *       to {@code runs.dlq} with its reason and the replay goes on. The evaluator commits nothing and
 *       replays from the beginning, so each start dead-letters a poison record again.</li>
 * </ul>
 */
final class EvaluatorLoop implements AutoCloseable {

    static final List<String> INPUTS = List.of(
            Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(), Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name());
    static final String CONSUMER_NAME = "evaluator";
    static final Duration CATCH_UP_STALL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(EvaluatorLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final SweepAggregator aggregator;
    private final long publishIntervalMs;

    /** Acknowledged summaries; written by the producer's callbacks (in send order per sweep), read by any thread. */
    private final Map<String, SweepSummary> published = new ConcurrentHashMap<>();
    private final AtomicBoolean acknowledged = new AtomicBoolean();
    private final Queue<FailedSend> failedSends = new ConcurrentLinkedQueue<>();
    private final AtomicLong deadLettered = new AtomicLong();

    // Owned by the loop thread.
    /** The last summary sent per sweep, acknowledged or still in flight: not sent again unless it failed. */
    private final Map<String, SweepSummary> sent = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private List<TopicPartition> partitions;
    private Map<TopicPartition, Long> catchUpTo;
    private boolean caughtUp;
    private long startedMs;
    private long behind = Long.MAX_VALUE;
    private long lastProgressMs;
    private boolean saidStalled;
    private long nextPublishMs;

    /** A send that failed: a summary of a sweep, or a dead letter. */
    private record FailedSend(String sweepId, SweepSummary summary, ProducerRecord<byte[], byte[]> deadLetter, Exception error) {
    }

    EvaluatorLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, SweepAggregator aggregator, Duration publishInterval) {
        this.consumer = consumer;
        this.producer = producer;
        this.aggregator = aggregator;
        this.publishIntervalMs = publishInterval.toMillis();
    }

    /**
     * One round: settle failed sends, read what arrived, and once caught up publish what changed
     * (at most once per publish interval).
     *
     * @return whether Kafka answered during the round (records, end offsets or an acknowledgement),
     *     so the caller knows an outage is over
     * @throws RuntimeException what the loop cannot handle: a Kafka error, retriable or not
     */
    boolean step(long nowMs) {
        boolean answered = acknowledged.getAndSet(false);
        settleFailedSends();
        if (partitions == null) {
            partitions = assignInputs();
            consumer.seekToBeginning(partitions);
            startedMs = nowMs;
        }
        if (catchUpTo == null) {
            catchUpTo = consumer.endOffsets(partitions);
            lastProgressMs = nowMs;
            answered = true;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            apply(r);
        }
        answered |= !records.isEmpty();
        if (!caughtUp && !catchUp(nowMs)) {
            return answered;
        }
        if (nowMs >= nextPublishMs && !dirty.isEmpty()) {
            publish();
            nextPublishMs = nowMs + publishIntervalMs;
        }
        return answered;
    }

    /** Publishes what changed since the last round, if caught up: on a clean stop. */
    void publishPending() {
        if (caughtUp) {
            publish();
        }
    }

    boolean caughtUp() {
        return caughtUp;
    }

    /** The summary of a sweep that Kafka last acknowledged, or null. Any thread. */
    SweepSummary latest(String sweepId) {
        return published.get(sweepId);
    }

    /** Records of the inputs that went to {@code runs.dlq}. Any thread. */
    long deadLettered() {
        return deadLettered.get();
    }

    /** Makes a blocked {@link #step} throw {@code WakeupException}. Any thread. */
    void wakeup() {
        consumer.wakeup();
    }

    private List<TopicPartition> assignInputs() {
        List<TopicPartition> assigned = TopicReplay.assignAll(consumer, INPUTS);
        for (String topic : INPUTS) {
            if (assigned.stream().noneMatch(tp -> tp.topic().equals(topic))) {
                // retriable: the topics may be being created right now; replaying without one would publish a partial view
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist yet");
            }
        }
        return assigned;
    }

    /** Whether the replay reached the end offsets taken at start; says once when it stalls. */
    private boolean catchUp(long nowMs) {
        if (TopicReplay.caughtUp(consumer, catchUpTo)) {
            caughtUp = true;
            dirty.addAll(aggregator.sweepIds());
            log.info("evaluator caught up with {} in {} ms{}", INPUTS, nowMs - startedMs, saidStalled ? " after all" : "");
            return true;
        }
        long left = 0;
        for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
            left += Math.max(0, e.getValue() - consumer.position(e.getKey()));
        }
        if (left < behind) {
            behind = left;
            lastProgressMs = nowMs;
        } else if (!saidStalled && nowMs - lastProgressMs >= CATCH_UP_STALL.toMillis()) {
            saidStalled = true;
            log.warn("evaluator cannot catch up: {} offset(s) of {} still unread, no progress for {} s; it publishes no summary until it has read them, and keeps trying",
                    left, INPUTS, CATCH_UP_STALL.toSeconds());
        }
        return false;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing to fold in
        }
        String sweepId;
        try {
            sweepId = fold(r);
        } catch (UndecodableRecordException | IllegalArgumentException e) {
            // Poison: it will never decode, or decodes to something no summary can be built from.
            deadLetter(r, e);
            return;
        }
        dirty.add(sweepId);
    }

    private String fold(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        if (topic.equals(Topics.SWEEPS.name())) {
            return aggregator.onDefinition(Topics.SWEEPS.decode(r.partition(), r.offset(), r.value()));
        }
        if (topic.equals(Topics.RUNS_REQUESTED.name())) {
            return aggregator.onRequest(Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value()));
        }
        if (topic.equals(Topics.RUNS_METRICS.name())) {
            return aggregator.onMetric(Topics.RUNS_METRICS.decode(r.partition(), r.offset(), r.value()));
        }
        return aggregator.onResult(Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value()));
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, RuntimeException e) {
        log.warn("evaluator dead-letters {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        deadLettered.incrementAndGet();
        sendDeadLetter(DeadLetters.record(r, e, CONSUMER_NAME));
    }

    private void sendDeadLetter(ProducerRecord<byte[], byte[]> letter) {
        producer.send(letter, (metadata, error) -> {
            if (error == null) {
                acknowledged.set(true);
            } else {
                failedSends.add(new FailedSend(null, null, letter, error));
            }
        });
    }

    private void publish() {
        for (String sweepId : new ArrayList<>(dirty)) {
            SweepSummary summary = aggregator.summary(sweepId);
            if (summary != null && !summary.equals(sent.get(sweepId))) {
                byte[] key = Topics.SWEEPS_SUMMARY.keySerde().serializer().serialize(Topics.SWEEPS_SUMMARY.name(), sweepId);
                producer.send(new ProducerRecord<>(Topics.SWEEPS_SUMMARY.name(), key, Topics.SWEEPS_SUMMARY.encode(summary)),
                        (metadata, error) -> {
                            if (error == null) {
                                published.put(sweepId, summary);
                                acknowledged.set(true);
                            } else {
                                failedSends.add(new FailedSend(sweepId, summary, null, error));
                            }
                        });
                sent.put(sweepId, summary);
            }
            dirty.remove(sweepId);
        }
    }

    /**
     * Leaves each failed summary to publish again and sends each failed dead letter again, then
     * throws the error that stops the role, if any, else the first retriable one.
     */
    private void settleFailedSends() {
        RuntimeException retriable = null;
        RuntimeException fatal = null;
        for (FailedSend f; (f = failedSends.poll()) != null; ) {
            RuntimeException e = f.error() instanceof RuntimeException r ? r : new KafkaException(f.error());
            if (ErrorKind.of(e) != ErrorKind.RETRIABLE) {
                fatal = fatal == null ? e : fatal;
                continue;
            }
            retriable = retriable == null ? e : retriable;
            if (f.deadLetter() != null) {
                sendDeadLetter(f.deadLetter());
            } else if (f.summary().equals(sent.get(f.sweepId()))) { // else a newer summary went out since
                sent.remove(f.sweepId());
                dirty.add(f.sweepId());
            }
        }
        if (fatal != null) {
            throw fatal;
        }
        if (retriable != null) {
            throw retriable;
        }
    }

    @Override
    public void close() {
        try {
            producer.close(CLOSE_TIMEOUT); // bounded: the default waits for every pending send, forever if Kafka is away
        } finally {
            consumer.close();
        }
    }
}
