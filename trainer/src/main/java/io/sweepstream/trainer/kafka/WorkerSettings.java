package io.sweepstream.trainer.kafka;

import java.time.Duration;

/**
 * How a trainer worker talks to Kafka.
 *
 * @param bootstrapServers  Kafka address
 * @param workerId          unique per worker process/thread; also its transactional id suffix
 * @param groupId           consumer group of all trainers
 * @param sessionTimeout    how long a silent (killed) worker keeps its runs before another takes them over
 * @param heartbeatInterval how often a {@code WorkerStatus} is published
 * @param maxPollInterval   Kafka's {@code max.poll.interval.ms}; the poll loop never stops during
 *                          training, so it bounds nothing but a stuck worker
 */
public record WorkerSettings(String bootstrapServers, String workerId, String groupId,
                             Duration sessionTimeout, Duration heartbeatInterval, Duration maxPollInterval) {

    public static final String DEFAULT_GROUP = "trainers";

    public WorkerSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        if (workerId == null || !workerId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("workerId must be letters, digits, '.', '_' or '-', found " + workerId);
        }
        if (sessionTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("sessionTimeout must be at least 1 s, found " + sessionTimeout);
        }
    }

    /** Defaults: a killed worker's run moves to another worker within about 10 s. */
    public static WorkerSettings of(String bootstrapServers, String workerId) {
        return new WorkerSettings(bootstrapServers, workerId, DEFAULT_GROUP, Duration.ofSeconds(8), Duration.ofSeconds(2),
                Duration.ofMinutes(5));
    }

    public WorkerSettings withSessionTimeout(Duration timeout) {
        return new WorkerSettings(bootstrapServers, workerId, groupId, timeout, heartbeatInterval, maxPollInterval);
    }

    public WorkerSettings withMaxPollInterval(Duration interval) {
        return new WorkerSettings(bootstrapServers, workerId, groupId, sessionTimeout, heartbeatInterval, interval);
    }
}
