package io.sweepstream.producer.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
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
 * The controller's work, one {@link #step} at a time on one thread: replay {@code sweeps},
 * {@code runs.requested} and {@code runs.results}, dead-letter what cannot be read, and publish the
 * next runs of each sweep with room for them. What it cannot handle itself it throws, for
 * {@link SweepController} to sort into retriable and fatal.
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>A restarted controller does not redo what was done: nothing is published before the inputs
 *       are read up to the end offsets they had at start. A catch-up that makes no progress for
 *       {@link #CATCH_UP_STALL} is said in the log once; it goes on trying.</li>
 *   <li>A run Kafka refused stays in flight and is sent again as it was (same run id, same config),
 *       never planned anew; a run id is a function of (sweep, index), so a copy is one run.</li>
 *   <li>Poison: a record that cannot be decoded goes to {@code runs.dlq} with its reason and the
 *       replay goes on. The controller replays from the beginning, so each start dead-letters it again.</li>
 * </ul>
 */
final class ControllerLoop implements AutoCloseable {

    static final List<String> INPUTS = List.of(Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(), Topics.RUNS_RESULTS.name());
    static final String CONSUMER_NAME = "sweep-controller";
    static final Duration CATCH_UP_STALL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final AtomicBoolean acknowledged = new AtomicBoolean();
    private final Queue<FailedSend> failedSends = new ConcurrentLinkedQueue<>();
    private final AtomicLong deadLettered = new AtomicLong();
    private final ControllerHeartbeat heartbeat;

    // Owned by the loop thread.
    private final Map<String, SweepProgress> sweeps = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private List<TopicPartition> partitions;
    private Map<TopicPartition, Long> catchUpTo;
    private boolean caughtUp;
    private long startedMs;
    private long behind = Long.MAX_VALUE;
    private long lastProgressMs;
    private boolean saidStalled;

    /** A send that failed: a run request of a sweep, or a dead letter. */
    private record FailedSend(String sweepId, RunRequest request, ProducerRecord<byte[], byte[]> deadLetter, Exception error) {
    }

    /** For tests: a loop that publishes no heartbeat. */
    ControllerLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
        this(consumer, producer, null);
    }

    /** @param heartbeat beaten at each step and closed with the loop; null for none */
    ControllerLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, ControllerHeartbeat heartbeat) {
        this.consumer = consumer;
        this.producer = producer;
        this.heartbeat = heartbeat;
    }

    /**
     * One round: settle failed sends, read what arrived, and once caught up top up the sweeps that changed.
     *
     * @return whether Kafka answered during the round (records, end offsets or an acknowledgement),
     *     so the caller knows an outage is over
     * @throws RuntimeException what the loop cannot handle: a Kafka error, retriable or not
     */
    boolean step(long nowMs) {
        if (heartbeat != null) {
            heartbeat.beatIfDue(nowMs, caughtUp); // first: a step that throws (Kafka away) still says the controller is there
        }
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
        for (String sweepId : changed) {
            topUp(sweeps.get(sweepId));
        }
        changed.clear();
        return answered;
    }

    boolean caughtUp() {
        return caughtUp;
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
                // retriable: the topics may be being created right now; deciding without one would redo runs
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist yet");
            }
        }
        return assigned;
    }

    /** Whether the replay reached the end offsets taken at start; says once when it stalls. */
    private boolean catchUp(long nowMs) {
        if (TopicReplay.caughtUp(consumer, catchUpTo)) {
            caughtUp = true;
            changed.addAll(sweeps.keySet());
            log.info("controller caught up with {} in {} ms{}", INPUTS, nowMs - startedMs, saidStalled ? " after all" : "");
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
            log.warn("controller cannot catch up: {} offset(s) of {} still unread, no progress for {} s; it publishes no run until it has read them, and keeps trying",
                    left, INPUTS, CATCH_UP_STALL.toSeconds());
        }
        return false;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing to learn
        }
        try {
            changed.add(fold(r));
        } catch (UndecodableRecordException e) {
            // Poison: it will never decode. Set it aside with its reason and go on.
            log.warn("controller dead-letters {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            deadLettered.incrementAndGet();
            sendDeadLetter(DeadLetters.record(r, e, CONSUMER_NAME));
        }
    }

    private String fold(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(Topics.SWEEPS.name())) {
            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
            progress(d.getSweepId()).definition(d);
            return d.getSweepId();
        }
        if (r.topic().equals(Topics.RUNS_REQUESTED.name())) {
            RunRequest q = Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value());
            progress(q.getSweepId()).published(q.getRunIndex(), q.getRunId());
            return q.getSweepId();
        }
        RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
        progress(result.getSweepId()).finished(result);
        return result.getSweepId();
    }

    private SweepProgress progress(String sweepId) {
        return sweeps.computeIfAbsent(sweepId, id -> new SweepProgress());
    }

    /** Sends again what Kafka refused, then publishes the next runs of a sweep that has room for them. */
    private void topUp(SweepProgress p) {
        if (p == null || p.definition == null || p.definition.getStatus() != SweepStatus.ACTIVE || p.definition.getParallelism() == null) {
            return; // sweeps without parallelism were published whole by submit
        }
        String sweepId = p.definition.getSweepId();
        for (RunRequest again : p.takeUnsent()) {
            send(sweepId, again);
        }
        SweepSpec spec;
        SearchStrategy strategy;
        try {
            spec = p.spec();
            strategy = SearchStrategy.create(spec.method());
        } catch (RuntimeException e) {
            log.warn("controller cannot plan sweep {}: {}", sweepId, e.getMessage());
            return;
        }
        Integer total = p.definition.getTotalRuns();
        int room = p.definition.getParallelism() - p.inFlight();
        if (total != null) {
            room = Math.min(room, total - p.nextIndex);
        }
        if (room <= 0) {
            return;
        }
        List<PlannedRun> runs = strategy.next(spec, p.nextIndex, p.history(spec), room);
        long now = System.currentTimeMillis();
        for (PlannedRun run : runs) {
            RunRequest request = SweepRecords.request(sweepId, spec, run, now);
            p.published(run.index(), request.getRunId()); // in flight from now on: sent, or sent again if refused
            send(sweepId, request);
        }
        log.info("controller published {} run(s) of {}", runs.size(), sweepId);
    }

    private void send(String sweepId, RunRequest request) {
        byte[] key = Topics.RUNS_REQUESTED.keySerde().serializer().serialize(Topics.RUNS_REQUESTED.name(), request.getRunId());
        producer.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), key, Topics.RUNS_REQUESTED.encode(request)), (metadata, error) -> {
            if (error == null) {
                acknowledged.set(true);
            } else {
                failedSends.add(new FailedSend(sweepId, request, null, error));
            }
        });
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

    /**
     * Keeps each refused run request to send again and sends each failed dead letter again, then
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
            } else {
                progress(f.sweepId()).unsent(f.request());
                changed.add(f.sweepId());
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
            if (heartbeat != null) {
                heartbeat.close(); // the tombstone: readers see at once that this controller is gone
            }
        } finally {
            try {
                producer.close(CLOSE_TIMEOUT); // bounded: the default waits for every pending send, forever if Kafka is away
            } finally {
                consumer.close();
            }
        }
    }
}
