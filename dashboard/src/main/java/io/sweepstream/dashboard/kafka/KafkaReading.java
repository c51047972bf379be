package io.sweepstream.dashboard.kafka;

import java.util.Map;

/**
 * What the dashboard last read from Kafka's admin API for its metrics.
 *
 * @param queueLag     run requests the trainers' share group has not acknowledged, in training or waiting
 *                     ({@link io.sweepstream.schemas.topic.QueueStatus.Snapshot#lag})
 * @param evaluatorLag records not yet read by the evaluator, by topic
 * @param readAtMs     when it was read
 */
public record KafkaReading(long queueLag, Map<String, Long> evaluatorLag, long readAtMs) {

    public KafkaReading {
        if (queueLag < 0) {
            throw new IllegalArgumentException("queueLag must be >= 0, found " + queueLag);
        }
        evaluatorLag = Map.copyOf(evaluatorLag);
    }
}
