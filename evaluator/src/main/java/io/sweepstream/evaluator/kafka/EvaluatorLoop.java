package io.sweepstream.evaluator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sweepstream.evaluator.early.Stop;
import io.sweepstream.evaluator.early.SweepStopping;
import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.role.RoleLoop;
import io.sweepstream.schemas.role.TrackedSends;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's work, one {@link #step} at a time on one thread: replay the input topics into the
 * aggregator and the early-termination rule, dead-letter what cannot be read, publish the summaries
 * that changed and a {@code STOP_RUN} for each run the rule stops. What it cannot
 * handle itself it throws, for {@link EvaluatorService}'s runner to sort into retriable and fatal.
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>No half-built view: nothing is published before the inputs are read up to the end offsets
 *       they had at start ({@link InputReplay}). A catch-up that makes no progress for
 *       {@link InputReplay#CATCH_UP_STALL} is said in the log once; it goes on trying.</li>
 *   <li>A summary counts as published once Kafka acknowledged it ({@link #latest}); a failed send
 *       leaves its sweep to publish, so the next publish round sends it again.</li>
 *   <li>Early termination decides only once caught up, from the whole history: a run is stopped
 *       once ({@link SweepStopping} counts a run as ended once told to stop, and reads {@code runs.control}
 *       back, so a restarted evaluator does not stop it again). A stop Kafka refused is sent again.</li>
 *   <li>Poison: a record that cannot be decoded, or a definition no summary can be built from, goes
 *       to {@code runs.dlq} with its reason and the replay goes on. The evaluator replays from the
 *       beginning, so each start dead-letters a poison record again.</li>
 *   <li>Lag is visible: the position read so far is committed to the consumer group
 *       {@link io.sweepstream.schemas.role.ProgressGroups#EVALUATOR} every few seconds, for monitoring
 *       only; a start never resumes from it.</li>
 * </ul>
 */
final class EvaluatorLoop implements RoleLoop {

    static final List<String> INPUTS = List.of(
            Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(), Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name(),
            Topics.RUNS_CONTROL.name());
    static final String CONSUMER_NAME = "evaluator";
    private static final Logger log = LoggerFactory.getLogger(EvaluatorLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final InputReplay replay;
    private final TrackedSends<SweepSummary> sends;
    /** Stop commands, on the same producer as the summaries. */
    private final TrackedSends<Control> stops;
    private final SweepAggregator aggregator;
    private final SweepStopping stopping = new SweepStopping();
    private final long publishIntervalMs;

    /** Acknowledged summaries; written by the producer's callbacks (in send order per sweep), read by any thread. */
    private final Map<String, SweepSummary> published = new ConcurrentHashMap<>();

    // Owned by the loop thread.
    /** The last summary sent per sweep, acknowledged or still in flight: not sent again unless it failed. */
    private final Map<String, SweepSummary> sent = new HashMap<>();
    /** Sweeps to publish: every sweep read before the catch-up ended, then each one that changed. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private long nextPublishMs;
    /** A result ended a sweep: its final summary goes out at once, not at the next interval (whoever waits for it, waits less). */
    private boolean publishNow;

    EvaluatorLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, SweepAggregator aggregator, Duration publishInterval) {
        this.replay = new InputReplay(consumer, INPUTS, "evaluator", "summary", log);
        this.sends = new TrackedSends<>(producer, "evaluator", CONSUMER_NAME, log);
        this.stops = new TrackedSends<>(producer, "evaluator", CONSUMER_NAME, log);
        this.aggregator = aggregator;
        this.publishIntervalMs = publishInterval.toMillis();
    }

    /**
     * One round: settle failed sends, read what arrived, and once caught up publish what changed
     * (at most once per publish interval).
     */
    @Override
    public boolean step(long nowMs) {
        boolean answered = sends.acknowledged() | stops.acknowledged();
        sends.settle(this::publishAgain);
        stops.settle(this::sendStop);
        answered |= replay.poll(nowMs, POLL, this::apply);
        replay.commitPosition(nowMs);
        if (replay.catchUp(nowMs) && (nowMs >= nextPublishMs || publishNow) && !dirty.isEmpty()) {
            publish();
            nextPublishMs = nowMs + publishIntervalMs;
            publishNow = false;
        }
        return answered;
    }

    /** Publishes what changed since the last round, if caught up: on a clean stop. */
    @Override
    public void finish() {
        if (replay.caughtUp()) {
            publish();
        }
    }

    boolean caughtUp() {
        return replay.caughtUp();
    }

    /** The summary of a sweep that Kafka last acknowledged, or null. Any thread. */
    SweepSummary latest(String sweepId) {
        return published.get(sweepId);
    }

    /** Records of the inputs that went to {@code runs.dlq}. Any thread. */
    long deadLettered() {
        return sends.deadLettered();
    }

    @Override
    public void wakeup() {
        replay.wakeup();
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: nothing to fold in
        }
        String sweepId;
        try {
            sweepId = fold(r);
        } catch (UndecodableRecordException | IllegalArgumentException e) {
            // Poison: it will never decode, or decodes to something no summary can be built from.
            sends.deadLetter(r, e);
            return;
        }
        if (sweepId != null) {
            dirty.add(sweepId);
        }
    }

    /** Folds one record into the views; returns the sweep it changed, or null. */
    private String fold(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        if (topic.equals(Topics.SWEEPS.name())) {
            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
            aggregator.onDefinition(d); // first: it refuses a definition no summary can be built from
            return stopping.onDefinition(d);
        }
        if (topic.equals(Topics.RUNS_REQUESTED.name())) {
            return aggregator.onRequest(Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value()));
        }
        if (topic.equals(Topics.RUNS_METRICS.name())) {
            EpochMetric m = Topics.RUNS_METRICS.decode(r.partition(), r.offset(), r.value());
            stopping.onMetric(m);
            return aggregator.onMetric(m);
        }
        if (topic.equals(Topics.RUNS_CONTROL.name())) {
            return stopping.onControl(Topics.RUNS_CONTROL.decode(r.partition(), r.offset(), r.value()));
        }
        RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
        stopping.onResult(result);
        String sweepId = aggregator.onResult(result);
        publishNow |= aggregator.ended(sweepId);
        return sweepId;
    }

    private void publish() {
        for (String sweepId : new ArrayList<>(dirty)) {
            for (Stop stop : stopping.decide(sweepId)) {
                String reason = stop.reason(stopping.metricName(sweepId));
                log.info("evaluator stops {} of sweep {} early: {}", stop.runId(), sweepId, reason);
                sendStop(Control.newBuilder()
                        .setType(ControlType.STOP_RUN)
                        .setSweepId(sweepId)
                        .setRunId(stop.runId())
                        .setReason(reason)
                        .setEarlyTermination(true)
                        .setIssuedAtMs(System.currentTimeMillis())
                        .build());
            }
            SweepSummary summary = aggregator.summary(sweepId);
            if (summary != null && !summary.equals(sent.get(sweepId))) {
                byte[] key = Topics.SWEEPS_SUMMARY.keySerde().serializer().serialize(Topics.SWEEPS_SUMMARY.name(), sweepId);
                sends.send(new ProducerRecord<>(Topics.SWEEPS_SUMMARY.name(), key, Topics.SWEEPS_SUMMARY.encode(summary)), summary,
                        s -> published.put(s.getSweepId(), s));
                sent.put(sweepId, summary);
            }
            dirty.remove(sweepId);
        }
    }

    private void sendStop(Control stop) {
        byte[] key = Topics.RUNS_CONTROL.keySerde().serializer().serialize(Topics.RUNS_CONTROL.name(), stop.getRunId());
        stops.send(new ProducerRecord<>(Topics.RUNS_CONTROL.name(), key, Topics.RUNS_CONTROL.encode(stop)), stop, c -> { });
    }

    /** A summary Kafka refused: its sweep is published again, unless a newer summary went out since. */
    private void publishAgain(SweepSummary failed) {
        String sweepId = failed.getSweepId();
        if (failed.equals(sent.get(sweepId))) {
            sent.remove(sweepId);
            dirty.add(sweepId);
        }
    }

    @Override
    public void close() {
        try {
            sends.close();
        } finally {
            replay.close();
        }
    }
}
