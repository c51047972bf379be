package io.sweepstream.trainer.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.InvalidRecordStateException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's end of the run queue: a share consumer in explicit acknowledgement mode that holds
 * at most one run request at a time (no prefetch). Poll thread only.
 *
 * <p>Call order: {@link #take} until it returns a record; {@link #keep} on every tick while the run
 * is in progress; {@link #finish} with ACCEPT (done), RELEASE (give it to another trainer) or REJECT
 * (unreadable); then {@link #take} again. {@link #close} releases whatever is held.
 *
 * <p>Holding a record: the lock is renewed (RENEW, KIP-1222) four times per lock duration, and only
 * then is the queue polled, because in explicit mode a poll with an unacknowledged record in hand is
 * refused; the renewed record comes back in a following poll. A renewal the broker refuses, a record
 * that does not come back, or another record in its place means the lock is lost and the run may
 * already be someone else's: {@link #keep} says so and the caller gives up.
 */
final class RunQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaShareConsumer<byte[], byte[]> consumer;
    private final WorkerSettings settings;
    private Held held;
    /** A record handed out while the held one was out for renewal: taken next (see {@link #awaitReturn}). */
    private ConsumerRecord<byte[], byte[]> next;

    RunQueue(WorkerSettings settings) {
        this.settings = settings;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "trainer-" + settings.workerId());
        c.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        // One run at a time, and nothing fetched ahead that another trainer could be training (KIP-1206).
        c.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // A poll waits at the broker for a run to arrive (new runs answer it at once); its goodbye at close waits
        // behind that wait: 200 ms instead of 500 let `sweep local` end ~0.3 s sooner, for 5 fetches a second when idle.
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        consumer = new KafkaShareConsumer<>(settings.kafka().config(c), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.RUNS_REQUESTED.name()));
    }

    /** Waits up to {@code timeout} for the next run request; null if none. */
    ConsumerRecord<byte[], byte[]> take(Duration timeout) {
        if (held != null) {
            throw new IllegalStateException("a run request is already held: " + held.describe());
        }
        if (next != null) {
            held = new Held(next, System.currentTimeMillis() + renewMs());
            next = null;
            return held.record;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (held == null) {
                held = new Held(r, System.currentTimeMillis() + renewMs());
            } else {
                consumer.acknowledge(r, AcknowledgeType.RELEASE); // not expected with max.poll.records=1
            }
        }
        return held == null ? null : held.record;
    }

    /** Whether a record is held (taken, not yet finished, lock not lost). */
    boolean holds() {
        return held != null;
    }

    /** The delivery count of the held record: 1 on the first delivery. */
    int deliveryCount() {
        return held.record.deliveryCount().map(Short::intValue).orElse(1);
    }

    /**
     * Keeps the held record's lock; waits up to {@code wait} when it has to poll.
     *
     * @return false when the lock is lost: the broker refused the renewal, the record did not come back
     *     within a lock duration, or another record came instead. The run may now be another
     *     trainer's; nothing is held any more.
     */
    boolean keep(Duration wait) {
        if (held.inHand) {
            if (System.currentTimeMillis() < held.renewAtMs) {
                return true;
            }
            if (!renewNow()) {
                return false;
            }
        }
        awaitReturn(wait);
        return held != null;
    }

    /** The answer of {@link #confirm}. */
    enum Lock { HELD, LOST, PENDING }

    /**
     * Proves the lock is still this trainer's before an outcome is written: renews it now and waits
     * for the record to come back (only the holder of a record's lock is given it). After a broker
     * restart, say, the run may already be another trainer's: writing a result then would give the run
     * two.
     *
     * @return HELD once the record is back in hand; LOST as for {@link #keep} (nothing is held any
     *     more); PENDING to ask again
     */
    Lock confirm(Duration wait) {
        if (held.inHand && !renewNow()) {
            return Lock.LOST;
        }
        awaitReturn(wait);
        if (held == null) {
            return Lock.LOST;
        }
        return held.inHand ? Lock.HELD : Lock.PENDING;
    }

    /**
     * Ends the held record with {@code type}. Waits for a renewed record to come back first (at most
     * a lock duration).
     *
     * @return true when the broker took the acknowledgement; false when the lock had been lost
     */
    boolean finish(AcknowledgeType type) {
        long deadline = System.currentTimeMillis() + lockDuration().toMillis();
        while (held != null && !held.inHand && System.currentTimeMillis() < deadline) {
            awaitReturn(Duration.ofMillis(100));
        }
        Held h = held;
        held = null;
        if (h == null || !h.inHand) {
            log.info("the run request did not come back to be acknowledged ({}); its lock has expired", type);
            return false;
        }
        consumer.acknowledge(h.record, type);
        Optional<KafkaException> error = commit();
        error.ifPresent(e -> log.info("acknowledging {} as {} failed: {}", h.describe(), type, e.toString()));
        return error.isEmpty();
    }

    /** The broker's acquisition lock once known, else the group setting. */
    Duration lockDuration() {
        return consumer.acquisitionLockTimeoutMs().map(ms -> Duration.ofMillis(ms)).orElse(settings.lockDuration());
    }

    /** Four renewals per lock duration: three can fail before the lock expires. */
    private long renewMs() {
        return lockDuration().toMillis() / 4;
    }

    void wakeup() {
        consumer.wakeup();
    }

    /** Releases a held record, so another trainer takes it at once. */
    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * Renews the held record's lock now and sends the renewal; the record comes back in a later poll.
     *
     * @return false when the broker refused the renewal: the lock is lost and nothing is held any more
     */
    private boolean renewNow() {
        long now = System.currentTimeMillis();
        consumer.acknowledge(held.record, AcknowledgeType.RENEW);
        held.inHand = false;
        held.sentAtMs = now;
        held.renewAtMs = now + renewMs();
        Optional<KafkaException> error = commit();
        if (error.isPresent() && error.get() instanceof InvalidRecordStateException) {
            log.info("lock of {} lost: {}", held.describe(), error.get().getMessage());
            held = null;
            return false;
        }
        // A renewal that failed otherwise (broker down) is not returned by the client; the next polls tell.
        error.ifPresent(e -> log.info("renewing {} failed ({}); the next polls tell whether it is still held", held.describe(), e.toString()));
        return true;
    }

    /**
     * Polls for the held record's return. Sets {@code held} to null when the lock is lost: the record
     * did not come back within a lock duration, or the queue handed out another record instead (the
     * client returns a renewed record before it fetches new ones, so a new one means the renewal failed
     * and the broker no longer counts the record as ours, as after a broker restart).
     *
     * <p>That other record is kept for the next {@link #take}, not released: a record released and
     * fetched again at once spends a delivery each time, and a few rounds reach the delivery limit,
     * after which the broker archives the record and the run is never trained.
     */
    private void awaitReturn(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            if (r.partition() == held.record.partition() && r.offset() == held.record.offset()) {
                int before = held.record.deliveryCount().orElse((short) 1);
                if (r.deliveryCount().orElse((short) 1) != before) {
                    // The lock lapsed and the broker gave the record back to us: still ours alone.
                    log.info("{} came back as delivery {}; still held here", held.describe(), r.deliveryCount().orElse((short) 1));
                }
                held.record = r;
                held.inHand = true;
            } else if (next == null) {
                next = r;
            } else {
                consumer.acknowledge(r, AcknowledgeType.RELEASE); // not expected with max.poll.records=1
            }
        }
        if (held.inHand) {
            return;
        }
        if (next != null) {
            log.info("lock of {} lost: the queue handed out {}-{}@{} instead; that one is taken next",
                    held.describe(), next.topic(), next.partition(), next.offset());
            held = null;
        } else if (System.currentTimeMillis() - held.sentAtMs > lockDuration().toMillis()) {
            log.info("{} did not come back within the lock duration after its renewal", held.describe());
            held = null;
        }
    }

    /** Sends pending acknowledgements; the error for the run queue's partition, if any. */
    private Optional<KafkaException> commit() {
        Map<TopicIdPartition, Optional<KafkaException>> result = consumer.commitSync(COMMIT_TIMEOUT);
        for (Optional<KafkaException> e : result.values()) {
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    /** The record this trainer holds; {@code inHand} while it is in the last poll's batch. */
    private static final class Held {
        ConsumerRecord<byte[], byte[]> record;
        boolean inHand = true;
        long renewAtMs;
        long sentAtMs;

        Held(ConsumerRecord<byte[], byte[]> record, long renewAtMs) {
            this.record = record;
            this.renewAtMs = renewAtMs;
        }

        String describe() {
            return record.topic() + "-" + record.partition() + "@" + record.offset();
        }
    }
}
