package io.sweepstream.schemas.role;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.TopicReplay;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;

/**
 * A role's inputs read from the beginning, outside any consumer group's assignment (a role may commit
 * its position to a group for lag monitoring: {@link #commitPosition}), and whether the role has
 * caught up: read them up to the end offsets they had at start. Until then the role publishes
 * nothing, so it never acts on a half-built view. A catch-up that makes no progress for
 * {@link #CATCH_UP_STALL} is said in the log once; it goes on trying.
 *
 * <p>Call order, on the role's thread: {@link #poll} and {@link #catchUp} each round, {@link #close}
 * at the end; {@link #wakeup} from any thread.
 */
public final class InputReplay implements AutoCloseable {

    public static final Duration CATCH_UP_STALL = Duration.ofSeconds(10);
    /** Retriable commit failures in a row said only at debug level: a fresh broker's coordinator loads for a few seconds. */
    private static final int RETRIABLE_COMMIT_FAILURES_BEFORE_WARNING = 3;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> inputs;
    private final String role;
    private final String output;
    private final Logger log;

    private List<TopicPartition> partitions;
    private Map<TopicPartition, Long> catchUpTo;
    private boolean caughtUp;
    private long startedMs;
    private long behind = Long.MAX_VALUE;
    private long lastProgressMs;
    private boolean saidStalled;
    private long nextCommitMs;
    private boolean saidCommitFailed;
    private int commitsFailedInARow;

    /**
     * @param role the role's name in the log, e.g. {@code evaluator}
     * @param output what the role publishes none of until caught up, for the log, e.g. {@code summary}
     * @param log the role's logger, so its lines keep the role's name
     */
    public InputReplay(Consumer<byte[], byte[]> consumer, List<String> inputs, String role, String output, Logger log) {
        this.consumer = consumer;
        this.inputs = List.copyOf(inputs);
        this.role = role;
        this.output = output;
        this.log = log;
    }

    /**
     * Reads what arrived and hands each record to {@code apply}. The first call assigns every input
     * from the beginning, and a call takes the end offsets to catch up to until it has them.
     *
     * @return whether Kafka answered (end offsets or records)
     * @throws UnknownTopicOrPartitionException while an input does not exist yet (retriable)
     */
    public boolean poll(long nowMs, Duration timeout, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> apply) {
        boolean answered = false;
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
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            apply.accept(r);
        }
        return answered || !records.isEmpty();
    }

    /** Whether the replay reached the end offsets taken at start; says so once it does, and once when it stalls. */
    public boolean catchUp(long nowMs) {
        if (caughtUp) {
            return true;
        }
        if (TopicReplay.caughtUp(consumer, catchUpTo)) {
            caughtUp = true;
            log.info("{} caught up with {} in {} ms{}", role, inputs, nowMs - startedMs, saidStalled ? " after all" : "");
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
            log.warn("{} cannot catch up: {} offset(s) of {} still unread, no progress for {} s; it publishes no {} until it has read them, and keeps trying",
                    role, left, inputs, CATCH_UP_STALL.toSeconds(), output);
        }
        return false;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records still to read to catch up, as of the last {@link #catchUp}: 0 once caught up, -1 before it counted. */
    public long unread() {
        return caughtUp ? 0 : behind == Long.MAX_VALUE ? -1 : behind;
    }

    /**
     * Commits the position read so far to the consumer's group ({@link ProgressGroups}), at most once per
     * {@link ProgressGroups#COMMIT_INTERVAL} and without waiting: a lag to watch, never a place to start
     * from. Only for a consumer made with a group ({@link #consumer(KafkaConnection, String, String)}). A failed
     * commit is said once in the log; the next one carries a newer position anyway.
     */
    public void commitPosition(long nowMs) {
        if (catchUpTo == null || nowMs < nextCommitMs) {
            return; // nothing assigned and positioned yet
        }
        nextCommitMs = nowMs + ProgressGroups.COMMIT_INTERVAL.toMillis();
        Map<TopicPartition, OffsetAndMetadata> read = new HashMap<>();
        for (TopicPartition tp : partitions) {
            read.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        consumer.commitAsync(read, (offsets, e) -> {
            if (e == null) {
                commitsFailedInARow = 0;
                saidCommitFailed = false;
                return;
            }
            commitsFailedInARow++;
            boolean lasting = !(e instanceof RetriableException) || commitsFailedInARow >= RETRIABLE_COMMIT_FAILURES_BEFORE_WARNING;
            if (lasting && !saidCommitFailed) {
                saidCommitFailed = true;
                log.warn("{} cannot commit its position for lag monitoring ({}); it keeps working and trying", role, e.toString());
            } else {
                log.debug("{} commit of its position failed ({}), retrying with the next one", role, e.toString());
            }
        });
    }

    /** Makes a blocked {@link #poll} throw {@code WakeupException}. Any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(200);

    private List<TopicPartition> assignInputs() {
        List<TopicPartition> assigned = TopicReplay.assignAll(consumer, inputs);
        for (String topic : inputs) {
            if (assigned.stream().noneMatch(tp -> tp.topic().equals(topic))) {
                // retriable: the topics may be being created right now; going on without one would act on a partial view
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist yet");
            }
        }
        return assigned;
    }

    @Override
    public void close() {
        // The position commits only show progress (the replay starts from the beginning anyway): a last one in
        // flight gets a moment; the default 30 s would also wait for the fetch the broker holds (up to 500 ms).
        consumer.close(CLOSE_TIMEOUT);
    }

    /**
     * The consumer a replay wants: committed records only, no group offsets, raw keys and values
     * (a dead letter keeps them exact).
     */
    public static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection kafka, String clientId) {
        return new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a replay that falls behind retention starts over at the oldest record, not at the end
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * As {@link #consumer(KafkaConnection, String)}, in consumer group {@code progressGroup}, to which
     * {@link #commitPosition} commits. It still reads from the beginning and takes no part in group
     * assignment: partitions are assigned, not subscribed.
     */
    public static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection kafka, String clientId, String progressGroup) {
        return new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.GROUP_ID_CONFIG, progressGroup,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
