package io.sweepstream.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InterruptException;

/**
 * The share group (KIP-932) through which trainers take runs from {@link Topics#RUNS_REQUESTED}, and
 * its group settings. Every trainer applies them at start (idempotent), so a new cluster needs no
 * setup step beyond the topics.
 */
public final class TrainerQueue {

    /** Share group id of all trainers. */
    public static final String GROUP = "trainers";
    /** How long a trainer holds a run without renewing it: a vanished machine's run moves after this. */
    public static final Duration LOCK_DURATION = Duration.ofSeconds(10);
    /**
     * Deliveries of one run request before the broker gives up on it. Each delivery that ends without
     * an acknowledgement (a trainer crashed, was killed, or lost its lock) counts; the trainer that
     * receives the last delivery does not train it but ends the run FAILED.
     */
    public static final int DELIVERY_LIMIT = 5;

    private TrainerQueue() {
    }

    /** The group settings: read from the start of the topic, lock duration, delivery limit. */
    public static Map<String, String> groupConfigs(String group, Duration lockDuration) {
        if (lockDuration.toMillis() < 1000 || lockDuration.toMillis() > 60_000) {
            throw new IllegalArgumentException("lock duration must be within 1 s and 60 s (the broker's limits), found " + lockDuration);
        }
        return Map.of(
                // A share group starts at the end of the topic by default: runs queued before the
                // first trainer joined would never be trained.
                "share.auto.offset.reset", "earliest",
                "share.record.lock.duration.ms", String.valueOf(lockDuration.toMillis()),
                "share.delivery.count.limit", String.valueOf(DELIVERY_LIMIT));
    }

    /** Applies {@link #groupConfigs} to {@code group}; works before the group has any member. */
    public static void configure(Admin admin, String group, Duration lockDuration, Duration timeout) {
        List<AlterConfigOp> ops = new ArrayList<>();
        groupConfigs(group, lockDuration).forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("configuring share group " + group + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("configuring share group " + group + " took longer than " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }
}
