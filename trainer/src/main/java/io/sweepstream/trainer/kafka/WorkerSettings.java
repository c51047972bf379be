package io.sweepstream.trainer.kafka;

import java.time.Duration;

import io.sweepstream.schemas.WorkerLiveness;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.TrainerQueue;

/**
 * How a trainer worker talks to Kafka.
 *
 * @param kafka             Kafka's address and the client properties every client of the worker gets
 * @param workerId          unique per worker process or thread; names it in metrics, results and heartbeats
 * @param groupId           share group of all trainers
 * @param lockDuration      the group's record lock: how long a vanished (frozen, unplugged) trainer
 *                          keeps its run before another takes it; a killed process loses it at once
 * @param heartbeatInterval how often a {@code WorkerStatus} is published
 * @param goneAfter         how long another worker may be silent before this one removes its record from
 *                          {@code workers.status} ({@link WorkerLiveness#GONE_AFTER}; shorter in tests)
 */
public record WorkerSettings(KafkaConnection kafka, String workerId, String groupId,
                             Duration lockDuration, Duration heartbeatInterval, Duration goneAfter) {

    public WorkerSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka must be set");
        }
        if (workerId == null || !workerId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("workerId must be letters, digits, '.', '_' or '-', found " + workerId);
        }
        TrainerQueue.groupConfigs(groupId, lockDuration); // validates the lock duration
        if (heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 100 ms, found " + heartbeatInterval);
        }
        if (goneAfter.compareTo(WorkerLiveness.LOST_AFTER) <= 0) {
            throw new IllegalArgumentException("goneAfter must be longer than " + WorkerLiveness.LOST_AFTER + ", found " + goneAfter);
        }
    }

    /** Defaults: the {@code trainers} group, a 10 s lock, a heartbeat every 2 s, workers gone after 5 min. */
    public static WorkerSettings of(KafkaConnection kafka, String workerId) {
        return new WorkerSettings(kafka, workerId, TrainerQueue.GROUP, TrainerQueue.LOCK_DURATION, Duration.ofSeconds(2),
                WorkerLiveness.GONE_AFTER);
    }

    /** {@link #of(KafkaConnection, String)} on a plaintext connection (the embedded broker, tests). */
    public static WorkerSettings of(String bootstrapServers, String workerId) {
        return of(KafkaConnection.plaintext(bootstrapServers), workerId);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * How long without an acknowledged heartbeat before the worker says the broker is lost: three
     * heartbeats, and at least 5 s, so that one slow acknowledgement is not an outage.
     */
    public Duration brokerLostAfter() {
        Duration three = heartbeatInterval.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : three;
    }

    public WorkerSettings withLockDuration(Duration lock) {
        return new WorkerSettings(kafka, workerId, groupId, lock, heartbeatInterval, goneAfter);
    }

    public WorkerSettings withGoneAfter(Duration gone) {
        return new WorkerSettings(kafka, workerId, groupId, lockDuration, heartbeatInterval, gone);
    }
}
