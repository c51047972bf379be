package io.sweepstream.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;

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

    private TopicAdmin() {}

    /**
     * Creates every topic of {@link Topics#all()} that does not exist, then waits until each of
     * their partitions answers {@code listOffsets(latest)}. Idempotent: existing topics are left
     * as they are (their partition count and configs are not checked or changed).
     *
     * @param replicationFactor 1 on a single local broker, typically 3 in production
     * @throws TopicsNotReadyException on timeout, naming the topics that were not ready
     */
    public static void createAll(Admin admin, short replicationFactor, Duration timeout) {
        createAll(admin, Topics.all(), replicationFactor, timeout);
    }

    /** As {@link #createAll(Admin, short, Duration)}, for the given topics only. */
    public static void createAll(Admin admin, Collection<? extends Topic<?, ?>> topics, short replicationFactor,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> pending = new LinkedHashSet<>();
        topics.forEach(topic -> pending.add(topic.name()));
        Throwable lastError = null;
        try {
            createMissing(admin, topics, replicationFactor, deadline);
            while (true) {
                Attempt attempt = ready(admin, pending, deadline);
                pending.removeAll(attempt.ready());
                lastError = attempt.lastError() != null ? attempt.lastError() : lastError;
                if (pending.isEmpty()) {
                    return;
                }
                long left = remainingMs(deadline);
                if (left <= 0) {
                    throw new TopicsNotReadyException(pending, timeout, lastError);
                }
                Thread.sleep(Math.min(RETRY_BACKOFF_MS, left));
            }
        } catch (InterruptedException e) {
            throw new InterruptException(e); // restores the interrupt flag
        } catch (ExecutionException | TimeoutException e) {
            // creation itself failed (not "exists already") or did not answer in time
            throw new TopicsNotReadyException(pending, timeout, cause(e));
        }
    }

    private static void createMissing(Admin admin, Collection<? extends Topic<?, ?>> topics, short replicationFactor,
            long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(attemptMs(deadline)))
                .names().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            if (!existing.contains(topic.name())) {
                missing.add(topic.newTopic(replicationFactor));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<Void>> created = admin.createTopics(missing,
                new CreateTopicsOptions().timeoutMs((int) Math.max(1, remainingMs(deadline)))).values();
        for (KafkaFuture<Void> future : created.values()) {
            try {
                future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // another process created it between our list and create: that is the goal
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
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
