package io.sweepstream.dashboard.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.role.RoleLoop;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.ErrorKind;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's work, one {@link #step} at a time on the feed's thread: replay the topics into the
 * view ({@link InputReplay}), tell the view how far the replay is and when it caught up, and whether
 * Kafka answers. What it cannot handle it throws, for the {@code RoleRunner} to sort.
 */
final class DashboardLoop implements RoleLoop {

    static final Duration LIVENESS_CHECK = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    private final Consumer<byte[], byte[]> consumer;
    private final InputReplay replay;
    private final DashboardView view;
    private long read;
    private boolean caughtUp;
    private long nextProgressMs;
    private long nextLivenessMs;

    DashboardLoop(Consumer<byte[], byte[]> consumer, DashboardView view) {
        this.consumer = consumer;
        this.replay = new InputReplay(consumer, DashboardFeed.TOPICS, "dashboard", "page", log);
        this.view = view;
    }

    @Override
    public boolean step(long nowMs) {
        try {
            boolean answered = replay.poll(nowMs, POLL, this::apply);
            if (!caughtUp) {
                if (replay.catchUp(nowMs)) {
                    caughtUp = true;
                    view.markCaughtUp(read);
                } else if (nowMs >= nextProgressMs) {
                    view.replayProgress(read, Math.max(0, replay.unread()));
                    nextProgressMs = nowMs + PROGRESS_EVERY.toMillis();
                }
            }
            if (!answered && nowMs >= nextLivenessMs) {
                // An idle poll looks the same whether Kafka is quiet or away: ask it something.
                consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(3));
                answered = true;
            }
            if (answered) {
                nextLivenessMs = nowMs + LIVENESS_CHECK.toMillis();
                view.kafkaTrouble(null, nowMs);
            }
            return answered;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // the page says so; the runner waits out a retriable error, or stops the feed on any other
            view.kafkaTrouble(ErrorKind.of(e) == ErrorKind.RETRIABLE
                    ? (e.getMessage() != null ? e.getMessage() : e.toString())
                    : "the dashboard stopped reading Kafka, " + ErrorKind.explain(e), nowMs);
            throw e;
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        read++;
        if (r.value() == null) {
            if (r.topic().equals(Topics.WORKERS_STATUS.name()) && r.key() != null) {
                view.onWorkerGone(new String(r.key(), StandardCharsets.UTF_8)); // trainers remove gone workers' records
            }
            return; // other tombstones remove nothing the page shows
        }
        try {
            String topic = r.topic();
            if (topic.equals(Topics.RUNS_METRICS.name())) {
                view.onMetric(Topics.RUNS_METRICS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.RUNS_RESULTS.name())) {
                view.onResult(Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.RUNS_REQUESTED.name())) {
                view.onRequest(Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.WORKERS_STATUS.name())) {
                view.onWorker(Topics.WORKERS_STATUS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.SWEEPS_SUMMARY.name())) {
                view.onSummary(Topics.SWEEPS_SUMMARY.decode(r.partition(), r.offset(), r.value()));
            } else {
                view.onDefinition(Topics.SWEEPS.decode(r.partition(), r.offset(), r.value()));
            }
        } catch (UndecodableRecordException e) {
            // the roles that consume it dead-letter it; the dashboard only shows, and counts what it skipped
            view.skipped();
            log.warn("dashboard skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void wakeup() {
        replay.wakeup();
    }

    @Override
    public void close() {
        replay.close();
    }

}
