package io.sweepstream.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Creates the pipeline's topics and waits until they can take records.
 *
 * <p>Why wait: right after {@code CreateTopics} returns, partition leadership may not have reached
 * every broker's metadata yet, and an idempotent producer sending at that moment can get stuck on
 * {@code NOT_LEADER_OR_FOLLOWER}/{@code OUT_OF_ORDER_SEQUENCE} (DESIGN.md, known pitfalls). A
 * partition that answers {@code ListOffsets} has a leader that serves requests, so we wait for
 * that on every partition of every topic before returning.
 */
public final class TopicAdmin {

    private static final long RETRY_BACKOFF_MS = 100;
    private static final long MAX_ATTEMPT_MS = 2_000;
    private static final long CHECK_MIN_MS = 5_000;

    private TopicAdmin() {}

    /**
     * Creates every topic of {@link Topics#all()} that does not exist, waits until each of their
     * partitions answers {@code listOffsets(latest)}, then checks every topic against its
     * {@link Topic}: configs that differ ({@code cleanup.policy}, {@code retention.ms}) are set as
     * {@link Topic#configs()} wants them; partition and replica counts are never changed (partitions
     * can only be added, and adding some moves keys to other partitions and changes how the queue is
     * shared), only reported. Idempotent. Transient failures (broker still starting, no leader yet,
     * request timeouts) are retried until the timeout; permanent ones (invalid config or name,
     * authorization) fail at once.
     *
     * @param replicationFactor 1 on a single local broker, typically 3 in production
     * @return one check per topic that differed (none when all were as designed): say them to the
     *     user; a {@link TopicCheck.Severity#ERROR} means a config could not be fixed
     * @throws TopicsNotReadyException on timeout or a permanent failure, naming the topics not
     *     ready, with the last error as cause
     */
    public static List<TopicCheck> createAll(Admin admin, short replicationFactor, Duration timeout) {
        return createAll(admin, Topics.all(), replicationFactor, timeout);
    }

    /** As {@link #createAll(Admin, short, Duration)}, for the given topics only. */
    public static List<TopicCheck> createAll(Admin admin, Collection<? extends Topic<?, ?>> topics, short replicationFactor,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Topic<?, ?>> byName = new LinkedHashMap<>();
        topics.forEach(topic -> byName.put(topic.name(), topic));
        Map<String, Topic<?, ?>> uncreated = new LinkedHashMap<>(byName);
        Set<String> pending = new LinkedHashSet<>(uncreated.keySet());
        Throwable lastError = null;
        try {
            while (true) {
                // 1. create what is missing; retried, because a broker that has just started may
                //    refuse (e.g. no registered broker yet for the replication factor) or time out
                if (!uncreated.isEmpty()) {
                    Attempt created = createMissing(admin, uncreated.values(), replicationFactor, deadline);
                    uncreated.keySet().removeAll(created.ready());
                    lastError = created.lastError() != null ? created.lastError() : lastError;
                }
                // 2. wait until every partition of every created topic answers listOffsets
                if (uncreated.isEmpty()) {
                    Attempt answered = ready(admin, pending, deadline);
                    pending.removeAll(answered.ready());
                    lastError = answered.lastError() != null ? answered.lastError() : lastError;
                    if (pending.isEmpty()) {
                        // the check gets at least a few seconds even when creating took most of the timeout
                        return TopicChecks.check(admin, byName.values(), replicationFactor,
                                Math.max(CHECK_MIN_MS, remainingMs(deadline)));
                    }
                }
                long left = remainingMs(deadline);
                if (left <= 0) {
                    throw new TopicsNotReadyException(pending, timeout, lastError);
                }
                Thread.sleep(Math.min(RETRY_BACKOFF_MS, left));
            }
        } catch (InterruptedException e) {
            throw new InterruptException(e); // restores the interrupt flag
        } catch (PermanentFailure e) {
            throw new TopicsNotReadyException(pending, timeout, e.getCause());
        }
    }

    /** Creates the topics that do not exist; returns the names that exist now. */
    private static Attempt createMissing(Admin admin, Collection<Topic<?, ?>> topics, short replicationFactor,
            long deadline) throws InterruptedException, PermanentFailure {
        Set<String> existing;
        try {
            existing = admin.listTopics(new ListTopicsOptions().timeoutMs(attemptMs(deadline)))
                    .names().get(attemptMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Attempt(Set.of(), cause(e));
        }
        Set<String> done = new LinkedHashSet<>();
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            if (existing.contains(topic.name())) {
                done.add(topic.name());
            } else {
                missing.add(topic.newTopic(replicationFactor));
            }
        }
        Throwable lastError = null;
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> created = admin.createTopics(missing,
                    new CreateTopicsOptions().timeoutMs(attemptMs(deadline))).values();
            for (Map.Entry<String, KafkaFuture<Void>> entry : created.entrySet()) {
                try {
                    entry.getValue().get(attemptMs(deadline), TimeUnit.MILLISECONDS);
                    done.add(entry.getKey());
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = cause(e);
                    if (cause instanceof TopicExistsException) {
                        done.add(entry.getKey()); // created by someone else meanwhile: fine
                    } else if (isPermanent(cause)) {
                        throw new PermanentFailure(cause);
                    } else {
                        lastError = cause;
                    }
                }
            }
        }
        return new Attempt(done, lastError);
    }

    /** Errors that waiting cannot fix: bad config, a forbidden name, no permission. */
    private static boolean isPermanent(Throwable error) {
        return error instanceof InvalidConfigurationException
                || error instanceof InvalidTopicException
                || error instanceof PolicyViolationException
                || error instanceof AuthorizationException
                || error instanceof UnsupportedVersionException;
    }

    /** Carries a permanent creation error out of the retry loop. */
    private static final class PermanentFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PermanentFailure(Throwable cause) {
            super(cause);
        }
    }

    /** Outcome of one readiness check: the topics found ready, and the last failure seen. */
    private record Attempt(Set<String> ready, Throwable lastError) {}

    /** Which of {@code names} have every partition answering listOffsets now. */
    private static Attempt ready(Admin admin, Set<String> names, long deadline) throws InterruptedException {
        Throwable lastError = null;
        // per-topic futures: a topic that is not yet known must not hide the others' progress
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(names).topicNameValues();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Set<String> ready = new LinkedHashSet<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : descriptions.entrySet()) {
            try {
                TopicDescription description = entry.getValue().get(attemptMs(deadline), TimeUnit.MILLISECONDS);
                description.partitions().forEach(
                        p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
                ready.add(entry.getKey());
            } catch (ExecutionException | TimeoutException e) {
                lastError = cause(e);
            }
        }
        if (latest.isEmpty()) {
            return new Attempt(Set.of(), lastError);
        }
        ListOffsetsResult offsets = admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(attemptMs(deadline)));
        for (TopicPartition partition : latest.keySet()) {
            try {
                offsets.partitionResult(partition).get(attemptMs(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // typically no leader yet (LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER): try again
                ready.remove(partition.topic());
                lastError = cause(e);
            }
        }
        return new Attempt(ready, lastError);
    }

    private static Throwable cause(Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private static long remainingMs(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    /** Bound for one request: short enough to retry several times before the deadline. */
    private static int attemptMs(long deadline) {
        return (int) Math.max(1, Math.min(MAX_ATTEMPT_MS, remainingMs(deadline)));
    }
}
